package dev.inkwell.store;

import dev.inkwell.core.AtomicFiles;
import java.io.IOException;
import java.io.InputStream;
import java.net.JarURLConnection;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.jar.JarEntry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteJDBCLoader;

/**
 * Keeps SQLite's native library extracted in a cache folder and points sqlite-jdbc at it ({@code org.sqlite.lib.path}
 * and {@code .name}). By default the driver, on every start, runs a process to ask whether it is on Android (Termux),
 * then reads its 1 MB library out of the jar to compare it with, or copy it to, a temp file: tens of milliseconds of
 * a serving replica's cold start. Only for glibc Linux on x86-64 and aarch64 (musl and other systems are left to the
 * driver's own detection); does nothing when the properties are set already or the library is not in a jar.
 */
public final class SqliteNativeCache {
    private static final Logger LOG = LoggerFactory.getLogger(SqliteNativeCache.class);
    static final String PATH_PROPERTY = "org.sqlite.lib.path";
    static final String NAME_PROPERTY = "org.sqlite.lib.name";
    private static final String LIBRARY = "libsqlitejdbc.so";

    private SqliteNativeCache() {
    }

    /** Call before the first SQLite connection; {@code cacheRoot} is e.g. {@code $INKWELL_HOME/cache}. */
    public static void install(Path cacheRoot) {
        if (System.getProperty(PATH_PROPERTY) != null || System.getProperty(NAME_PROPERTY) != null) return;
        String folder = platformFolder();
        if (folder == null) return;
        String resource = "org/sqlite/native/Linux/" + folder + "/" + LIBRARY;
        try {
            URL url = SqliteNativeCache.class.getClassLoader().getResource(resource);
            if (url == null || !"jar".equals(url.getProtocol())) return;
            JarEntry entry = ((JarURLConnection) url.openConnection()).getJarEntry();
            if (entry == null || entry.getSize() < 0 || entry.getCrc() < 0) return;
            // named by the entry's CRC-32 and size: another driver version never meets this one's library
            Path dir = cacheRoot.resolve("native").resolve("sqlite-" + Long.toHexString(entry.getCrc()) + "-" + entry.getSize() + "-linux-" + folder);
            Path target = dir.resolve(LIBRARY);
            if (!Files.isRegularFile(target) || Files.size(target) != entry.getSize()) {
                try (InputStream in = url.openStream()) {
                    AtomicFiles.write(target, in::transferTo);
                }
            }
            System.setProperty(PATH_PROPERTY, dir.toAbsolutePath().toString());
            System.setProperty(NAME_PROPERTY, LIBRARY);
        } catch (IOException | RuntimeException e) {
            LOG.debug("SQLite native cache not used: {}", e.toString());
        }
    }

    /** {@link #install(Path)}, then loads the library: done early, on a spare thread, by a starting server. */
    public static void preload(Path cacheRoot) {
        install(cacheRoot);
        try {
            SQLiteJDBCLoader.initialize();
        } catch (Exception e) {
            LOG.debug("SQLite native library not preloaded: {}", e.toString());
        }
    }

    /** sqlite-jdbc's folder for this machine under {@code org/sqlite/native/Linux/}, or null where it is not that simple. */
    static String platformFolder() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        if (!os.equals("linux") || System.getProperty("java.vm.vendor", "").contains("Android")) return null;
        if (Files.exists(Path.of("/lib/ld-musl-x86_64.so.1")) || Files.exists(Path.of("/lib/ld-musl-aarch64.so.1"))) return null;
        if (arch.equals("amd64") || arch.equals("x86_64")) return "x86_64";
        if (arch.equals("aarch64") || arch.equals("arm64")) return "aarch64";
        return null;
    }
}
