package dev.inkwell.server.models;

import com.fasterxml.jackson.databind.JsonNode;
import dev.inkwell.core.InputTooLargeException;
import dev.inkwell.core.InvalidInputException;
import dev.inkwell.core.Json;
import dev.inkwell.inference.ModelCards;
import dev.inkwell.model.ModelRef;
import dev.inkwell.registry.ApprovalStatus;
import dev.inkwell.registry.ModelEvent;
import dev.inkwell.registry.ModelRegistry;
import dev.inkwell.registry.ModelVersion;
import dev.inkwell.registry.RegisteredModel;
import dev.inkwell.registry.Registration;
import dev.inkwell.registry.RegistryNames;
import dev.inkwell.registry.VersionSource;
import dev.inkwell.server.ApiRoute;
import dev.inkwell.server.RouteGroup;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The model registry over HTTP: registered models, their versions (card, metrics, the training curves and confusion
 * matrix stored with them), aliases and history for anyone; with the API key, registering an uploaded ONNX file,
 * moving and removing aliases, approving versions and deleting.
 */
public final class ModelRoutes implements RouteGroup {
    /** A model upload may be far larger than a prediction request. */
    private static final long MAX_UPLOAD = 512L << 20;
    private final Supplier<ModelRegistry> registry;

    public ModelRoutes(Supplier<ModelRegistry> registry) {
        this.registry = registry;
    }

    @Override
    public List<ApiRoute> routes() {
        String version = "/v1/models/{name}/versions/{version}";
        return List.of(
                ApiRoute.get("/v1/models").tag("models").summary("List registered models").returns("ModelList").handler(this::list),
                ApiRoute.get("/v1/models/{name}").tag("models").summary("A registered model: versions and aliases").returns("RegisteredModel")
                        .error(404, "no such model").handler(this::model),
                ApiRoute.get(version).tag("models").summary("One version: card, status, tags, stored report files").returns("ModelVersion")
                        .error(404, "no such model or version").handler(this::describeVersion),
                ApiRoute.get(version + "/reports/{file}").tag("models").summary("A report file stored with a version (curves, confusion matrix)")
                        .returns("File", List.of("image/png", "application/json", "text/plain")).error(404, "no such file").handler(this::report),
                ApiRoute.get("/v1/models/{name}/history").tag("models").summary("Versions registered, aliases moved, statuses changed")
                        .returns("ModelHistory").error(404, "no such model").handler(this::history),
                ApiRoute.post("/v1/models/{name}/versions").tag("models").summary("Register an uploaded ONNX file as a new version")
                        .description("Body: the .onnx file. Query: alias (move it to the new version), source (upload, import, …).")
                        .manage().accepts(List.of("application/octet-stream")).returns("ModelVersion")
                        .query(List.of(new ApiRoute.QueryParam("alias", "string", "alias to point at the new version"),
                                new ApiRoute.QueryParam("source", "string", "upload (default), import, train, finetune, calibrate")))
                        .error(400, "not a loadable image classifier").error(413, "over 512 MB").handler(this::register),
                ApiRoute.put("/v1/models/{name}/aliases/{alias}").tag("models").summary("Point an alias at a version")
                        .description("Body: {\"version\": N}. Endpoints following the alias move to it without downtime.")
                        .manage().accepts(List.of("application/json")).returns("ModelVersion").error(404, "no such model or version")
                        .handler(this::moveAlias),
                ApiRoute.delete("/v1/models/{name}/aliases/{alias}").tag("models").summary("Remove an alias").manage().returns("Status")
                        .error(404, "no such alias").error(409, "an endpoint follows it").handler(this::removeAlias),
                ApiRoute.put(version + "/status").tag("models").summary("Approve or reject a version")
                        .description("Body: {\"status\": \"approved\" | \"rejected\" | \"pending\"}.").manage().accepts(List.of("application/json"))
                        .returns("ModelVersion").error(404, "no such model or version").handler(this::status),
                ApiRoute.delete(version).tag("models").summary("Delete a version").manage().returns("Status")
                        .error(404, "no such model or version").error(409, "an alias or endpoint uses it").handler(this::deleteVersion),
                ApiRoute.delete("/v1/models/{name}").tag("models").summary("Delete a model and all its versions").manage().returns("Status")
                        .error(404, "no such model").error(409, "an endpoint serves it").handler(this::deleteModel));
    }

    private void list(Context ctx) {
        ctx.json(Map.of("models", registry.get().models().stream().map(ModelRoutes::summary).toList()));
    }

    private void model(Context ctx) {
        RegisteredModel m = registry.get().model(ctx.pathParam("name"));
        Map<String, Object> out = summary(m);
        out.put("versions", m.versions().stream().map(v -> version(v, false)).toList());
        ctx.json(out);
    }

    private void describeVersion(Context ctx) {
        ModelVersion v = version(ctx);
        Map<String, Object> out = version(v, true);
        out.put("reports", registry.get().reports(v));
        ctx.json(out);
    }

    private void report(Context ctx) {
        String file = ctx.pathParam("file");
        byte[] bytes = registry.get().report(version(ctx), file);
        String type = file.endsWith(".png") ? "image/png" : file.endsWith(".json") ? "application/json" : "text/plain; charset=utf-8";
        ctx.contentType(type).header("Cache-Control", "max-age=3600").result(bytes);
    }

