package dev.inkwell.workflow.runtime;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.inkwell.core.NotFoundException;
import dev.inkwell.store.Dialect;
import dev.inkwell.store.Store;
import dev.inkwell.workflow.ExecutionStatus;
import dev.inkwell.workflow.HistoryEvent;
import dev.inkwell.workflow.json.JsonTrees;
import dev.inkwell.workflow.spi.ExecutionJournal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Executions and their histories in the store: started rows, the journal's group-committed transitions (fenced by
 * the owner's lease), leases, take-over, stops, and the reads DescribeExecution, ListExecutions and
 * GetExecutionHistory answer from. Every method is one transaction or one statement.
 */
public final class ExecutionStore {
    private static final String COLUMNS = "arn, workflow, revision, name, status, input, output, error, cause, started_at,"
            + " stopped_at, last_event_id, owner, parent_arn";

    private final Store store;
    private final Dialect dialect;

    public ExecutionStore(Store store) {
        this.store = Objects.requireNonNull(store);
        this.dialect = store.dialect();
    }

    /** What {@link #insert} found: the new row, or the one that already had this workflow and name. */
    public record Inserted(ExecutionRecord record, boolean created) {}

    /** An execution to add: its row (owner included) and when its lease ends. */
    public record Start(ExecutionRecord record, Instant leaseUntil) {}

    /** Adds a RUNNING execution leased to {@code owner}, unless one with its workflow and name exists already. */
    public Inserted insert(ExecutionRecord start, Instant leaseUntil) {
        return insert(List.of(new Start(start, leaseUntil))).getFirst();
    }

    /**
     * Adds executions in one transaction (one commit for many starts), each unless one with its workflow and name
     * exists already (an earlier one of the same list included); answers in the same order.
     */
    public List<Inserted> insert(List<Start> starts) {
        String what = starts.size() == 1 ? "execution " + starts.getFirst().record().name() + " of workflow "
                + starts.getFirst().record().workflow() : starts.size() + " executions";
        return store.inTransaction("cannot start " + what, c -> {
            List<Inserted> out = new ArrayList<>(starts.size());
            try (PreparedStatement st = c.prepareStatement("INSERT INTO workflow_executions (arn, workflow, revision, name, status,"
                    + " input, started_at, last_event_id, owner, lease_until, parent_arn) VALUES (?, ?, ?, ?, 'RUNNING', ?, ?, 0, ?, ?, ?)")) {
                for (Start s : starts) {
                    ExecutionRecord start = s.record();
                    Optional<ExecutionRecord> existing = find(c, "workflow = ? AND name = ?", start.workflow(), start.name());
                    if (existing.isPresent()) {
                        out.add(new Inserted(existing.get(), false));
                        continue;
                    }
                    st.setString(1, start.arn());
                    st.setString(2, start.workflow());
                    st.setInt(3, start.revision());
                    st.setString(4, start.name());
                    st.setString(5, JsonTrees.write(start.input()));
                    dialect.setTimestamp(st, 6, start.startedAt());
                    st.setString(7, start.owner());
                    dialect.setTimestamp(st, 8, s.leaseUntil());
                    st.setString(9, start.parentArn());
                    st.executeUpdate();
                    out.add(new Inserted(start, true));
                }
            }
            return out;
        });
    }

