package dev.inkwell.functions.trigger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.inkwell.core.ConflictException;
import dev.inkwell.core.Json;
import dev.inkwell.store.Dialect;
import dev.inkwell.store.Store;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The triggers and event-source checkpoints tables (migration 3), in plain JDBC on the store's pool. */
final class TriggerStore {
    private static final String COLUMNS = "name, bucket, prefix, suffix, action, options, created_at, caught_up_at";
    private final Store store;

    TriggerStore(Store store) {
        this.store = store;
    }

    Store store() {
        return store;
    }

    /** Adds a trigger; a {@link ConflictException} when one of that name exists. */
    void insert(Trigger t) {
        store.useTransaction("cannot create trigger " + t.name(), c -> {
            try (PreparedStatement st = c.prepareStatement("INSERT INTO triggers (name, bucket, prefix, suffix, action, options, created_at)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (name) DO NOTHING")) {
                st.setString(1, t.name());
                st.setString(2, t.bucket());
                st.setString(3, t.prefix());
                st.setString(4, t.suffix());
                st.setString(5, t.action());
                st.setString(6, t.options().toString());
                store.dialect().setTimestamp(st, 7, t.createdAt());
                if (st.executeUpdate() == 0) throw new ConflictException("trigger " + t.name() + " exists: delete it first to change it");
            }
        });
    }

    List<Trigger> all() {
        return store.withConnection("cannot read the triggers", c -> {
            try (PreparedStatement st = c.prepareStatement("SELECT " + COLUMNS + " FROM triggers ORDER BY name");
                 ResultSet rs = st.executeQuery()) {
                List<Trigger> out = new ArrayList<>();
                while (rs.next()) out.add(trigger(rs));
                return out;
            }
        });
    }

    Optional<Trigger> find(String name) {
        return store.withConnection("cannot read trigger " + name, c -> {
            try (PreparedStatement st = c.prepareStatement("SELECT " + COLUMNS + " FROM triggers WHERE name = ?")) {
                st.setString(1, name);
                try (ResultSet rs = st.executeQuery()) {
                    return rs.next() ? Optional.of(trigger(rs)) : Optional.<Trigger>empty();
                }
            }
        });
    }

    boolean delete(String name) {
        return store.withConnection("cannot delete trigger " + name, c -> {
            try (PreparedStatement st = c.prepareStatement("DELETE FROM triggers WHERE name = ?")) {
                st.setString(1, name);
                return st.executeUpdate() == 1;
            }
        });
    }

    /** Notes that the objects written around this generation's creation were looked for. */
    void caughtUp(Trigger t, Instant at) {
        store.useConnection("cannot update trigger " + t.name(), c -> {
            try (PreparedStatement st = c.prepareStatement("UPDATE triggers SET caught_up_at = ? WHERE name = ? AND created_at = ?")) {
                store.dialect().setTimestamp(st, 1, at);
                st.setString(2, t.name());
                store.dialect().setTimestamp(st, 3, t.createdAt());
                st.executeUpdate();
            }
        });
    }

    /** How far {@code source} is known to have looked, or empty. */
    Optional<Instant> checkpoint(String source) {
        return store.withConnection("cannot read checkpoint " + source, c -> {
            try (PreparedStatement st = c.prepareStatement("SELECT seen_until FROM trigger_checkpoints WHERE source = ?")) {
                st.setString(1, source);
                try (ResultSet rs = st.executeQuery()) {
                    return rs.next() ? Optional.ofNullable(store.dialect().getTimestamp(rs, 1)) : Optional.<Instant>empty();
                }
            }
        });
    }

    /** Moves {@code source}'s checkpoint forward to {@code until} (never back). */
    void advance(String source, Instant until) {
        Dialect d = store.dialect();
        store.useConnection("cannot write checkpoint " + source, c -> {
            try (PreparedStatement st = c.prepareStatement("INSERT INTO trigger_checkpoints (source, seen_until) VALUES (?, ?)"
                    + " ON CONFLICT (source) DO UPDATE SET seen_until = excluded.seen_until WHERE trigger_checkpoints.seen_until < excluded.seen_until")) {
                st.setString(1, source);
                d.setTimestamp(st, 2, until);
                st.executeUpdate();
            }
        });
    }

    private Trigger trigger(ResultSet rs) throws SQLException {
        Dialect d = store.dialect();
        return new Trigger(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5), options(rs.getString(6)),
                d.getTimestamp(rs, 7), d.getTimestamp(rs, 8));
    }

    private static ObjectNode options(String json) {
        try {
            JsonNode node = Json.mapper().readTree(json);
            return node instanceof ObjectNode o ? o : Json.mapper().createObjectNode();
        } catch (JsonProcessingException e) {
            return Json.mapper().createObjectNode(); // written by this class as an object: cannot happen short of a hand edit
        }
    }
}
