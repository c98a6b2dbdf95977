package dev.inkwell.store;

import dev.inkwell.core.InvalidInputException;
import dev.inkwell.core.NotFoundException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The labelling queue of a store, shared by every replica: captured readings the model was not sure of wait for a
 * person's label. {@link #label} puts the reading into a samples table as a row of its own ({@code source =
 * labelled}, uuid the capture's event id) in the same transaction; {@link #skip} and {@link #undo} take that row out
 * again, so the table always holds exactly the queue's labelled readings.
 */
public final class LabellingQueue {
    /** A labelled row's {@code source} in its samples table. */
    public static final String SOURCE = "labelled";
    /** The samples table labels go into unless another is named. */
    public static final String DEFAULT_TABLE = "labelled";
    public static final int MAX_CLASS = 9_999;
    private static final int MAX_TEXT = 256;
    private static final int MAX_PIXELS = 4096 * 4096;
    private static final String COLUMNS = "id, event_id, endpoint, variant, model, capture, predicted, predicted_label, probability, pixels,"
            + " width, height, status, label, sample_table, captured_at, updated_at";

    private final Store store;
    private final Clock clock;

    LabellingQueue(Store store, Clock clock) {
        this.store = store;
        this.clock = Objects.requireNonNull(clock);
    }

    /** Adds the readings not in the queue yet (by event id); returns how many were added. */
    public int add(List<LabellingItem> candidates) {
        if (candidates.isEmpty()) return 0;
        candidates.forEach(LabellingQueue::check);
        return store.inTransaction("cannot add to the labelling queue", c -> {
            Instant now = clock.instant();
            int added = 0;
            try (PreparedStatement st = c.prepareStatement("INSERT INTO labelling_queue (event_id, endpoint, variant, model, capture, predicted,"
                    + " predicted_label, probability, pixels, width, height, status, captured_at, created_at, updated_at)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'pending', ?, ?, ?) ON CONFLICT (event_id) DO NOTHING")) {
                for (LabellingItem i : candidates) {
                    st.setString(1, i.eventId());
                    st.setString(2, i.endpoint());
                    st.setString(3, i.variant());
                    st.setString(4, i.model());
                    st.setString(5, i.capture());
                    st.setInt(6, i.predicted());
                    st.setString(7, i.predictedLabel());
                    st.setDouble(8, i.probability());
                    st.setBytes(9, i.pixels());
                    st.setInt(10, i.width());
                    st.setInt(11, i.height());
                    store.dialect().setTimestamp(st, 12, i.capturedAt());
                    store.dialect().setTimestamp(st, 13, now);
                    store.dialect().setTimestamp(st, 14, now);
                    added += st.executeUpdate();
                }
            }
            return added;
        });
    }

    private static void check(LabellingItem i) {
        text(i.eventId(), "event id");
        text(i.endpoint(), "endpoint");
        text(i.variant(), "variant");
        text(i.model(), "model");
        if (i.capture() != null) text(i.capture(), "capture");
        text(i.predictedLabel(), "predicted label");
        if (i.predicted() < 0 || i.predicted() > MAX_CLASS) throw new InvalidInputException("predicted class " + i.predicted() + " is not 0 to " + MAX_CLASS);
        if (!(i.probability() >= 0 && i.probability() <= 1)) throw new InvalidInputException("probability " + i.probability() + " is not 0 to 1");
        if (i.width() < 1 || i.height() < 1 || (long) i.width() * i.height() > MAX_PIXELS || i.pixels() == null
                || i.pixels().length != i.width() * i.height()) {
            throw new InvalidInputException("a queued image must be width × height grey bytes, at most " + MAX_PIXELS + " pixels");
        }
        Objects.requireNonNull(i.capturedAt(), "capturedAt");
    }

    private static void text(String s, String what) {
        if (s == null || s.isBlank() || s.length() > MAX_TEXT || s.chars().anyMatch(Character::isISOControl)) {
            throw new InvalidInputException(what + ": expected 1 to " + MAX_TEXT + " printable characters");
        }
    }

    /** Items in {@code status} (every status when null), oldest first, with an id above {@code afterId}, at most {@code limit}. */
    public List<LabellingItem> list(LabellingItem.Status status, long afterId, int limit) {
        if (limit < 1) throw new InvalidInputException("limit must be at least 1");
        return store.withConnection("cannot read the labelling queue", c -> {
            try (PreparedStatement st = c.prepareStatement("SELECT " + COLUMNS + " FROM labelling_queue WHERE id > ?"
                    + (status == null ? "" : " AND status = ?") + " ORDER BY id LIMIT ?")) {
                int p = 1;
                st.setLong(p++, afterId);
                if (status != null) st.setString(p++, status.id());
                st.setInt(p, Math.min(limit, 10_000));
                List<LabellingItem> out = new ArrayList<>();
                try (ResultSet rs = st.executeQuery()) {
                    while (rs.next()) out.add(item(rs));
                }
                return out;
            }
        });
    }

    public Optional<LabellingItem> find(long id) {
        return store.withConnection("cannot read the labelling queue", c -> read(c, id));
    }

    public LabellingItem get(long id) {
        return find(id).orElseThrow(() -> notFound(id));
    }