    /**
     * Writes journal entries of executions {@code owner} runs, in one transaction: each execution's events and its
     * latest snapshot. An execution no longer RUNNING under {@code owner} (stopped, or taken over after its lease ran
     * out) gets nothing written; its ARN is returned so the caller lets it go.
     */
    public Set<String> record(List<ExecutionJournal.Entry> entries, String owner, Instant now) {
        // rows are locked in ARN order, as renew() locks them: two transactions never wait on each other's rows
        Map<String, List<ExecutionJournal.Entry>> byExecution = new TreeMap<>();
        for (ExecutionJournal.Entry e : entries) byExecution.computeIfAbsent(e.executionArn(), k -> new ArrayList<>()).add(e);
        return store.inTransaction("cannot record workflow progress", c -> {
            Set<String> lost = new HashSet<>();
            List<HistoryEvent> events = new ArrayList<>();
            List<String> eventArns = new ArrayList<>();
            try (PreparedStatement st = c.prepareStatement("UPDATE workflow_executions SET snapshot = ?, last_event_id = ?, status = ?,"
                    + " output = ?, error = ?, cause = ?, stopped_at = ?, lease_until = CASE WHEN ? THEN NULL ELSE lease_until END"
                    + " WHERE arn = ? AND owner = ? AND status = 'RUNNING'")) {
                for (Map.Entry<String, List<ExecutionJournal.Entry>> e : byExecution.entrySet()) {
                    List<ExecutionJournal.Entry> list = e.getValue();
                    ExecutionJournal.Entry last = list.getLast();
                    JsonNode snap = last.snapshot();
                    boolean finished = last.finished();
                    st.setString(1, finished ? null : JsonTrees.write(snap));
                    st.setLong(2, snap.path("lastEventId").longValue());
                    st.setString(3, snap.path("status").asText("RUNNING"));
                    setText(st, 4, snap.has("output") ? JsonTrees.write(snap.get("output")) : null);
                    setText(st, 5, snap.hasNonNull("error") ? snap.get("error").textValue() : null);
                    setText(st, 6, snap.hasNonNull("cause") ? snap.get("cause").textValue() : null);
                    if (snap.hasNonNull("stopDate")) dialect.setTimestamp(st, 7, Instant.parse(snap.get("stopDate").textValue()));
                    else st.setNull(7, dialect == Dialect.SQLITE ? Types.VARCHAR : Types.TIMESTAMP_WITH_TIMEZONE);
                    st.setBoolean(8, finished);
                    st.setString(9, e.getKey());
                    st.setString(10, owner);
                    if (st.executeUpdate() == 0) {
                        lost.add(e.getKey());
                        continue;
                    }
                    for (ExecutionJournal.Entry entry : list) {
                        for (HistoryEvent event : entry.events()) {
                            events.add(event);
                            eventArns.add(e.getKey());
                        }
                    }
                }
            }
            if (!events.isEmpty()) {
                try (PreparedStatement st = c.prepareStatement("INSERT INTO workflow_events (arn, id, previous_id, type, at, details)"
                        + " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (arn, id) DO NOTHING")) {
                    for (int i = 0; i < events.size(); i++) {
                        HistoryEvent event = events.get(i);
                        st.setString(1, eventArns.get(i));
                        st.setLong(2, event.id());
                        st.setLong(3, event.previousEventId());
                        st.setString(4, event.type());
                        dialect.setTimestamp(st, 5, event.timestamp());
                        setText(st, 6, event.details() == null ? null : JsonTrees.write(event.details()));
                        st.addBatch();
                    }
                    st.executeBatch();
                }
            }
            return lost;
        });
    }

    /** Extends the leases of every execution {@code owner} runs; returns how many. */
    public int renew(String owner, Instant until) {
        return store.withConnection("cannot renew workflow leases", c -> {
            // PostgreSQL: lock the rows in ARN order first, as record() does (a plain UPDATE locks them in scan order, and
            // a journal write holding one of them while waiting for another deadlocked with it)
            String sql = dialect == Dialect.POSTGRESQL
                    ? "UPDATE workflow_executions SET lease_until = ? WHERE arn IN (SELECT arn FROM workflow_executions"
                            + " WHERE owner = ? AND status = 'RUNNING' ORDER BY arn FOR UPDATE) AND owner = ? AND status = 'RUNNING'"
                    : "UPDATE workflow_executions SET lease_until = ? WHERE owner = ? AND status = 'RUNNING'";
            try (PreparedStatement st = c.prepareStatement(sql)) {
                dialect.setTimestamp(st, 1, until);
                st.setString(2, owner);
                if (dialect == Dialect.POSTGRESQL) st.setString(3, owner);
                return st.executeUpdate();
            }
        });
    }

    /** The running executions leased to {@code owner}. */
    public Set<String> runningOf(String owner) {
        return store.withConnection("cannot list the executions of " + owner, c -> {
            try (PreparedStatement st = c.prepareStatement("SELECT arn FROM workflow_executions WHERE owner = ? AND status = 'RUNNING'")) {
                st.setString(1, owner);
                try (ResultSet rs = st.executeQuery()) {
                    Set<String> out = new HashSet<>();
                    while (rs.next()) out.add(rs.getString(1));
                    return out;
                }
            }
        });
    }

    /** Gives up every execution {@code owner} runs at once (its lease ends now), so another process resumes them. */
    public int release(String owner, Instant now) {
        return renew(owner, now.minusMillis(1));
    }

    /** Running executions whose lease has expired, longest expired first. */
    public List<String> expired(Instant now, int max) {
        return store.withConnection("cannot look for abandoned executions", c -> {
            try (PreparedStatement st = c.prepareStatement("SELECT arn FROM workflow_executions WHERE status = 'RUNNING'"
                    + " AND lease_until < ? ORDER BY lease_until LIMIT ?")) {
                dialect.setTimestamp(st, 1, now);
                st.setInt(2, max);
                try (ResultSet rs = st.executeQuery()) {
                    List<String> out = new ArrayList<>();
                    while (rs.next()) out.add(rs.getString(1));
                    return out;
                }
            }
        });
    }

