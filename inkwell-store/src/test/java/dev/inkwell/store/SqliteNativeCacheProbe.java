package dev.inkwell.store;

import java.nio.file.Files;
import java.nio.file.Path;

/** For {@link SqliteNativeCacheTest}, in a fresh JVM: installs the cache, uses SQLite, prints the library it mapped. */
public final class SqliteNativeCacheProbe {
    private SqliteNativeCacheProbe() {
    }

    public static void main(String[] args) throws Exception {
        SqliteNativeCache.install(Path.of(args[0]));
        try (Store store = Store.open(args[1])) {
            store.queue("probe").enqueue("k", "{}");
        }
        for (String line : Files.readAllLines(Path.of("/proc/self/maps"))) {
            if (line.contains("sqlitejdbc")) {
                System.out.println("mapped " + line.substring(line.indexOf('/')));
                break;
            }
        }
    }
}
