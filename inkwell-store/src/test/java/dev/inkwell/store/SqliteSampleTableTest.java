package dev.inkwell.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.inkwell.core.Progress;
import dev.inkwell.dataset.SampleReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SqliteSampleTableTest extends SampleTableContract {
    private final AtomicInteger stores = new AtomicInteger();

    @Override
    String newLocation() {
        return "jdbc:sqlite:" + tmp.resolve("store-" + stores.incrementAndGet()).resolve("inkwell.db");
    }

    @Test
    void aPathAndAJdbcUrlOpenTheSameFile() {
        String file = tmp.resolve("nested/folder/inkwell.db").toString();
        try (Store byPath = Store.open(file)) {
            byPath.table("samples").ingest(SampleReader.of(samples(3, "train", 1)), Progress.NONE);
        }
        try (Store byUrl = Store.open("jdbc:sqlite:" + file)) {
            assertThat(byUrl.table("samples").counts()).containsEntry("train", 3L);
        }
    }

    @Test
    void unusableLocationsAreClearErrors() throws Exception {
        assertThatThrownBy(() -> Store.open("jdbc:mysql://db/inkwell")).isInstanceOf(StoreException.class)
                .hasMessageContaining("unsupported store");
        assertThatThrownBy(() -> Store.open("jdbc:sqlite::memory:")).isInstanceOf(StoreException.class)
                .hasMessageContaining("file path");
        assertThatThrownBy(() -> Store.open(tmp.toString())).isInstanceOf(StoreException.class)
                .hasMessageContaining("is a folder");
        assertThatThrownBy(() -> Store.open(" ")).isInstanceOf(StoreException.class).hasMessageContaining("no store given");
        assertThatThrownBy(() -> Store.open("postgresql://db/inkwell?user=u&password=s3cret")).isInstanceOf(StoreException.class)
                .hasMessageContaining("jdbc:postgresql://").hasMessageNotContaining("s3cret");
        assertThatThrownBy(() -> Store.open("postgres://u:s3cret@db/inkwell")).isInstanceOf(StoreException.class)
                .hasMessageNotContaining("s3cret");
        assertThat(Path.of("postgresql:")).doesNotExist(); // never an SQLite file by accident
        assertThatThrownBy(() -> Store.open("jdbc:sqlite:" + tmp.resolve("x.db") + "?journal_mode=DELETE"))
                .isInstanceOf(StoreException.class).hasMessageContaining("options");
        var notADatabase = tmp.resolve("notes.txt");
        Files.writeString(notADatabase, "this is not an SQLite database, just some text long enough to have a header");
        assertThatThrownBy(() -> Store.open(notADatabase.toString())).isInstanceOf(StoreException.class)
                .hasMessageContaining("notes.txt");
    }
}