    /** Takes over an execution whose lease expired; false when it was not (another took it first, or it ended). */
    public boolean claim(String arn, String owner, Instant now, Instant until) {
        return store.withConnection("cannot take over execution " + arn, c -> {
            try (PreparedStatement st = c.prepareStatement("UPDATE workflow_executions SET owner = ?, lease_until = ?"
                    + " WHERE arn = ? AND status = 'RUNNING' AND lease_until < ?")) {
                st.setString(1, owner);
                dialect.setTimestamp(st, 2, until);
                st.setString(3, arn);
                dialect.setTimestamp(st, 4, now);
                return st.executeUpdate() == 1;
            }
        });
    }

    /** What resuming an execution needs: its row, its last snapshot (null before the first) and its history. */
    public record Resumable(ExecutionRecord record, JsonNode snapshot, List<HistoryEvent> history) {}

    public Resumable resumable(String arn) {
        return store.inTransaction("cannot read execution " + arn, c -> {
            ExecutionRecord record = find(c, "arn = ?", arn).orElseThrow(() -> notFound(arn));
            JsonNode snapshot = null;
            try (PreparedStatement st = c.prepareStatement("SELECT snapshot FROM workflow_executions WHERE arn = ?")) {
                st.setString(1, arn);
                try (ResultSet rs = st.executeQuery()) {
                    if (rs.next() && rs.getString(1) != null) snapshot = json(rs.getString(1));
                }
            }
            return new Resumable(record, snapshot, history(c, arn, false, Integer.MAX_VALUE, 0));
        });
    }

    /**
     * Stops a running execution wherever it runs (StopExecution): ABORTED with an ExecutionAborted event. Its owner
     * notices at its next recorded transition and lets it go. A finished execution is returned as it is.
     */
    public ExecutionRecord stop(String arn, String error, String cause, Instant now) {
        return store.inTransaction("cannot stop execution " + arn, c -> {
            ExecutionRecord r = find(c, "arn = ?" + dialect.forUpdate(), arn).orElseThrow(() -> notFound(arn));
            if (r.finished()) return r;
            try (PreparedStatement st = c.prepareStatement("UPDATE workflow_executions SET status = 'ABORTED', error = ?, cause = ?,"
                    + " stopped_at = ?, snapshot = NULL, lease_until = NULL, last_event_id = ? WHERE arn = ? AND status = 'RUNNING'")) {
                setText(st, 1, error);
                setText(st, 2, cause);
                dialect.setTimestamp(st, 3, now);
                st.setLong(4, r.lastEventId() + 1);
                st.setString(5, arn);
                st.executeUpdate();
            }
            ObjectNode details = JsonTrees.object();
            if (error != null) details.put("error", error);
            if (cause != null) details.put("cause", cause);
            try (PreparedStatement st = c.prepareStatement("INSERT INTO workflow_events (arn, id, previous_id, type, at, details)"
                    + " VALUES (?, ?, ?, 'ExecutionAborted', ?, ?)")) {
                st.setString(1, arn);
                st.setLong(2, r.lastEventId() + 1);
                st.setLong(3, r.lastEventId());
                dialect.setTimestamp(st, 4, now);
                st.setString(5, JsonTrees.write(details));
                st.executeUpdate();
            }
            return find(c, "arn = ?", arn).orElseThrow();
        });
    }

    public ExecutionRecord describe(String arn) {
        return find(arn).orElseThrow(() -> notFound(arn));
    }

    public Optional<ExecutionRecord> find(String arn) {
        return store.withConnection("cannot read execution " + arn, c -> find(c, "arn = ?", arn));
    }

    public Optional<ExecutionRecord> find(String workflow, String name) {
        return store.withConnection("cannot read execution " + name, c -> find(c, "workflow = ? AND name = ?", workflow, name));
    }

