package dev.inkwell.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import dev.inkwell.bucket.Buckets;
import dev.inkwell.core.AtomicFiles;
import dev.inkwell.core.ConflictException;
import dev.inkwell.core.InkwellHome;
import dev.inkwell.core.InvalidInputException;
import dev.inkwell.core.Json;
import dev.inkwell.core.NotFoundException;
import dev.inkwell.inference.ModelCard;
import dev.inkwell.inference.ModelCards;
import dev.inkwell.inference.OnnxImageClassifier;
import dev.inkwell.model.BundledModels;
import dev.inkwell.model.ModelFiles;
import dev.inkwell.model.ModelRef;
import dev.inkwell.model.ModelResolvers;
import dev.inkwell.registry.endpoint.EndpointStore;
import dev.inkwell.store.Dialect;
import dev.inkwell.store.Store;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Inkwell's model registry (MLflow's registry, SageMaker's model packages): registered models with immutable numbered
 * versions, movable aliases with every move kept, approval status and tags, all in the store so every replica sharing
 * it sees the same; the versions' files live in a bucket, addressed by the SHA-256 of their ONNX file. References
 * {@code NAME@ALIAS} and {@code NAME:VERSION} resolve here ({@link #resolver()}).
 *
 * <p>Every change that can alter what an endpoint serves (an alias moved or removed, a status changed, an endpoint
 * changed) counts in one row, {@link #changes()}, that serving replicas watch.
 */
public final class ModelRegistry {
    private static final Logger LOG = LoggerFactory.getLogger(ModelRegistry.class);
    private static final TypeReference<Map<String, String>> TAGS = new TypeReference<>() {
    };
    private static final String VERSION_COLUMNS = "name, version, sha256, artifact, card, source, status, tags, created_at";

    private final Store store;
    private final ArtifactStore artifacts;
    private final ModelResolvers sources;
    private final EndpointStore endpoints;
    private final Clock clock;

    /**
     * @param buckets where versions' files go (bucket {@code bucket}, created when missing)
     * @param cache   where downloaded versions are kept (checked against their SHA-256)
     * @param sources how the models to register are found (bundled, files, …)
     */
    public ModelRegistry(Store store, Buckets buckets, String bucket, Path cache, ModelResolvers sources, Clock clock) {
        this.store = store;
        this.artifacts = new ArtifactStore(buckets.createIfMissing(bucket), cache);
        this.sources = sources.with(resolver());
        this.endpoints = new EndpointStore(store, this, clock);
        this.clock = clock;
    }

    /** The registry of {@code store}, its files in bucket {@code models}, its cache under {@code $INKWELL_HOME/cache/registry}. */
    public static ModelRegistry open(Store store, Buckets buckets) {
        return new ModelRegistry(store, buckets, ArtifactStore.DEFAULT_BUCKET, InkwellHome.cache().resolve("registry"),
                ModelResolvers.defaults(), Clock.systemUTC());
    }

    public Store store() {
        return store;
    }

    /** The endpoint definitions kept with this registry. */
    public EndpointStore endpoints() {
        return endpoints;
    }

    /** Model references of every scheme, this registry's included. */
    public ModelResolvers resolvers() {
        return sources;
    }

    /** Resolves {@code registry:} references through this registry (downloading and checking the files). */
    public RegistryResolver resolver() {
        return new RegistryResolver(this);
    }

    /**
     * Registers a new version: the model is found, checked to load as an image classifier (its card completed from the
     * model where it has none), its files stored, and the version numbered one past the model's newest. With an alias,
     * the alias moves to it in the same transaction.
     */
    public ModelVersion register(Registration r) {
        ModelFiles files = sources.resolve(r.from());
        ModelCard card;
        try (OnnxImageClassifier checked = OnnxImageClassifier.load(files, 1)) {
            card = checked.card();
        }
        String sha = ArtifactStore.sha256(files.onnx());
        byte[] cardJson = ModelCards.toJson(card).getBytes(StandardCharsets.UTF_8);
        String artifact = artifacts.upload(sha, files, cardJson, reports(r.from(), files));
        ModelVersion version = store.inTransaction("cannot register " + r.name(), c -> {
            Dialect d = store.dialect();
            d.lockForTransaction(c, "model:" + r.name());
            Instant now = clock.instant();
            if (!modelExists(c, r.name())) {
                try (PreparedStatement st = c.prepareStatement("INSERT INTO registered_models (name, description, created_at) VALUES (?, ?, ?)")) {
                    st.setString(1, r.name());
                    st.setString(2, r.description());
                    d.setTimestamp(st, 3, now);
                    st.executeUpdate();
                }
            }
            int next;
            try (PreparedStatement st = c.prepareStatement("SELECT COALESCE(MAX(version), 0) + 1 FROM model_versions WHERE name = ?")) {
                st.setString(1, r.name());
                try (ResultSet rs = st.executeQuery()) {
                    rs.next();
                    next = rs.getInt(1);
                }
            }
            try (PreparedStatement st = c.prepareStatement("INSERT INTO model_versions (" + VERSION_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                st.setString(1, r.name());
                st.setInt(2, next);
                st.setString(3, sha);
                st.setString(4, artifact);
                st.setString(5, new String(cardJson, StandardCharsets.UTF_8));
                st.setString(6, r.source().id());
                st.setString(7, r.status().id());
                st.setString(8, json(r.tags()));
                d.setTimestamp(st, 9, now);
                st.executeUpdate();
            }
            event(c, r.name(), ModelEvent.Kind.REGISTERED, null, null, next, r.source().id() + " from " + r.from());
            if (r.alias() != null) moveAlias(c, r.name(), r.alias(), next);
            return readVersion(c, r.name(), next).orElseThrow();
        });
        LOG.info("registered {} ({}{}), sha256 {}", version.label(), r.source().id(), r.alias() == null ? "" : ", alias " + r.alias(),
                sha.substring(0, 12));
        return version;
    }

    /** The SHA-256 a version registered from this {@code .onnx} file carries (to find an upload registered before). */
    public static String sha256(Path onnx) {
        return ArtifactStore.sha256(onnx);
    }

    /** Every registered model, by name. */
    public List<RegisteredModel> models() {
        return store.withConnection("cannot list registered models", c -> {
            List<String> names = new ArrayList<>();
            try (PreparedStatement st = c.prepareStatement("SELECT name FROM registered_models ORDER BY name")) {
                try (ResultSet rs = st.executeQuery()) {
                    while (rs.next()) names.add(rs.getString(1));
                }
            }
            List<RegisteredModel> out = new ArrayList<>();
            for (String n : names) readModel(c, n).ifPresent(out::add);
            return out;
        });
    }

    public RegisteredModel model(String name) {
        RegistryNames.model(name);
        return store.withConnection("cannot read model " + name, c -> readModel(c, name))
                .orElseThrow(() -> new NotFoundException("no registered model named '" + name + "'; see 'inkwell models list'"));
    }

    /** The version a registry reference names: {@code NAME:VERSION}, or where {@code NAME@ALIAS} points now. */
    public ModelVersion version(ModelRef.Registry ref) {
        String name = RegistryNames.model(ref.name());
        return store.withConnection("cannot read model " + name, c -> {
            int v;
            if (ref instanceof ModelRef.RegistryAlias ra) {
                Optional<Integer> target = aliasTarget(c, name, RegistryNames.alias(ra.alias()));
                if (target.isEmpty()) throw new NotFoundException(aliasMissing(c, name, ra.alias()));
                v = target.get();
            } else {
                v = RegistryNames.version(((ModelRef.RegistryVersion) ref).version());
            }
            Optional<ModelVersion> found = readVersion(c, name, v);
            if (found.isEmpty()) {
                throw new NotFoundException(modelExists(c, name) ? "model " + name + " has no version " + v
                        : "no registered model named '" + name + "'; see 'inkwell models list'");
            }
            return found.get();
        });
    }

    public ModelVersion version(String name, int version) {
        return version(new ModelRef.RegistryVersion(name, Integer.toString(version)));
    }

    /** The version's files in the local cache (downloaded and checked against its SHA-256 when needed). */
    public ModelFiles files(ModelVersion v) {
        return artifacts.fetch(v.label(), v.sha256());
    }

    /** Copies the files of the version {@code ref} names into {@code dir} (created); returns them there. */
    public ModelFiles download(ModelRef.Registry ref, Path dir) {
        ModelVersion v = version(ref);
        ModelFiles from = files(v);
        ModelFiles to = ModelFiles.in(dir);
        try {
            Files.createDirectories(dir);
            Files.copy(from.onnx(), to.onnx(), StandardCopyOption.REPLACE_EXISTING);
            Files.copy(from.card(), to.card(), StandardCopyOption.REPLACE_EXISTING);
            if (from.hasParams()) Files.copy(from.params(), to.params(), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write into " + dir, e);
        }
        return to;
    }

    /** The report files stored with a version (training curves, test report, confusion matrix), by file name. */
    public List<String> reports(ModelVersion v) {
        return List.copyOf(artifacts.reports(v.sha256()).keySet());
    }

    public byte[] report(ModelVersion v, String file) {
        return artifacts.report(v.sha256(), file);
    }

    /** Points {@code alias} of {@code name} at {@code version} (creating the alias), keeping the move in the history. */
    public ModelVersion moveAlias(String name, String alias, int version) {
        RegistryNames.model(name);
        RegistryNames.alias(alias);
        return store.inTransaction("cannot move alias " + name + "@" + alias, c -> {
            store.dialect().lockForTransaction(c, "model:" + name);
            ModelVersion target = readVersion(c, name, version).orElseThrow(() -> new NotFoundException("model " + name
                    + " has no version " + version));
            moveAlias(c, name, alias, version);
            return target;
        });
    }

    /** Removes {@code alias}; refused while an endpoint follows it. */
    public void removeAlias(String name, String alias) {
        RegistryNames.alias(alias);
        endpoints.requireUnused(new ModelRef.RegistryAlias(name, alias), "remove alias " + name + "@" + alias);
        store.useTransaction("cannot remove alias " + name + "@" + alias, c -> {
            store.dialect().lockForTransaction(c, "model:" + name);
            Optional<Integer> target = aliasTarget(c, name, alias);
            if (target.isEmpty()) throw new NotFoundException(aliasMissing(c, name, alias));
            Integer from = target.get();
            try (PreparedStatement st = c.prepareStatement("DELETE FROM model_aliases WHERE name = ? AND alias = ?")) {
                st.setString(1, name);
                st.setString(2, alias);
                st.executeUpdate();
            }
            event(c, name, ModelEvent.Kind.ALIAS_REMOVED, alias, from, null, null);
            bumpChanges(c);
        });
    }

    public ModelVersion setStatus(String name, int version, ApprovalStatus status) {
        return store.inTransaction("cannot change the status of " + name + ":" + version, c -> {
            store.dialect().lockForTransaction(c, "model:" + name);
            ModelVersion v = readVersion(c, name, version).orElseThrow(() -> new NotFoundException("model " + name + " has no version " + version));
            try (PreparedStatement st = c.prepareStatement("UPDATE model_versions SET status = ? WHERE name = ? AND version = ?")) {
                st.setString(1, status.id());
                st.setString(2, name);
                st.setInt(3, version);
                st.executeUpdate();
            }
            event(c, name, ModelEvent.Kind.STATUS, null, null, version, v.status().id() + " -> " + status.id());
            bumpChanges(c);
            return readVersion(c, name, version).orElseThrow();
        });
    }

    /** Sets (or, with a null value, removes) tag {@code key} of a version. */
    public ModelVersion tag(String name, int version, String key, String value) {
        if (key == null || !key.matches("[A-Za-z0-9][A-Za-z0-9._:/-]{0,63}")) {
            throw new InvalidInputException("tag key '" + key + "': use 1-64 letters, digits, '.', '_', ':', '/' or '-'");
        }
        if (value != null && value.length() > 1024) throw new InvalidInputException("tag " + key + ": at most 1024 characters");
        return store.inTransaction("cannot tag " + name + ":" + version, c -> {
            store.dialect().lockForTransaction(c, "model:" + name);
            ModelVersion v = readVersion(c, name, version).orElseThrow(() -> new NotFoundException("model " + name + " has no version " + version));
            Map<String, String> tags = new TreeMap<>(v.tags());
            if (value == null) tags.remove(key);
            else tags.put(key, value);
            try (PreparedStatement st = c.prepareStatement("UPDATE model_versions SET tags = ? WHERE name = ? AND version = ?")) {
                st.setString(1, json(tags));
                st.setString(2, name);
                st.setInt(3, version);
                st.executeUpdate();
            }
            event(c, name, ModelEvent.Kind.TAGGED, null, null, version, key + (value == null ? " removed" : "=" + value));
            return readVersion(c, name, version).orElseThrow();
        });
    }

    /** The model's history, oldest first: registrations, alias moves, status and tag changes, deletions. */
    public List<ModelEvent> history(String name) {
        model(name);
        return store.withConnection("cannot read the history of " + name, c -> {
            List<ModelEvent> out = new ArrayList<>();
            try (PreparedStatement st = c.prepareStatement("SELECT id, name, kind, alias, from_version, to_version, detail, at FROM model_events"
                    + " WHERE name = ? ORDER BY id")) {
                st.setString(1, name);
                try (ResultSet rs = st.executeQuery()) {
                    while (rs.next()) {
                        out.add(new ModelEvent(rs.getLong(1), rs.getString(2), ModelEvent.Kind.parse(rs.getString(3)), rs.getString(4),
                                nullableInt(rs, 5), nullableInt(rs, 6),
                                rs.getString(7), store.dialect().getTimestamp(rs, 8)));
                    }
                }
            }
            return out;
        });
    }

    /** Deletes one version; refused while an alias points at it or an endpoint serves it. */
    public void deleteVersion(String name, int version) {
        endpoints.requireUnused(new ModelRef.RegistryVersion(name, Integer.toString(version)), "delete " + name + ":" + version);
        store.useTransaction("cannot delete " + name + ":" + version, c -> {
            store.dialect().lockForTransaction(c, "model:" + name);
            readVersion(c, name, version).orElseThrow(() -> new NotFoundException("model " + name + " has no version " + version));
            for (Map.Entry<String, Integer> a : aliases(c, name).entrySet()) {
                if (a.getValue() == version) {
                    throw new ConflictException(name + ":" + version + " is where alias " + a.getKey() + " points: move or remove the alias first");
                }
            }
            try (PreparedStatement st = c.prepareStatement("DELETE FROM model_versions WHERE name = ? AND version = ?")) {
                st.setString(1, name);
                st.setInt(2, version);
                st.executeUpdate();
            }
            event(c, name, ModelEvent.Kind.VERSION_DELETED, null, version, null, null);
        });
    }

    /** Deletes a model with all its versions, aliases and history; refused while an endpoint serves any of it. */
    public void deleteModel(String name) {
        model(name);
        endpoints.requireUnused(name, "delete model " + name);
        store.useTransaction("cannot delete model " + name, c -> {
            store.dialect().lockForTransaction(c, "model:" + name);
            for (String table : List.of("model_aliases", "model_versions", "model_events", "registered_models")) {
                try (PreparedStatement st = c.prepareStatement("DELETE FROM " + table + " WHERE name = ?")) {
                    st.setString(1, name);
                    st.executeUpdate();
                }
            }
            bumpChanges(c);
        });
    }

    /** A number that grows with every change that can alter what an endpoint serves. */
    public long changes() {
        return store.withConnection("cannot read the registry", c -> {
            try (PreparedStatement st = c.prepareStatement("SELECT changes FROM registry_changes WHERE id = 1");
                 ResultSet rs = st.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0L;
            }
        });
    }

    // ---- within transactions -----------------------------------------------------------------------------------

    /** Counts a change that replicas must notice; call inside the transaction that makes it. */
    public static void bumpChanges(Connection c) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("UPDATE registry_changes SET changes = changes + 1 WHERE id = 1")) {
            st.executeUpdate();
        }
    }

    private void moveAlias(Connection c, String name, String alias, int version) throws SQLException {
        Integer from = aliasTarget(c, name, alias).orElse(null);
        try (PreparedStatement st = c.prepareStatement(store.dialect().upsert("model_aliases", List.of("name", "alias", "version", "updated_at"),
                List.of("name", "alias")))) {
            st.setString(1, name);
            st.setString(2, alias);
            st.setInt(3, version);
            store.dialect().setTimestamp(st, 4, clock.instant());
            st.executeUpdate();
        }
        event(c, name, ModelEvent.Kind.ALIAS_MOVED, alias, from, version, null);
        bumpChanges(c);
    }

    private void event(Connection c, String name, ModelEvent.Kind kind, String alias, Integer from, Integer to, String detail) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("INSERT INTO model_events (name, kind, alias, from_version, to_version, detail, at)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            st.setString(1, name);
            st.setString(2, kind.id());
            st.setString(3, alias);
            st.setObject(4, from);
            st.setObject(5, to);
            st.setString(6, detail);
            store.dialect().setTimestamp(st, 7, clock.instant());
            st.executeUpdate();
        }
    }

    private static Integer nullableInt(ResultSet rs, int column) throws SQLException {
        int v = rs.getInt(column);
        return rs.wasNull() ? null : v;
    }

    private static boolean modelExists(Connection c, String name) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("SELECT 1 FROM registered_models WHERE name = ?")) {
            st.setString(1, name);
            try (ResultSet rs = st.executeQuery()) {
                return rs.next();
            }
        }
    }

    private static Optional<Integer> aliasTarget(Connection c, String name, String alias) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("SELECT version FROM model_aliases WHERE name = ? AND alias = ?")) {
            st.setString(1, name);
            st.setString(2, alias);
            try (ResultSet rs = st.executeQuery()) {
                return rs.next() ? Optional.of(rs.getInt(1)) : Optional.empty();
            }
        }
    }

    private static String aliasMissing(Connection c, String name, String alias) throws SQLException {
        if (!modelExists(c, name)) return "no registered model named '" + name + "'; see 'inkwell models list'";
        return "model " + name + " has no alias '" + alias + "'" + (aliases(c, name).isEmpty() ? "" : " (it has " + String.join(", ", aliases(c, name).keySet()) + ")");
    }

    private static Map<String, Integer> aliases(Connection c, String name) throws SQLException {
        Map<String, Integer> out = new TreeMap<>();
        try (PreparedStatement st = c.prepareStatement("SELECT alias, version FROM model_aliases WHERE name = ?")) {
            st.setString(1, name);
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) out.put(rs.getString(1), rs.getInt(2));
            }
        }
        return out;
    }

    private Optional<RegisteredModel> readModel(Connection c, String name) throws SQLException {
        String description;
        Instant created;
        try (PreparedStatement st = c.prepareStatement("SELECT description, created_at FROM registered_models WHERE name = ?")) {
            st.setString(1, name);
            try (ResultSet rs = st.executeQuery()) {
                if (!rs.next()) return Optional.empty();
                description = rs.getString(1);
                created = store.dialect().getTimestamp(rs, 2);
            }
        }
        List<ModelVersion> versions = new ArrayList<>();
        try (PreparedStatement st = c.prepareStatement("SELECT " + VERSION_COLUMNS + " FROM model_versions WHERE name = ? ORDER BY version")) {
            st.setString(1, name);
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) versions.add(version(rs));
            }
        }
        return Optional.of(new RegisteredModel(name, description, created, versions, aliases(c, name)));
    }

    private Optional<ModelVersion> readVersion(Connection c, String name, int version) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("SELECT " + VERSION_COLUMNS + " FROM model_versions WHERE name = ? AND version = ?")) {
            st.setString(1, name);
            st.setInt(2, version);
            try (ResultSet rs = st.executeQuery()) {
                return rs.next() ? Optional.of(version(rs)) : Optional.empty();
            }
        }
    }

    private ModelVersion version(ResultSet rs) throws SQLException {
        String name = rs.getString(1);
        int v = rs.getInt(2);
        ModelCard card = ModelCards.parse(rs.getString(5).getBytes(StandardCharsets.UTF_8), name + ":" + v + " card");
        Map<String, String> tags;
        try {
            tags = Json.mapper().readValue(rs.getString(8), TAGS);
        } catch (JsonProcessingException e) {
            tags = Map.of();
        }
        return new ModelVersion(name, v, rs.getString(3), rs.getString(4), card, VersionSource.parse(rs.getString(6)),
                ApprovalStatus.parse(rs.getString(7)), tags, store.dialect().getTimestamp(rs, 9));
    }

    private static String json(Map<String, String> tags) {
        try {
            return Json.mapper().writeValueAsString(new LinkedHashMap<>(tags));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Report files to keep with a version: those beside its files, or a bundled model's own report. */
    private static List<Path> reports(ModelRef from, ModelFiles files) {
        if (from instanceof ModelRef.Bundled b) {
            Path dir = files.folder().resolve("report");
            for (String name : List.of("history.json", "training-curves.png", "test-metrics.json", "test-report.txt", "test-confusion.png",
                    "test-mistakes.png", "training-command.txt")) {
                byte[] bytes = BundledModels.file(b.name(), "report/" + name);
                Path target = dir.resolve(name);
                if (bytes != null && !Files.exists(target)) AtomicFiles.write(target, out -> out.write(bytes));
            }
        }
        return ArtifactStore.reportsIn(files.folder());
    }
}
