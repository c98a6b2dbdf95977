package dev.inkwell.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Properties;

/**
 * A store as Inkwell wrote it before versioned migrations (a test fixture): the DDL below is a verbatim copy of
 * what {@code Store.migrate()} and {@code Dialect.schemaV1} ran then, on a connection configured the same way, and
 * rows are inserted as {@code SampleTable.ingest} did (created_at as {@code Instant.toString()} on SQLite).
 */
final class StoreBeforeMigrations {
    private static final List<String> SQLITE_V1 = List.of(
            """
            CREATE TABLE IF NOT EXISTS samples (
              seq INTEGER PRIMARY KEY AUTOINCREMENT,
              table_name TEXT NOT NULL,
              uuid TEXT NOT NULL,
              label INTEGER,
              pixels BLOB NOT NULL,
              width INTEGER NOT NULL,
              height INTEGER NOT NULL,
              channels INTEGER NOT NULL,
              source TEXT,
              split TEXT NOT NULL,
              created_at TEXT NOT NULL,
              UNIQUE (table_name, uuid))""",
            "CREATE INDEX IF NOT EXISTS samples_by_split ON samples (table_name, split, seq)");
    private static final List<String> POSTGRESQL_V1 = List.of(
            """
            CREATE TABLE IF NOT EXISTS samples (
              seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
              table_name TEXT NOT NULL,
              uuid TEXT NOT NULL,
              label INTEGER,
              pixels BYTEA NOT NULL,
              width INTEGER NOT NULL,
              height INTEGER NOT NULL,
              channels INTEGER NOT NULL,
              source TEXT,
              split TEXT NOT NULL,
              created_at TIMESTAMPTZ NOT NULL,
              UNIQUE (table_name, uuid))""",
            "CREATE INDEX IF NOT EXISTS samples_by_split ON samples (table_name, split, seq)");

    private StoreBeforeMigrations() {
    }

    /** Creates schema {@code version} the old way at {@code url} (a JDBC URL), with {@code rows} rows in table "old". */
    static void create(String url, int version, int rows) throws SQLException, IOException {
        boolean sqlite = url.startsWith("jdbc:sqlite:");
        if (sqlite) Files.createDirectories(Path.of(url.substring("jdbc:sqlite:".length())).getParent());
        Properties old = new Properties();
        if (sqlite) {
            old.setProperty("journal_mode", "WAL");
            old.setProperty("busy_timeout", "30000");
            old.setProperty("foreign_keys", "true");
        }
        try (Connection c = DriverManager.getConnection(url, old)) {
            c.setAutoCommit(false);
            try (Statement st = c.createStatement()) {
                st.execute("CREATE TABLE IF NOT EXISTS inkwell_schema (version INTEGER NOT NULL)");
                for (String ddl : sqlite ? SQLITE_V1 : POSTGRESQL_V1) st.execute(ddl);
                st.execute("INSERT INTO inkwell_schema (version) VALUES (" + version + ")");
            }
            try (PreparedStatement st = c.prepareStatement("INSERT INTO samples (table_name, uuid, label, pixels, width, height, channels, source, split, created_at)"
                    + " VALUES ('old', ?, ?, ?, 2, 2, 1, ?, 'train', ?) ON CONFLICT (table_name, uuid) DO NOTHING")) {
                Instant at = Instant.parse("2025-06-01T12:00:00Z");
                for (int i = 0; i < rows; i++) {
                    st.setString(1, "old-" + i);
                    st.setInt(2, i % 10);
                    st.setBytes(3, new byte[] {(byte) i, 1, 2, 3});
                    st.setString(4, "old.csv:" + (i + 1));
                    if (sqlite) st.setString(5, at.toString());
                    else st.setObject(5, OffsetDateTime.ofInstant(at, ZoneOffset.UTC));
                    st.addBatch();
                }
                st.executeBatch();
            }
            c.commit();
        }
    }
}
