package dev.inkwell.core;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The word a training run of the launcher's start-up cache gives when it went well. {@code ./inkwell} records the first
 * run of a command after a build, and at that run's exit the JVM writes the AOT cache every later run of the command
 * starts from, with the classes the run loaded. A run that failed or was stopped early (a mistyped option, a port in
 * use, Ctrl-C during the start) leaves a cache without most of them: after {@code serve --bogus} as the training run,
 * every later {@code serve} started in ~1.3 s instead of ~0.7 s until the next build. So the launcher names the cache
 * in {@value #PROPERTY} and keeps it only if {@link #succeeded()} wrote its marker (a command that succeeded, a server
 * once ready) ({@code <cache>}{@value #MARKER_SUFFIX}); otherwise the next run trains again. A run that did one-time
 * work ({@link #didOneTimeWork}: a new store's migrations, ~1,200 classes of Flyway and Jackson 3) is not kept either:
 * its cache would preload that work's classes on every later start.
 */
public final class StartupCacheTraining {
    /** Set by the launcher on a training run: the cache file the JVM writes when this run exits. */
    public static final String PROPERTY = "inkwell.startup-cache.training";
    /** Appended to the cache's name: the marker that says its training run went well. */
    public static final String MARKER_SUFFIX = ".trained";
    private static final Logger LOG = LoggerFactory.getLogger(StartupCacheTraining.class);
    /** The cache whose run did one-time work (by the cache's name, as the run knows it from {@value #PROPERTY}). */
    private static volatile String withdrawn;

    private StartupCacheTraining() {
    }

    /** Marks this run's cache as worth keeping; does nothing outside a training run or after one-time work. */
    public static void succeeded() {
        String cache = trainingCache();
        if (cache == null || cache.equals(withdrawn)) return;
        try {
            Files.write(markerOf(Path.of(cache)), new byte[0]);
        } catch (IOException | InvalidPathException e) {
            // only speed is lost: the next run trains again
            LOG.debug("cannot mark the start-up cache {} as trained: {}", cache, e.toString());
        }
    }

    /** Says this run did {@code what} once for good (later runs will not): its cache is not kept, marked or not. */
    public static void didOneTimeWork(String what) {
        String cache = trainingCache();
        if (cache == null) return;
        withdrawn = cache;
        try {
            if (Files.deleteIfExists(markerOf(Path.of(cache)))) LOG.debug("start-up cache {} not kept: this run did {}", cache, what);
        } catch (IOException | InvalidPathException e) {
            LOG.debug("cannot withdraw the start-up cache {}: {}", cache, e.toString());
        }
    }

    private static String trainingCache() {
        String cache = System.getProperty(PROPERTY);
        return cache == null || cache.isBlank() ? null : cache;
    }

    /** The marker beside {@code cache} that says its training run went well. */
    public static Path markerOf(Path cache) {
        return cache.resolveSibling(cache.getFileName() + MARKER_SUFFIX);
    }
}
