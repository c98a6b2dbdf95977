package dev.inkwell.registry.endpoint;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.inkwell.core.ConflictException;
import dev.inkwell.core.Json;
import dev.inkwell.core.NotFoundException;
import dev.inkwell.core.UnprocessableException;
import dev.inkwell.model.ModelRef;
import dev.inkwell.registry.ApprovalStatus;
import dev.inkwell.registry.ModelRegistry;
import dev.inkwell.registry.ModelVersion;
import dev.inkwell.registry.RegistryNames;
import dev.inkwell.store.Store;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Endpoint definitions in the store, each change a numbered revision kept forever: {@link #rollback} re-applies the
 * revision before the current one as a new revision, so going back is itself in the history. Every change counts in
 * the registry's change counter, which serving replicas watch.
 */
public final class EndpointStore {
    private final Store store;
    private final ModelRegistry registry;
    private final Clock clock;

    public EndpointStore(Store store, ModelRegistry registry, Clock clock) {
        this.store = store;
        this.registry = registry;
        this.clock = clock;
    }

    /** Creates an endpoint; refused when the name is taken or a variant's model cannot be found. */
    public EndpointRevision create(EndpointDefinition d) {
        check(d);
        return store.inTransaction("cannot create endpoint " + d.name(), c -> {
            store.dialect().lockForTransaction(c, "endpoint:" + d.name());
            if (current(c, d.name()).isPresent()) {
                throw new ConflictException("endpoint " + d.name() + " exists: use 'endpoints update' to change it");
            }
            return write(c, d, nextRevision(c, d.name()), "create");
        });
    }

    /** Replaces an endpoint's definition with a new revision. */
    public EndpointRevision update(EndpointDefinition d) {
        check(d);
        return store.inTransaction("cannot update endpoint " + d.name(), c -> {
            store.dialect().lockForTransaction(c, "endpoint:" + d.name());
            if (current(c, d.name()).isEmpty()) throw notFound(d.name());
            return write(c, d, nextRevision(c, d.name()), "update");
        });
    }

    /** Goes back to the definition the endpoint had before its last change, as a new revision. */
    public EndpointRevision rollback(String name) {
        RegistryNames.endpoint(name);
        return store.inTransaction("cannot roll back endpoint " + name, c -> {
            store.dialect().lockForTransaction(c, "endpoint:" + name);
            EndpointRevision now = current(c, name).orElseThrow(() -> notFound(name));
            EndpointDefinition previous = null;
            for (EndpointRevision r : revisions(c, name)) {
                if (r.revision() < now.revision() && r.definition() != null) previous = r.definition();
            }
            if (previous == null) throw new ConflictException("endpoint " + name + " has no earlier configuration to return to");
            check(previous);
            return write(c, previous, nextRevision(c, name), "rollback");
        });
    }

    public void delete(String name) {
        RegistryNames.endpoint(name);
        store.useTransaction("cannot delete endpoint " + name, c -> {
            store.dialect().lockForTransaction(c, "endpoint:" + name);
            if (current(c, name).isEmpty()) throw notFound(name);
            int revision = nextRevision(c, name);
            try (PreparedStatement st = c.prepareStatement("DELETE FROM endpoints WHERE name = ?")) {
                st.setString(1, name);
                st.executeUpdate();
            }
            revision(c, name, revision, "delete", null);
            ModelRegistry.bumpChanges(c);
        });
    }

    public Optional<EndpointRevision> find(String name) {
        RegistryNames.endpoint(name);
        return store.withConnection("cannot read endpoint " + name, c -> current(c, name));
    }

    public EndpointRevision get(String name) {
        return find(name).orElseThrow(() -> notFound(name));
    }

    /** Every endpoint, by name. */
    public List<EndpointRevision> list() {
        return store.withConnection("cannot list endpoints", c -> {
            List<EndpointRevision> out = new ArrayList<>();
            try (PreparedStatement st = c.prepareStatement("SELECT name, revision, definition, updated_at FROM endpoints ORDER BY name");
                 ResultSet rs = st.executeQuery()) {
                while (rs.next()) out.add(new EndpointRevision(rs.getString(1), rs.getInt(2), "current", parse(rs.getString(3)), store.dialect().getTimestamp(rs, 4)));
            }
            return out;
        });
    }

    /** Every revision of {@code name}, oldest first (also after a delete). */
    public List<EndpointRevision> history(String name) {
        RegistryNames.endpoint(name);
        List<EndpointRevision> out = store.withConnection("cannot read the history of endpoint " + name, c -> revisions(c, name));
        if (out.isEmpty()) throw notFound(name);
        return out;
    }

    /** Refuses {@code action} while an endpoint's variant or shadow names the registry reference {@code ref}. */
    public void requireUnused(ModelRef.Registry ref, String action) {
        for (EndpointRevision e : list()) {
            for (String model : models(e.definition())) {
                if (model.equals(ref.toString())) {
                    throw new ConflictException("cannot " + action + ": endpoint " + e.name() + " serves " + ref + "; change the endpoint first");
                }
            }
        }
    }

    /** Refuses {@code action} while an endpoint serves any version of the registered model {@code name}. */
    public void requireUnused(String name, String action) {
        for (EndpointRevision e : list()) {
            for (String model : models(e.definition())) {
                if (ModelRef.parse(model) instanceof ModelRef.Registry r && r.name().equals(name)) {
                    throw new ConflictException("cannot " + action + ": endpoint " + e.name() + " serves " + model + "; change the endpoint first");
                }
            }
        }
    }

    private static List<String> models(EndpointDefinition d) {
        return Stream.concat(d.variants().stream().map(Variant::model), d.shadow() == null ? Stream.empty() : Stream.of(d.shadow().model())).toList();
    }

    /** Registry references must name something that exists (and is approved when the endpoint requires it). */
    private void check(EndpointDefinition d) {
        for (String model : models(d)) {
            if (!(ModelRef.parse(model) instanceof ModelRef.Registry r)) continue;
            ModelVersion v = registry.version(r);
            if (d.requireApproved() && v.status() != ApprovalStatus.APPROVED) {
                throw new UnprocessableException("endpoint " + d.name() + " takes approved versions only, and " + model + " is "
                        + v.label() + ", " + v.status().id() + ": approve it first ('inkwell models approve " + v.label() + "')");
            }
        }
    }

    private EndpointRevision write(Connection c, EndpointDefinition d, int revision, String action) throws SQLException {
        String json = json(d);
        try (PreparedStatement st = c.prepareStatement(store.dialect().upsert("endpoints", List.of("name", "definition", "revision", "updated_at"),
                List.of("name")))) {
            st.setString(1, d.name());
            st.setString(2, json);
            st.setInt(3, revision);
            store.dialect().setTimestamp(st, 4, clock.instant());
            st.executeUpdate();
        }
        revision(c, d.name(), revision, action, json);
        ModelRegistry.bumpChanges(c);
        return current(c, d.name()).orElseThrow();
    }

    private void revision(Connection c, String name, int revision, String action, String json) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("INSERT INTO endpoint_revisions (name, revision, definition, action, at) VALUES (?, ?, ?, ?, ?)")) {
            st.setString(1, name);
            st.setInt(2, revision);
            st.setString(3, json);
            st.setString(4, action);
            store.dialect().setTimestamp(st, 5, clock.instant());
            st.executeUpdate();
        }
    }

    private static int nextRevision(Connection c, String name) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("SELECT COALESCE(MAX(revision), 0) + 1 FROM endpoint_revisions WHERE name = ?")) {
            st.setString(1, name);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    private Optional<EndpointRevision> current(Connection c, String name) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("SELECT e.revision, e.definition, e.updated_at, r.action FROM endpoints e"
                + " JOIN endpoint_revisions r ON r.name = e.name AND r.revision = e.revision WHERE e.name = ?")) {
            st.setString(1, name);
            try (ResultSet rs = st.executeQuery()) {
                if (!rs.next()) return Optional.empty();
                return Optional.of(new EndpointRevision(name, rs.getInt(1), rs.getString(4), parse(rs.getString(2)), store.dialect().getTimestamp(rs, 3)));
            }
        }
    }

    private List<EndpointRevision> revisions(Connection c, String name) throws SQLException {
        List<EndpointRevision> out = new ArrayList<>();
        try (PreparedStatement st = c.prepareStatement("SELECT revision, action, definition, at FROM endpoint_revisions WHERE name = ? ORDER BY revision")) {
            st.setString(1, name);
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    String json = rs.getString(3);
                    out.add(new EndpointRevision(name, rs.getInt(1), rs.getString(2), json == null ? null : parse(json), store.dialect().getTimestamp(rs, 4)));
                }
            }
        }
        return out;
    }

    private static NotFoundException notFound(String name) {
        return new NotFoundException("no endpoint named '" + name + "'; see 'inkwell endpoints list'");
    }

    private static String json(EndpointDefinition d) {
        try {
            return Json.mapper().writeValueAsString(d);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static EndpointDefinition parse(String json) {
        try {
            return Json.mapper().readValue(json, EndpointDefinition.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored endpoint definition does not read back: " + e.getOriginalMessage(), e);
        }
    }
}
