package dev.inkwell.workflow.runtime;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.inkwell.core.ConflictException;
import dev.inkwell.core.InputLocation;
import dev.inkwell.core.InvalidInputException;
import dev.inkwell.core.NotFoundException;
import dev.inkwell.store.Store;
import dev.inkwell.workflow.StateMachine;
import dev.inkwell.workflow.json.JsonTrees;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * The workflows kept in the store. A definition is validated (compiled) before it is kept; every change makes a new
 * revision, and executions keep running the revision they started with. Creating a workflow again with the same
 * definition and functions is a no-op (as CreateStateMachine is), with different ones a conflict.
 */
public final class WorkflowCatalog {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.\\-]{1,80}");

    private final Store store;
    private final Clock clock;
    private final Consumer<WorkflowRecord> check;

    /**
     * @param check checks a revision beyond its definition before it is kept (the function mapping, by the task
     *              router); throws {@link InvalidInputException} to refuse it
     */
    public WorkflowCatalog(Store store, Clock clock, Consumer<WorkflowRecord> check) {
        this.store = Objects.requireNonNull(store);
        this.clock = Objects.requireNonNull(clock);
        this.check = Objects.requireNonNull(check);
    }

    public static String checkName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new InvalidInputException(InputLocation.file("workflow name"), "'" + name
                    + "' must be 1 to 80 characters of letters, digits, '-', '_' and '.'");
        }
        return name;
    }

    /** Creates {@code name} at revision 1, or returns it when it already has this very definition and functions. */
    public WorkflowRecord create(String name, JsonNode definition, JsonNode functions) {
        WorkflowRecord candidate = validated(name, definition, functions);
        return store.inTransaction("cannot create workflow " + name, c -> {
            Optional<WorkflowRecord> existing = latest(c, name);
            if (existing.isPresent()) {
                WorkflowRecord e = existing.get();
                if (e.definition().equals(candidate.definition()) && e.functions().equals(candidate.functions())) return e;
                throw new ConflictException("the workflow " + name + " exists (revision " + e.revision()
                        + ") with another definition; update it instead");
            }
            return insert(c, candidate, null);
        });
    }

    /** A new revision of an existing workflow (unchanged when definition and functions are the same). */
    public WorkflowRecord update(String name, JsonNode definition, JsonNode functions) {
        WorkflowRecord candidate = validated(name, definition, functions);
        return store.inTransaction("cannot update workflow " + name, c -> {
            WorkflowRecord e = latest(c, name).orElseThrow(() -> notFound(name));
            if (e.definition().equals(candidate.definition()) && e.functions().equals(candidate.functions())) return e;
            return insert(c, candidate, e.createdAt());
        });
    }

    /** The workflow's current revision. */
    public WorkflowRecord get(String name) {
        return find(name).orElseThrow(() -> notFound(name));
    }

    public Optional<WorkflowRecord> find(String name) {
        checkName(name);
        return store.withConnection("cannot read workflow " + name, c -> latest(c, name));
    }

    /** A given revision, also of a deleted workflow (its executions may still run). */
    public WorkflowRecord get(String name, int revision) {
        return store.withConnection("cannot read workflow " + name, c -> {
            try (PreparedStatement st = c.prepareStatement("SELECT r.name, r.revision, r.definition, r.functions,"
                    + " (SELECT MIN(created_at) FROM workflow_revisions f WHERE f.name = r.name), r.created_at"
                    + " FROM workflow_revisions r WHERE r.name = ? AND r.revision = ?")) {
                st.setString(1, name);
                st.setInt(2, revision);
                try (ResultSet rs = st.executeQuery()) {
                    if (!rs.next()) throw new NotFoundException("no revision " + revision + " of workflow " + name);
                    return read(rs);
                }
            }
        });
    }

    /** All workflows at their current revision, by name. */
    public List<WorkflowRecord> list() {
        return store.withConnection("cannot list workflows", c -> {
            try (PreparedStatement st = c.prepareStatement(SELECT_LATEST + " ORDER BY w.name")) {
                try (ResultSet rs = st.executeQuery()) {
                    List<WorkflowRecord> out = new ArrayList<>();
                    while (rs.next()) out.add(read(rs));
                    return out;
                }
            }
        });
    }

    /**
     * Deletes the workflow: it is no longer listed nor started. Its executions that run carry on with their revision
     * (as DeleteStateMachine lets them), and their history stays.
     */
    public void delete(String name) {
        checkName(name);
        store.useTransaction("cannot delete workflow " + name, c -> {
            try (PreparedStatement st = c.prepareStatement("DELETE FROM workflows WHERE name = ?")) {
                st.setString(1, name);
                if (st.executeUpdate() == 0) throw notFound(name);
            }
        });
    }

    private WorkflowRecord validated(String name, JsonNode definition, JsonNode functions) {
        checkName(name);
        Objects.requireNonNull(definition, "definition");
        StateMachine.of(name, definition); // refuses a bad definition, naming the state and field
        JsonNode fn = functions == null || functions.isNull() ? JsonTrees.object() : functions;
        if (!fn.isObject()) {
            throw new InvalidInputException(InputLocation.file("functions"), "the function mapping must be a JSON object, not "
                    + JsonTrees.typeName(fn));
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS); // what the store keeps
        WorkflowRecord record = new WorkflowRecord(name, 0, definition, fn, now, now);
        check.accept(record);
        return record;
    }

    private WorkflowRecord insert(Connection c, WorkflowRecord candidate, Instant createdAt) throws SQLException {
        int revision;
        try (PreparedStatement st = c.prepareStatement("SELECT COALESCE(MAX(revision), 0) FROM workflow_revisions WHERE name = ?")) {
            st.setString(1, candidate.name());
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                revision = rs.getInt(1) + 1;
            }
        }
        Instant now = candidate.updatedAt();
        Instant created = createdAt == null ? now : createdAt;
        try (PreparedStatement st = c.prepareStatement("INSERT INTO workflow_revisions (name, revision, definition, functions,"
                + " created_at) VALUES (?, ?, ?, ?, ?)")) {
            st.setString(1, candidate.name());
            st.setInt(2, revision);
            st.setString(3, JsonTrees.write(candidate.definition()));
            st.setString(4, JsonTrees.write(candidate.functions()));
            store.dialect().setTimestamp(st, 5, now);
            st.executeUpdate();
        }
        try (PreparedStatement st = c.prepareStatement(store.dialect().upsert("workflows",
                List.of("name", "revision", "created_at", "updated_at"), List.of("name")))) {
            st.setString(1, candidate.name());
            st.setInt(2, revision);
            store.dialect().setTimestamp(st, 3, created);
            store.dialect().setTimestamp(st, 4, now);
            st.executeUpdate();
        }
        return new WorkflowRecord(candidate.name(), revision, candidate.definition(), candidate.functions(), created, now);
    }

    private static final String SELECT_LATEST = "SELECT w.name, w.revision, r.definition, r.functions, w.created_at, w.updated_at"
            + " FROM workflows w JOIN workflow_revisions r ON r.name = w.name AND r.revision = w.revision";

    private Optional<WorkflowRecord> latest(Connection c, String name) throws SQLException {
        try (PreparedStatement st = c.prepareStatement(SELECT_LATEST + " WHERE w.name = ?")) {
            st.setString(1, name);
            try (ResultSet rs = st.executeQuery()) {
                return rs.next() ? Optional.of(read(rs)) : Optional.empty();
            }
        }
    }

    private WorkflowRecord read(ResultSet rs) throws SQLException {
        try {
            return new WorkflowRecord(rs.getString(1), rs.getInt(2), JsonTrees.parse(rs.getString(3)), JsonTrees.parse(rs.getString(4)),
                    store.dialect().getTimestamp(rs, 5), store.dialect().getTimestamp(rs, 6));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the stored workflow " + rs.getString(1) + " is not JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static NotFoundException notFound(String name) {
        return new NotFoundException("no workflow named " + name);
    }
}
