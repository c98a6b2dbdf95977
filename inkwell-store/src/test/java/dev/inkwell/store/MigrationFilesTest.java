package dev.inkwell.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MigrationFilesTest {
    @TempDir
    Path tmp;

    private static final ClassLoader LOADER = MigrationFilesTest.class.getClassLoader();

    /** 1, 2, …, n: migrations are numbered without gaps. */
    private static List<Integer> versionsUpTo(int n) {
        return IntStream.rangeClosed(1, n).boxed().toList();
    }

    @Test
    void everyDialectHasTheSameVersionsOnTheClassPath() {
        for (Dialect d : Dialect.values()) {
            assertThat(MigrationFiles.versions(LOADER, MigrationFolders.INKWELL.folders(d))).as(d.name()).hasValueSatisfying(v -> assertThat(v).containsExactlyElementsOf(versionsUpTo(SampleTableContract.KNOWN)));
            assertThat(MigrationFiles.versions(LOADER, SampleTableContract.WITH_LATER_MIGRATION.folders(d))).as(d.name())
                    .hasValueSatisfying(v -> assertThat(v).containsAll(versionsUpTo(SampleTableContract.KNOWN)).contains(999));
        }
    }

    @Test
    void foldersInsideJarsAreListedToo() throws Exception {
        Path jar = tmp.resolve("migrations.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            for (String name : List.of("db/more/sqlite/", "db/more/sqlite/V997__c.sql", "db/more/sqlite/V998__d.sql",
                    "db/more/sqlite/notes.txt", "db/more/sqlite/old/V999__nested.sql", "db/more/postgresql/V996__other.sql")) {
                out.putNextEntry(new JarEntry(name));
                if (!name.endsWith("/")) out.write("SELECT 1;".getBytes());
                out.closeEntry();
            }
        }
        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, LOADER)) {
            assertThat(MigrationFiles.versions(loader, List.of("db/migration/sqlite", "db/more/sqlite")))
                    .hasValueSatisfying(v -> assertThat(v).containsAll(versionsUpTo(SampleTableContract.KNOWN)).contains(997, 998)
                            .doesNotContain(996, 999).hasSize(SampleTableContract.KNOWN + 2));
        }
    }

    @Test
    void aFolderWithoutMigrationsIsUnknownSoFlywayDecides() {
        assertThat(MigrationFiles.versions(LOADER, List.of("db/no-such-folder"))).isEmpty();
    }
}
