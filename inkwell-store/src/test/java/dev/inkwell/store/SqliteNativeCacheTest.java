package dev.inkwell.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SQLite's native library from Inkwell's cache folder, in fresh JVMs (the driver loads its library once per JVM). */
class SqliteNativeCacheTest {
    @TempDir
    Path dir;

    @Test
    void theDriverLoadsTheCachedLibraryWhichIsWrittenOnceAndMendedWhenTruncated() throws Exception {
        assumeTrue(SqliteNativeCache.platformFolder() != null, "glibc Linux on x86-64 or aarch64 only"); // CI and this machine are
        Path cache = dir.resolve("cache");
        String first = probe(cache, "a.db");
        Path library = cachedLibrary(cache);
        assertThat(first).isEqualTo("mapped " + library.toAbsolutePath());
        FileTime written = FileTime.fromMillis(1_000_000_000_000L);
        Files.setLastModifiedTime(library, written);
        assertThat(probe(cache, "b.db")).isEqualTo(first);
        assertThat(Files.getLastModifiedTime(library)).as("not written again").isEqualTo(written);
        long size = Files.size(library);
        Files.write(library, new byte[100]); // a half-copied library from an old crash: copied again
        assertThat(probe(cache, "c.db")).isEqualTo(first);
        assertThat(Files.size(library)).isEqualTo(size);
    }

    private static Path cachedLibrary(Path cache) throws Exception {
        try (Stream<Path> files = Files.walk(cache.resolve("native"))) {
            List<Path> libs = files.filter(p -> p.getFileName().toString().equals("libsqlitejdbc.so")).toList();
            assertThat(libs).hasSize(1);
            assertThat(libs.getFirst().getParent().getFileName().toString()).matches("sqlite-[0-9a-f]+-\\d+-linux-(x86_64|aarch64)");
            return libs.getFirst();
        }
    }

    private String probe(Path cache, String db) throws Exception {
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), SqliteNativeCacheProbe.class.getName(), cache.toString(),
                dir.resolve(db).toString()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }
}
