package dev.inkwell.store;

import dev.inkwell.core.InputLocation;
import dev.inkwell.core.InvalidInputException;
import dev.inkwell.core.Progress;
import dev.inkwell.core.Texts;
import dev.inkwell.dataset.Dataset;
import dev.inkwell.dataset.DatasetFormat;
import dev.inkwell.dataset.DatasetPart;
import dev.inkwell.dataset.Sample;
import dev.inkwell.dataset.SampleReader;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * A named table of samples (Inkwell's DynamoDB table): one row per image, {@code uuid, label, pixels, width,
 * height, channels, source, split, created_at}. Rows keep the order they were ingested in, so a table read back
 * yields its files' samples in their order (and the same {@link dev.inkwell.dataset.DatasetFingerprint}).
 */
public final class SampleTable {
    /** Lower-case letters, digits, '-' and '_', starting with a letter: safe in URLs, paths and messages. */
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_-]{0,62}");
    private static final Pattern SPLIT = Pattern.compile("[a-z][a-z0-9_-]{0,31}");
    private static final int BATCH = 500;
    /** A batch is also flushed at this many pixel bytes, so folders of large photos do not fill the heap. */
    private static final long BATCH_BYTES = 32L << 20;
    private static final int MAX_UUID = 128;
    private static final String INSERT = "INSERT INTO samples (table_name, uuid, label, pixels, width, height, channels, source, split, created_at)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (table_name, uuid) DO NOTHING";

    private final Store store;
    private final String name;

    SampleTable(Store store, String name) {
        this.store = store;
        this.name = checkName(name);
    }

    public static String checkName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new InvalidInputException(InputLocation.file("table " + (name == null ? "(none)" : "'" + printable(name) + "'")),
                    "a table name is 1-63 lower-case letters, digits, '-' or '_', starting with a letter (e.g. samples, my-digits)");
        }
        return name;
    }

    private static String printable(String s) {
        return Texts.abbreviate(s, 40);
    }

    /** A split name is what a table name is, shorter: lower-case letters, digits, '-', '_' (train, test, …). */
    public static String checkSplit(String split) {
        if (split == null || !SPLIT.matcher(split).matches()) {
            throw new InvalidInputException(InputLocation.file("split " + (split == null ? "(none)" : "'" + printable(split) + "'")),
                    "a split is 1-32 lower-case letters, digits, '-' or '_', starting with a letter (train, test, …)");
        }
        return split;
    }

    public String name() {
        return name;
    }

    /** {@code table:NAME@STORE}: where a model's training data came from. */
    public String location() {
        return "table:" + name + "@" + store.displayName();
    }

    /**
     * Writes every sample {@code reader} yields, in one transaction: an input that fails half-way (a bad CSV line)
     * or an interrupted run leaves the table as it was, and running it again adds each sample once.
     * {@code progress} is advanced per written batch; the caller starts and closes it.
     */
    public IngestResult ingest(SampleReader reader, Progress progress) {
        return ingest(reader, progress, Clock.systemUTC());
    }

    IngestResult ingest(SampleReader reader, Progress progress, Clock clock) {
        Instant now = clock.instant();
        try (reader) {
            return store.inTransaction("cannot write table " + name, c -> write(c, reader, progress, now));
        }
    }

    private IngestResult write(Connection c, SampleReader reader, Progress progress, Instant now) throws SQLException {
        long read = 0;
        long added = 0;
        boolean countsReported = true;
        // concurrent ingests into one table would interleave their rows' order and could deadlock on each other's keys
        store.dialect().lockForTransaction(c, "inkwell-table:" + name);
        long before = store.dialect() == Dialect.POSTGRESQL ? rows(c) : -1;
        try (PreparedStatement st = c.prepareStatement(INSERT)) {
            int pending = 0;
            long pendingBytes = 0;
            for (Sample s = reader.next(); s != null; s = reader.next()) {
                bind(st, s, now);
                st.addBatch();
                read++;
                pendingBytes += s.pixels().length;
                if (++pending == BATCH || pendingBytes >= BATCH_BYTES) {
                    long n = inserted(st.executeBatch());
                    countsReported &= n >= 0;
                    added += Math.max(n, 0);
                    progress.advance(pending);
                    pending = 0;
                    pendingBytes = 0;
                }
            }
            if (pending > 0) {
                long n = inserted(st.executeBatch());
                countsReported &= n >= 0;
                added += Math.max(n, 0);
                progress.advance(pending);
            }
        }
        // a driver set to rewrite batches (reWriteBatchedInserts) does not say which rows it inserted
        if (!countsReported) added = rows(c) - before;
        return new IngestResult(name, read, added, read - added, counts(c));
    }

    private long rows(Connection c) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("SELECT COUNT(*) FROM samples WHERE table_name = ?")) {
            st.setString(1, name);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private void bind(PreparedStatement st, Sample s, Instant now) throws SQLException {
        st.setString(1, name);
        st.setString(2, checkedUuid(s));
        if (s.label() == null) st.setNull(3, Types.INTEGER);
        else st.setInt(3, s.label());
        st.setBytes(4, s.pixels());
        st.setInt(5, s.width());
        st.setInt(6, s.height());
        st.setInt(7, s.channels());
        st.setString(8, s.source());
        st.setString(9, s.split() == null || s.split().isBlank() ? "train" : checkSplit(s.split()));
        store.dialect().setTimestamp(st, 10, now);
    }

    /** Rows the batch inserted, or -1 when the driver does not say. */
    private static long inserted(int[] counts) {
        long n = 0;
        for (int c : counts) {
            if (c == Statement.SUCCESS_NO_INFO) return -1;
            n += c;
        }
        return n;
    }

    /** The row key: a source's own uuid must be short printable text, the same on SQLite and PostgreSQL. */
    private static String checkedUuid(Sample s) {
        String uuid = SampleIds.idOf(s);
        if (uuid.length() > MAX_UUID || uuid.chars().anyMatch(Character::isISOControl)) {
            throw new InvalidInputException(InputLocation.file(s.source() == null ? "(sample)" : s.source()), "uuid '"
                    + printable(uuid) + "' (" + uuid.length() + " characters): a uuid is at most " + MAX_UUID
                    + " characters without control characters");
        }
        if (s.source() != null && s.source().indexOf('\0') >= 0) {
            throw new InvalidInputException(InputLocation.file(printable(s.source())), "a source name with a NUL character");
        }
        return uuid;
    }

    /** Train first, then test, then other splits by name. */
    static final Comparator<String> SPLIT_ORDER = Comparator.comparingInt((String s) -> switch (s) {
        case "train" -> 0;
        case "test" -> 1;
        default -> 2;
    }).thenComparing(Comparator.naturalOrder());

    /** Rows per split in {@link #SPLIT_ORDER} (empty when the table has none). */
    public Map<String, Long> counts() {
        return store.withConnection("cannot count table " + name, this::counts);
    }

    private Map<String, Long> counts(Connection c) throws SQLException {
        Map<String, Long> out = new TreeMap<>(SPLIT_ORDER);
        try (PreparedStatement st = c.prepareStatement("SELECT split, COUNT(*) FROM samples WHERE table_name = ? GROUP BY split")) {
            st.setString(1, name);
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) out.put(rs.getString(1), rs.getLong(2));
            }
        }
        return new LinkedHashMap<>(out);
    }

    /** Removes the table's rows; returns how many. */
    public long drop() {
        return store.withConnection("cannot drop table " + name, c -> {
            try (PreparedStatement st = c.prepareStatement("DELETE FROM samples WHERE table_name = ?")) {
                st.setString(1, name);
                return (long) st.executeUpdate();
            }
        });
    }

    /**
     * The table as a dataset, one part per split (train, then test, then others by name), each read in ingest order
     * as it is iterated: any command that reads a dataset file reads a table the same way.
     */
    public Dataset dataset() {
        Map<String, Long> counts = counts();
        if (counts.isEmpty()) {
            throw new InvalidInputException(InputLocation.file(location()), "no such table, or it is empty: fill it with `inkwell ingest --data PATH --table " + name + "`");
        }
        List<DatasetPart> parts = counts.keySet().stream()
                .map(split -> new DatasetPart(split, location() + " split " + split, () -> new TableReader(store, this, split, counts.get(split))))
                .toList();
        return new Dataset(location(), DatasetFormat.TABLE, parts);
    }

    @Override
    public String toString() {
        return location();
    }
}