    /**
     * Labels item {@code id} as class {@code label} and writes it into samples table {@code table} (train split); a
     * relabel changes the row (moving it if the table differs).
     */
    public LabellingItem label(long id, int label, String table) {
        if (label < 0 || label > MAX_CLASS) throw new InvalidInputException("label " + label + ": expected a class number from 0 to " + MAX_CLASS);
        String into = SampleTable.checkName(table == null ? DEFAULT_TABLE : table);
        return store.inTransaction("cannot label item " + id, c -> {
            LabellingItem item = locked(c, id);
            if (item.table() != null && !item.table().equals(into)) deleteRow(c, item);
            try (PreparedStatement st = c.prepareStatement(store.dialect().upsert("samples", List.of("table_name", "uuid", "label", "pixels",
                    "width", "height", "channels", "source", "split", "created_at"), List.of("table_name", "uuid")))) {
                st.setString(1, into);
                st.setString(2, item.eventId());
                st.setInt(3, label);
                st.setBytes(4, item.pixels());
                st.setInt(5, item.width());
                st.setInt(6, item.height());
                st.setInt(7, 1);
                st.setString(8, SOURCE);
                st.setString(9, "train");
                store.dialect().setTimestamp(st, 10, clock.instant());
                st.executeUpdate();
            }
            return update(c, id, LabellingItem.Status.LABELLED, label, into);
        });
    }

    /** Passes item {@code id} over (taking its row out of its table if it was labelled). */
    public LabellingItem skip(long id) {
        return store.inTransaction("cannot skip item " + id, c -> {
            deleteRow(c, locked(c, id));
            return update(c, id, LabellingItem.Status.SKIPPED, null, null);
        });
    }

    /** Puts item {@code id} back to pending, as if nobody had looked at it (its labelled row, if any, goes). */
    public LabellingItem undo(long id) {
        return store.inTransaction("cannot undo item " + id, c -> {
            deleteRow(c, locked(c, id));
            return update(c, id, LabellingItem.Status.PENDING, null, null);
        });
    }

    /** How many items are in each status. */
    public Map<LabellingItem.Status, Long> counts() {
        return counts(null);
    }

    /** How many items of {@code endpoint}'s readings (every endpoint's when null) are in each status. */
    public Map<LabellingItem.Status, Long> counts(String endpoint) {
        return store.withConnection("cannot count the labelling queue", c -> {
            Map<LabellingItem.Status, Long> out = new EnumMap<>(LabellingItem.Status.class);
            for (LabellingItem.Status s : LabellingItem.Status.values()) out.put(s, 0L);
            try (PreparedStatement st = c.prepareStatement("SELECT status, COUNT(*) FROM labelling_queue"
                    + (endpoint == null ? "" : " WHERE endpoint = ?") + " GROUP BY status")) {
                if (endpoint != null) st.setString(1, endpoint);
                try (ResultSet rs = st.executeQuery()) {
                    while (rs.next()) out.put(LabellingItem.Status.parse(rs.getString(1)), rs.getLong(2));
                }
            }
            return out;
        });
    }

    private LabellingItem locked(Connection c, long id) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("SELECT " + COLUMNS + " FROM labelling_queue WHERE id = ?" + store.dialect().forUpdate())) {
            st.setLong(1, id);
            try (ResultSet rs = st.executeQuery()) {
                if (!rs.next()) throw notFound(id);
                return item(rs);
            }
        }
    }

    private static void deleteRow(Connection c, LabellingItem item) throws SQLException {
        if (item.table() == null) return;
        try (PreparedStatement st = c.prepareStatement("DELETE FROM samples WHERE table_name = ? AND uuid = ? AND source = ?")) {
            st.setString(1, item.table());
            st.setString(2, item.eventId());
            st.setString(3, SOURCE);
            st.executeUpdate();
        }
    }

    private LabellingItem update(Connection c, long id, LabellingItem.Status status, Integer label, String table) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("UPDATE labelling_queue SET status = ?, label = ?, sample_table = ?, updated_at = ? WHERE id = ?")) {
            st.setString(1, status.id());
            if (label == null) st.setNull(2, Types.INTEGER);
            else st.setInt(2, label);
            st.setString(3, table);
            store.dialect().setTimestamp(st, 4, clock.instant());
            st.setLong(5, id);
            st.executeUpdate();
        }
        return read(c, id).orElseThrow();
    }

    private Optional<LabellingItem> read(Connection c, long id) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("SELECT " + COLUMNS + " FROM labelling_queue WHERE id = ?")) {
            st.setLong(1, id);
            try (ResultSet rs = st.executeQuery()) {
                return rs.next() ? Optional.of(item(rs)) : Optional.empty();
            }
        }
    }

    private LabellingItem item(ResultSet rs) throws SQLException {
        Dialect d = store.dialect();
        int label = rs.getInt(14);
        Integer labelled = rs.wasNull() ? null : label;
        return new LabellingItem(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6),
                rs.getInt(7), rs.getString(8), rs.getDouble(9), rs.getBytes(10), rs.getInt(11), rs.getInt(12),
                LabellingItem.Status.parse(rs.getString(13)), labelled, rs.getString(15), d.getTimestamp(rs, 16), d.getTimestamp(rs, 17));
    }

    private static NotFoundException notFound(long id) {
        return new NotFoundException("no item " + id + " in the labelling queue; see 'inkwell label list'");
    }
}