    /**
     * Executions newest first, optionally of one workflow and one status, started before {@code before} (the
     * previous page's last start, for paging); at most {@code limit}.
     */
    public List<ExecutionRecord> list(String workflow, ExecutionStatus status, Instant before, int limit) {
        StringBuilder where = new StringBuilder("1 = 1");
        List<Object> args = new ArrayList<>();
        if (workflow != null) {
            where.append(" AND workflow = ?");
            args.add(workflow);
        }
        if (status != null) {
            where.append(" AND status = ?");
            args.add(status.name());
        }
        if (before != null) {
            where.append(" AND started_at < ?");
            args.add(before);
        }
        return store.withConnection("cannot list executions", c -> {
            try (PreparedStatement st = c.prepareStatement("SELECT " + COLUMNS + " FROM workflow_executions WHERE " + where
                    + " ORDER BY started_at DESC, arn LIMIT ?")) {
                int i = bind(st, args.toArray());
                st.setInt(i, limit);
                try (ResultSet rs = st.executeQuery()) {
                    List<ExecutionRecord> out = new ArrayList<>();
                    while (rs.next()) out.add(read(rs));
                    return out;
                }
            }
        });
    }

    /** Counts of executions by status, of one workflow or all. */
    public Map<ExecutionStatus, Long> counts(String workflow) {
        return store.withConnection("cannot count executions", c -> {
            try (PreparedStatement st = c.prepareStatement("SELECT status, COUNT(*) FROM workflow_executions"
                    + (workflow == null ? "" : " WHERE workflow = ?") + " GROUP BY status")) {
                if (workflow != null) st.setString(1, workflow);
                try (ResultSet rs = st.executeQuery()) {
                    Map<ExecutionStatus, Long> out = new LinkedHashMap<>();
                    for (ExecutionStatus s : ExecutionStatus.values()) out.put(s, 0L);
                    while (rs.next()) out.put(ExecutionStatus.valueOf(rs.getString(1)), rs.getLong(2));
                    return out;
                }
            }
        });
    }

    /**
     * The execution's history (GetExecutionHistory): oldest first, or newest first when {@code reverse}; at most
     * {@code limit} events after (or, reversed, before) event {@code from} (0 for the start).
     */
    public List<HistoryEvent> history(String arn, boolean reverse, int limit, long from) {
        return store.withConnection("cannot read the history of " + arn, c -> {
            if (find(c, "arn = ?", arn).isEmpty()) throw notFound(arn);
            return history(c, arn, reverse, limit, from);
        });
    }

    private List<HistoryEvent> history(Connection c, String arn, boolean reverse, int limit, long from) throws SQLException {
        String range = from <= 0 ? "" : reverse ? " AND id < ?" : " AND id > ?";
        try (PreparedStatement st = c.prepareStatement("SELECT id, previous_id, type, at, details FROM workflow_events WHERE arn = ?"
                + range + " ORDER BY id" + (reverse ? " DESC" : "") + " LIMIT ?")) {
            int i = 1;
            st.setString(i++, arn);
            if (from > 0) st.setLong(i++, from);
            st.setInt(i, limit);
            try (ResultSet rs = st.executeQuery()) {
                List<HistoryEvent> out = new ArrayList<>();
                while (rs.next()) {
                    String details = rs.getString(5);
                    out.add(new HistoryEvent(rs.getLong(1), rs.getLong(2), dialect.getTimestamp(rs, 4), rs.getString(3),
                            details == null ? null : (ObjectNode) json(details)));
                }
                return out;
            }
        }
    }

    private Optional<ExecutionRecord> find(Connection c, String where, Object... args) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("SELECT " + COLUMNS + " FROM workflow_executions WHERE " + where)) {
            bind(st, args);
            try (ResultSet rs = st.executeQuery()) {
                return rs.next() ? Optional.of(read(rs)) : Optional.empty();
            }
        }
    }

    private int bind(PreparedStatement st, Object[] args) throws SQLException {
        int i = 1;
        for (Object a : args) {
            if (a instanceof Instant at) dialect.setTimestamp(st, i++, at);
            else st.setString(i++, (String) a);
        }
        return i;
    }

    private ExecutionRecord read(ResultSet rs) throws SQLException {
        String output = rs.getString(7);
        return new ExecutionRecord(rs.getString(1), rs.getString(2), rs.getInt(3), rs.getString(4),
                ExecutionStatus.valueOf(rs.getString(5)), json(rs.getString(6)), output == null ? null : json(output),
                rs.getString(8), rs.getString(9), dialect.getTimestamp(rs, 10), dialect.getTimestamp(rs, 11), rs.getLong(12),
                rs.getString(13), rs.getString(14));
    }

    private static void setText(PreparedStatement st, int index, String value) throws SQLException {
        if (value == null) st.setNull(index, Types.VARCHAR);
        else st.setString(index, value);
    }

    private static JsonNode json(String text) {
        try {
            return JsonTrees.parse(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored execution field is not JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static NotFoundException notFound(String arn) {
        return new NotFoundException("no execution " + arn);
    }
}
