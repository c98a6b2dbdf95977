package dev.inkwell.store;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

/** What differs between the embedded store (SQLite) and the cluster store (PostgreSQL): DDL types and timestamps. */
enum Dialect {
    SQLITE(List.of(
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
            "CREATE INDEX IF NOT EXISTS samples_by_split ON samples (table_name, split, seq)")),
    POSTGRESQL(List.of(
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
            "CREATE INDEX IF NOT EXISTS samples_by_split ON samples (table_name, split, seq)"));

    /** Schema version 1: the samples rows of every table, keyed by (table, uuid); {@code seq} keeps ingest order. */
    final List<String> schemaV1;

    Dialect(List<String> schemaV1) {
        this.schemaV1 = schemaV1;
    }

    void setTimestamp(PreparedStatement st, int index, Instant at) throws SQLException {
        if (this == SQLITE) st.setString(index, at.toString());
        else st.setObject(index, OffsetDateTime.ofInstant(at, ZoneOffset.UTC));
    }

    /**
     * Serialises ingests into one table (its name bound as the parameter): concurrent ingests would otherwise
     * interleave their rows' order and could deadlock on each other's keys. SQLite needs none: its writer holds the
     * whole database from the first insert to the commit.
     */
    String tableLock() {
        return this == POSTGRESQL ? "SELECT pg_advisory_xact_lock(hashtext('inkwell-table:' || ?))" : null;
    }

    /** Serialises schema changes between processes that open the same store at once. */
    String migrationLock() {
        return this == POSTGRESQL ? "SELECT pg_advisory_xact_lock(7355608)" : null;
    }
}