    private void history(Context ctx) {
        List<Map<String, Object>> events = registry.get().history(ctx.pathParam("name")).stream().map(ModelRoutes::event).toList();
        ctx.json(Map.of("name", ctx.pathParam("name"), "events", events));
    }

    private void register(Context ctx) throws IOException {
        String name = RegistryNames.model(ctx.pathParam("name"));
        String source = ctx.queryParam("source");
        Path dir = Files.createTempDirectory("inkwell-upload-");
        try {
            Path onnx = dir.resolve("model.onnx");
            long declared = ctx.req().getContentLengthLong();
            if (declared > MAX_UPLOAD) throw new InputTooLargeException("a model upload is at most 512 MB");
            try (InputStream in = ctx.req().getInputStream(); OutputStream out = Files.newOutputStream(onnx)) {
                long n = in.transferTo(new CappedOutputStream(out, MAX_UPLOAD));
                if (n == 0) throw new InvalidInputException("the body is empty: send the .onnx file");
            }
            Registration r = Registration.of(name, new ModelRef.LocalPath(onnx), source == null ? VersionSource.UPLOAD : VersionSource.parse(source))
                    .withAlias(blankToNull(ctx.queryParam("alias")));
            ctx.json(version(registry.get().register(r), true));
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(e.getMessage());
        } finally {
            try (var files = Files.list(dir)) {
                for (Path f : files.toList()) Files.deleteIfExists(f);
            }
            Files.deleteIfExists(dir);
        }
    }

    private void moveAlias(Context ctx) {
        JsonNode body = body(ctx);
        JsonNode v = body.get("version");
        if (v == null || !v.canConvertToInt()) throw new InvalidInputException("expected {\"version\": N}");
        ctx.json(version(registry.get().moveAlias(ctx.pathParam("name"), ctx.pathParam("alias"), v.asInt()), false));
    }

    private void removeAlias(Context ctx) {
        registry.get().removeAlias(ctx.pathParam("name"), ctx.pathParam("alias"));
        ctx.json(Map.of("status", "removed alias " + ctx.pathParam("name") + "@" + ctx.pathParam("alias")));
    }

    private void status(Context ctx) {
        JsonNode s = body(ctx).get("status");
        if (s == null || !s.isTextual()) throw new InvalidInputException("expected {\"status\": \"approved\" | \"rejected\" | \"pending\"}");
        ModelVersion v = version(ctx);
        ctx.json(version(registry.get().setStatus(v.name(), v.version(), ApprovalStatus.parse(s.asText())), false));
    }

    private void deleteVersion(Context ctx) {
        ModelVersion v = version(ctx);
        registry.get().deleteVersion(v.name(), v.version());
        ctx.json(Map.of("status", "deleted " + v.label()));
    }

    private void deleteModel(Context ctx) {
        registry.get().deleteModel(ctx.pathParam("name"));
        ctx.json(Map.of("status", "deleted model " + ctx.pathParam("name")));
    }

    private ModelVersion version(Context ctx) {
        String v = ctx.pathParam("version");
        return registry.get().version(new ModelRef.RegistryVersion(RegistryNames.model(ctx.pathParam("name")), Integer.toString(RegistryNames.version(v))));
    }

    private static JsonNode body(Context ctx) {
        try {
            byte[] bytes = ctx.req().getInputStream().readNBytes(64 * 1024 + 1);
            if (bytes.length > 64 * 1024) throw new InputTooLargeException("the body is over 64 KB");
            JsonNode node = Json.mapper().readTree(bytes);
            if (node == null || !node.isObject()) throw new InvalidInputException("expected a JSON object");
            return node;
        } catch (IOException e) {
            throw new InvalidInputException("the body is not valid JSON: " + e.getMessage().lines().findFirst().orElse(""));
        }
    }

    private static Map<String, Object> summary(RegisteredModel m) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("name", m.name());
        out.put("description", m.description());
        out.put("created_at", m.createdAt().toString());
        out.put("latest", m.versions().isEmpty() ? null : m.latest().version());
        out.put("aliases", m.aliases());
        return out;
    }

    static Map<String, Object> version(ModelVersion v, boolean withCard) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("name", v.name());
        out.put("version", v.version());
        out.put("sha256", v.sha256());
        out.put("source", v.source().id());
        out.put("status", v.status().id());
        out.put("tags", v.tags());
        out.put("created_at", v.createdAt().toString());
        out.put("architecture", v.card().architecture());
        out.put("parameters", v.card().parameterCount());
        out.put("metrics", v.card().metrics());
        if (withCard) {
            try {
                out.put("card", Json.mapper().readTree(ModelCards.toJson(v.card())));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return out;
    }

    private static Map<String, Object> event(ModelEvent e) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("kind", e.kind().id());
        out.put("alias", e.alias());
        out.put("from_version", e.fromVersion());
        out.put("to_version", e.toVersion());
        out.put("detail", e.detail());
        out.put("at", e.at().toString());
        return out;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    /** Refuses (413) writes past {@code cap} bytes. */
    private static final class CappedOutputStream extends OutputStream {
        private final OutputStream out;
        private final long cap;
        private long written;

        CappedOutputStream(OutputStream out, long cap) {
            this.out = out;
            this.cap = cap;
        }

        @Override
        public void write(int b) throws IOException {
            check(1);
            out.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            check(len);
            out.write(b, off, len);
        }

        private void check(int more) {
            written += more;
            if (written > cap) throw new InputTooLargeException("a model upload is at most 512 MB");
        }
    }
}
