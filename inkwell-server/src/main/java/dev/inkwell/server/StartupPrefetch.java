package dev.inkwell.server;

import dev.inkwell.core.InkwellHome;
import dev.inkwell.inference.ModelCards;
import dev.inkwell.inference.OnnxImageClassifier;
import dev.inkwell.serving.endpoint.OnnxNativeCache;
import dev.inkwell.store.SqliteNativeCache;
import dev.inkwell.store.Store;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import org.eclipse.jetty.http.DateGenerator;
import org.slf4j.LoggerFactory;

/**
 * Work every {@code serve} start does and nothing before it depends on, begun on a spare thread before the command
 * line is even parsed, while the main thread parses it and builds the server: logging (SLF4J's look for its provider
 * opens every jar on the class path), the shared JSON mapper and the bundled model card, ONNX Runtime's native library
 * and environment, SQLite's library when the store is the embedded one, and the JDK's calendar and month-name data
 * that Jetty and Javalin format dates with while the server starts. What the start then needs is ready or
 * being made (it waits rather than does the same work twice). Failures only cost speed: the start meets the same
 * problem and reports it. Deliberately light: no logger of its own, nothing of the server loaded.
 */
public final class StartupPrefetch {
    private StartupPrefetch() {
    }

    /** Starts the prefetch on a daemon thread and returns at once. */
    public static void begin() {
        Thread.ofPlatform().name("inkwell-prefetch").daemon().start(StartupPrefetch::run);
    }

    /** Whether the store is an SQLite file as far as the environment says (a flag or the config file may still differ). */
    private static boolean sqliteStore() {
        String store = System.getenv("INKWELL_STORE");
        return Store.isSqlite(store == null || store.isBlank() ? null : store);
    }

    static void run() {
        // first: the command's class is the main thread's first logger, and it waited ~45 ms for this set-up when it
        // began only under the card's reading
        LoggerFactory.getILoggerFactory();
        ModelCards.prepare();
        try {
            OnnxNativeCache.install(InkwellHome.cache());
            OnnxImageClassifier.prepareRuntime();
            if (sqliteStore()) SqliteNativeCache.preload(InkwellHome.cache());
        } catch (RuntimeException | LinkageError e) {
            // the model's load meets it again and reports it
        }
        dates();
    }

    /**
     * Javalin's start sets up a session handler whose cookie class formats a date (a {@code GregorianCalendar}: the
     * locale providers' calendar data) and logs its own release date ("MMMM d, yyyy", Locale.US: month names), both on
     * the main thread before the server answers: ~25 ms of a C2-only ({@code lean}) start, interpreted. The same
     * classes and caches made here first.
     */
    private static void dates() {
        try {
            DateGenerator.formatDate(0);
            DateTimeFormatter.ofPattern("MMMM d, yyyy").withLocale(Locale.US).withZone(ZoneId.of("Z"))
                    .format(Instant.parse("2020-01-01T00:00:00Z"));
        } catch (RuntimeException | LinkageError e) {
            // only speed is lost
        }
    }
}
