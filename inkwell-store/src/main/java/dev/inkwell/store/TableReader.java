package dev.inkwell.store;

import dev.inkwell.core.InputLocation;
import dev.inkwell.core.InvalidInputException;
import dev.inkwell.dataset.Sample;
import dev.inkwell.dataset.SampleReader;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Streams one split of a table in ingest order without loading it whole (a server-side cursor on PostgreSQL).
 * The query runs at the first {@link #next()}, so asking for {@link #expectedCount()} costs nothing.
 */
final class TableReader implements SampleReader {
    private static final int FETCH = 1_000;
    private final Store store;
    private final SampleTable table;
    private final String split;
    private final long expected;
    private Connection connection;
    private PreparedStatement statement;
    private ResultSet rows;
    private boolean done;

    TableReader(Store store, SampleTable table, String split, long expected) {
        this.store = store;
        this.table = table;
        this.split = split;
        this.expected = expected;
    }

    @Override
    public long expectedCount() {
        return expected;
    }

    @Override
    public Sample next() {
        if (done) return null;
        try {
            if (rows == null) open();
            if (!rows.next()) {
                close();
                return null;
            }
            return toSample(rows);
        } catch (SQLException e) {
            close();
            throw store.failure("cannot read table " + table.name(), e);
        }
    }

    private void open() throws SQLException {
        connection = store.connect();
        connection.setAutoCommit(false); // PostgreSQL only streams with a cursor inside a transaction
        statement = connection.prepareStatement("SELECT uuid, label, pixels, width, height, channels, source, split"
                + " FROM samples WHERE table_name = ? AND split = ? ORDER BY seq");
        statement.setFetchSize(FETCH);
        statement.setString(1, table.name());
        statement.setString(2, split);
        rows = statement.executeQuery();
    }

    private Sample toSample(ResultSet rs) throws SQLException {
        String uuid = rs.getString(1);
        int label = rs.getInt(2);
        Integer boxed = rs.wasNull() ? null : label;
        byte[] pixels = rs.getBytes(3);
        try {
            return new Sample(uuid, boxed, pixels == null ? new byte[0] : pixels, rs.getInt(4), rs.getInt(5), rs.getInt(6),
                    rs.getString(7), rs.getString(8));
        } catch (IllegalArgumentException e) {
            // a row written by something else than Inkwell (or damaged): name it and stop
            throw new InvalidInputException(InputLocation.file(table.location() + " uuid " + uuid), "bad row: " + e.getMessage());
        }
    }

    @Override
    public void close() {
        done = true;
        try (Connection c = connection; PreparedStatement st = statement; ResultSet rs = rows) {
            if (c != null) c.rollback(); // read-only: nothing to keep
        } catch (SQLException ignored) {
            // closing a reader must not hide the error that stopped it
        } finally {
            connection = null;
            statement = null;
            rows = null;
        }
    }
}
