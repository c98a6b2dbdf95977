package dev.inkwell.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * What differs between the embedded store (SQLite) and the cluster store (PostgreSQL), for code that writes its own
 * SQL on {@link Store#inTransaction} or {@link Store#withConnection}: timestamps, upserts, row locks and
 * transaction-scoped locks. DDL differs too: it lives in one migration folder per dialect
 * ({@link #migrationFolder()}).
 */
public enum Dialect {
    SQLITE("sqlite"),
    POSTGRESQL("postgresql");

    private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]{0,62}");
    /** Fixed width (microseconds always written), so that text order is time order on SQLite. */
    private static final DateTimeFormatter SQLITE_TIMESTAMP = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'")
            .withZone(ZoneOffset.UTC);

    private final String folder;

    Dialect(String folder) {
        this.folder = folder;
    }

    /** The folder under {@code db/migration/} (on the class path) that holds this dialect's migrations. */
    public String migrationFolder() {
        return folder;
    }

    /**
     * Binds {@code at} to a timestamp column: TEXT on SQLite (ISO-8601 UTC, fixed width, so {@code ORDER BY} and
     * comparisons follow time), TIMESTAMPTZ on PostgreSQL. Both keep microseconds.
     */
    public void setTimestamp(PreparedStatement st, int index, Instant at) throws SQLException {
        Instant micros = at.truncatedTo(ChronoUnit.MICROS);
        if (this == SQLITE) st.setString(index, SQLITE_TIMESTAMP.format(micros));
        else st.setObject(index, OffsetDateTime.ofInstant(micros, ZoneOffset.UTC));
    }

    /** Reads a timestamp column written by {@link #setTimestamp}; null stays null. */
    public Instant getTimestamp(ResultSet rs, int index) throws SQLException {
        if (this == SQLITE) {
            String text = rs.getString(index);
            return text == null ? null : Instant.parse(text);
        }
        OffsetDateTime at = rs.getObject(index, OffsetDateTime.class);
        return at == null ? null : at.toInstant();
    }

    /**
     * {@code INSERT INTO table (columns…) VALUES (?, …) ON CONFLICT (keys…) DO UPDATE SET} every other column: one
     * statement on both databases (SQLite 3.24+ speaks PostgreSQL's upsert). With only key columns it is
     * {@code DO NOTHING}. Names must be plain lower-case identifiers (they are code, not input).
     */
    public String upsert(String table, List<String> columns, List<String> keys) {
        identifier(table);
        columns.forEach(Dialect::identifier);
        if (keys.isEmpty() || !columns.containsAll(keys)) throw new IllegalArgumentException("upsert keys " + keys + " must be among the columns " + columns);
        String insert = "INSERT INTO " + table + " (" + String.join(", ", columns) + ") VALUES ("
                + columns.stream().map(c -> "?").collect(Collectors.joining(", ")) + ") ON CONFLICT (" + String.join(", ", keys) + ") DO ";
        List<String> updated = columns.stream().filter(c -> !keys.contains(c)).toList();
        if (updated.isEmpty()) return insert + "NOTHING";
        return insert + "UPDATE SET " + updated.stream().map(c -> c + " = excluded." + c).collect(Collectors.joining(", "));
    }

    /**
     * Whether {@code SELECT … FOR UPDATE SKIP LOCKED} exists, so that workers can claim different rows of a queue at
     * once (PostgreSQL). On SQLite a write transaction holds the whole database, so workers take turns instead.
     */
    public boolean skipsLockedRows() {
        return this == POSTGRESQL;
    }

    /**
     * The clause that ends a {@code SELECT} whose rows the transaction will update: {@code " FOR UPDATE"} on
     * PostgreSQL; nothing on SQLite, where {@link Store#inTransaction} already holds the database's single writer lock.
     */
    public String forUpdate() {
        return this == POSTGRESQL ? " FOR UPDATE" : "";
    }

    /**
     * Like {@link #forUpdate()}, but rows another transaction has locked are skipped ({@code " FOR UPDATE SKIP
     * LOCKED"}): the queue-claiming clause. Nothing on SQLite (see {@link #skipsLockedRows()}).
     */
    public String forUpdateSkipLocked() {
        return this == POSTGRESQL ? " FOR UPDATE SKIP LOCKED" : "";
    }

    /**
     * Holds a lock named {@code key} until the transaction ends, so that transactions working on the same thing (a
     * table, a model, an endpoint) take turns across processes and replicas: PostgreSQL's
     * {@code pg_advisory_xact_lock} on the key's hash (waits; released by commit or rollback). On SQLite it does
     * nothing: inside {@link Store#inTransaction} the transaction already is the database's only writer.
     * Call it inside a transaction, never in auto-commit mode (the lock would end with the statement).
     */
    public void lockForTransaction(Connection c, String key) throws SQLException {
        if (this != POSTGRESQL) return;
        try (PreparedStatement st = c.prepareStatement("SELECT pg_advisory_xact_lock(hashtext(?))")) {
            st.setString(1, key);
            st.execute();
        }
    }

    private static void identifier(String name) {
        if (name == null || !IDENTIFIER.matcher(name).matches()) throw new IllegalArgumentException("not a plain SQL identifier: " + name);
    }
}
