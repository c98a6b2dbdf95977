package dev.inkwell.functions.builtin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.inkwell.bucket.ObjectContent;
import dev.inkwell.core.AtomicFiles;
import dev.inkwell.core.InputLocation;
import dev.inkwell.core.InvalidInputException;
import dev.inkwell.core.Json;
import dev.inkwell.core.NotFoundException;
import dev.inkwell.core.UnavailableException;
import dev.inkwell.functions.FunctionFailure;
import dev.inkwell.model.ModelFiles;
import dev.inkwell.model.ModelRef;
import dev.inkwell.registry.ModelRegistry;
import dev.inkwell.registry.ModelVersion;
import dev.inkwell.registry.RegisteredModel;
import dev.inkwell.registry.Registration;
import dev.inkwell.registry.VersionSource;
import dev.inkwell.registry.endpoint.EndpointDefinition;
import dev.inkwell.registry.endpoint.EndpointRevision;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Seed 001's model upload through the model registry: the uploaded {@code .onnx} (with {@code NAME.card.json} beside
 * it when there is one) is registered as a new version of a model, the model's alias moves to it, and the endpoint
 * follows the alias ({@code registry:MODEL@ALIAS}; a missing endpoint is created so). Every replica sharing the store
 * then serves it within its poll interval; this one at once. The same upload twice registers nothing more: a version
 * with the same SHA-256 is reused. A model that does not load is refused before anything changes.
 */
public final class RegistryDeployer implements ModelDeployer {
    private static final Logger LOG = LoggerFactory.getLogger(RegistryDeployer.class);
    private static final long MAX_MODEL_BYTES = 2L << 30;

    private final Supplier<ModelRegistry> registry;
    private final Runnable deployed;

    /**
     * @param deployed run after the endpoint's definition or alias changed (a server refreshes its endpoints; other
     *                 replicas notice on their own)
     */
    public RegistryDeployer(Supplier<ModelRegistry> registry, Runnable deployed) {
        this.registry = registry;
        this.deployed = deployed;
    }

    @Override
    public JsonNode deploy(ModelUpload upload) throws FunctionFailure {
        ModelRegistry r = registry.get();
        String model = upload.model() == null ? upload.endpoint() : upload.model();
        String alias = upload.alias() == null ? ModelUpload.DEFAULT_ALIAS : upload.alias();
        String follow = new ModelRef.RegistryAlias(model, alias).toString();
        Optional<EndpointRevision> existing = r.endpoints().find(upload.endpoint());
        if (existing.isPresent() && !follows(existing.get().definition(), model, alias)) {
            throw new FunctionFailure(FunctionFailure.CONFLICT, "endpoint " + upload.endpoint() + " does not follow " + follow
                    + " (it serves " + existing.get().definition().variants().stream().map(v -> v.model()).toList()
                    + "): point a variant at " + follow + " (inkwell endpoints update) to let uploads replace its model", false);
        }
        Path dir = null;
        try {
            dir = Files.createTempDirectory("inkwell-upload");
            Path onnx = dir.resolve(ModelFiles.ONNX);
            download(upload, upload.key(), onnx);
            String cardKey = cardKey(upload.key());
            if (upload.bucket().exists(cardKey)) download(upload, cardKey, dir.resolve(ModelFiles.CARD));
            String sha = ModelRegistry.sha256(onnx);
            ModelVersion version = sameVersion(r, model, sha).orElse(null);
            String action;
            if (version == null) {
                Registration reg = Registration.of(model, new ModelRef.LocalPath(dir), VersionSource.UPLOAD).withAlias(alias)
                        .withTags(Map.of("source", "s3://" + upload.bucket().name() + "/" + upload.key(), "origin", upload.origin()));
                try {
                    version = r.register(reg);
                } catch (RuntimeException e) {
                    if (e instanceof UncheckedIOException || e instanceof UnavailableException) throw e;
                    throw new FunctionFailure(FunctionFailure.INVALID_INPUT, "s3://" + upload.bucket().name() + "/" + upload.key()
                            + " is not a model endpoint " + upload.endpoint() + " can serve: " + e.getMessage(), false, null, e);
                }
                action = "registered";
            } else {
                Integer at = r.model(model).aliases().get(alias);
                if (at == null || at != version.version()) r.moveAlias(model, alias, version.version());
                action = "already registered";
            }
            if (existing.isEmpty()) r.endpoints().create(EndpointDefinition.single(upload.endpoint(), follow));
            deployed.run();
            LOG.info("endpoint {} follows {}: {} from s3://{}/{} ({})", upload.endpoint(), follow, version.label(), upload.bucket().name(),
                    upload.key(), action);
            return answer(upload, version, alias, action);
        } catch (IOException e) {
            throw new FunctionFailure(FunctionFailure.UNAVAILABLE, "cannot stage s3://" + upload.bucket().name() + "/" + upload.key()
                    + ": " + e.getMessage(), true, null, e);
        } finally {
            deleteQuietly(dir);
        }
    }

    private static boolean follows(EndpointDefinition d, String model, String alias) {
        ModelRef wanted = new ModelRef.RegistryAlias(model, alias);
        return d.variants().stream().anyMatch(v -> wanted.equals(v.ref()));
    }

    private static Optional<ModelVersion> sameVersion(ModelRegistry r, String model, String sha) {
        RegisteredModel m;
        try {
            m = r.model(model);
        } catch (NotFoundException e) {
            return Optional.empty();
        }
        return m.versions().stream().filter(v -> v.sha256().equals(sha)).reduce((a, b) -> b);
    }

    /** {@code models/digits.onnx} → {@code models/digits.card.json}. */
    static String cardKey(String key) {
        return key.substring(0, key.length() - ".onnx".length()) + ".card.json";
    }

    private static void download(ModelUpload upload, String key, Path file) {
        try (ObjectContent content = upload.bucket().get(key)) {
            if (content.length() > MAX_MODEL_BYTES) {
                throw new InvalidInputException(InputLocation.file("s3://" + upload.bucket().name() + "/" + key),
                        content.length() + " bytes: larger than any model served here");
            }
            AtomicFiles.write(file, out -> {
                try (InputStream in = content.stream()) {
                    in.transferTo(out);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read s3://" + upload.bucket().name() + "/" + key + ": " + e.getMessage(), e);
        }
    }

    private static JsonNode answer(ModelUpload upload, ModelVersion v, String alias, String action) {
        ObjectNode out = Json.mapper().createObjectNode();
        out.put("bucket", upload.bucket().name());
        out.put("key", upload.key());
        out.put("endpoint", upload.endpoint());
        out.put("model", v.name());
        out.put("version", v.version());
        out.put("alias", alias);
        out.put("sha256", v.sha256());
        out.put("card", v.card().name());
        out.put("action", action);
        return out;
    }

    private static void deleteQuietly(Path dir) {
        if (dir == null) return;
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    LOG.debug("cannot delete {}: {}", p, e.toString());
                }
            });
        } catch (IOException e) {
            LOG.debug("cannot delete {}: {}", dir, e.toString());
        }
    }
}
