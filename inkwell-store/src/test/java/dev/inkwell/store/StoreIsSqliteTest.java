package dev.inkwell.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoreIsSqliteTest {
    @TempDir
    Path dir;

    @Test
    void sqliteLocationsAreThoseOpenTakesForAnSqliteFile() {
        String path = dir.resolve("a.db").toString();
        assertThat(Store.isSqlite(null)).isTrue();
        assertThat(Store.isSqlite(path)).isTrue();
        assertThat(Store.isSqlite("jdbc:sqlite:" + path)).isTrue();
        assertThat(Store.isSqlite("JDBC:SQLITE:" + path)).isTrue();
        assertThat(Store.isSqlite("relative/inkwell.db")).isTrue();
        try (Store a = Store.open(path); Store b = Store.open("jdbc:sqlite:" + dir.resolve("b.db"))) {
            assertThat(a).isNotNull();
            assertThat(b).isNotNull();
        }
    }

    @Test
    void otherLocationsAreNot() {
        assertThat(Store.isSqlite("jdbc:postgresql://db:5432/inkwell?user=u")).isFalse();
        assertThat(Store.isSqlite("jdbc:mysql://db/inkwell")).isFalse();
        assertThat(Store.isSqlite("postgres://db/inkwell")).isFalse();
        assertThat(Store.isSqlite(" ")).isFalse();
        // and open refuses those it cannot take, rather than making an SQLite file of them
        assertThatThrownBy(() -> Store.open("postgres://db/inkwell")).isInstanceOf(StoreException.class);
        assertThatThrownBy(() -> Store.open("jdbc:mysql://db/inkwell")).isInstanceOf(StoreException.class);
    }
}
