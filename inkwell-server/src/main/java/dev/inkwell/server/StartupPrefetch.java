package dev.inkwell.server;

import dev.inkwell.core.InkwellHome;
import dev.inkwell.inference.ModelCards;
import dev.inkwell.inference.OnnxImageClassifier;
import dev.inkwell.serving.endpoint.OnnxNativeCache;
import dev.inkwell.store.SqliteNativeCache;
import dev.inkwell.store.Store;
import org.slf4j.LoggerFactory;

/**
 * Work every {@code serve} start does and nothing before it depends on, begun on a spare thread before the command
 * line is even parsed, while the main thread parses it and builds the server: logging (SLF4J's look for its provider
 * opens every jar on the class path), the shared JSON mapper and the bundled model card, ONNX Runtime's native library
 * and environment, and SQLite's library when the store is the embedded one. What the start then needs is ready or
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
    }
}
