package dev.inkwell.server.endpoints;

import com.fasterxml.jackson.databind.JsonNode;
import dev.inkwell.core.InvalidInputException;
import dev.inkwell.core.Json;
import dev.inkwell.inference.ModelCard;
import dev.inkwell.recognition.RecognitionJson;
import dev.inkwell.registry.ModelRegistry;
import dev.inkwell.registry.endpoint.CaptureSettings;
import dev.inkwell.registry.endpoint.EndpointDefinition;
import dev.inkwell.registry.endpoint.EndpointRevision;
import dev.inkwell.registry.endpoint.Shadow;
import dev.inkwell.registry.endpoint.Variant;
import dev.inkwell.server.ApiRoute;
import dev.inkwell.server.RouteGroup;
import dev.inkwell.serving.endpoint.DeployedVariant;
import dev.inkwell.serving.endpoint.Deployment;
import dev.inkwell.serving.endpoint.EndpointRuntime;
import dev.inkwell.serving.endpoint.LiveEndpoint;
import dev.inkwell.serving.endpoint.LoadedModel;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The endpoint routes: what every endpoint serves (variants, weights, the versions loaded, the shadow, capture, the
 * last failed deploy), and with the API key the stored endpoints' life: create, update, delete, history, rollback.
 * A change is stored first (every replica sharing the store follows it) and then deployed here at once.
 */
public final class EndpointRoutes implements RouteGroup {
    private static final int MAX_DEFINITION_BYTES = 64 * 1024;
    private final EndpointRuntime endpoints;
    private final Supplier<ModelRegistry> registry;

    public EndpointRoutes(EndpointRuntime endpoints, Supplier<ModelRegistry> registry) {
        this.endpoints = endpoints;
        this.registry = registry;
    }

    @Override
    public List<ApiRoute> routes() {
        Map<Integer, String> changeErrors = Map.of(400, "malformed definition (the message names the field)",
                404, "no such endpoint, or a variant's model is not registered", 422, "a version that is not approved on an endpoint that requires it");
        return List.of(
                ApiRoute.get("/v1/endpoints").tag("endpoints").summary("List endpoints and what they serve").returns("EndpointList")
                        .error(503, "the models are not loaded (yet)").handler(this::list),
                ApiRoute.get("/v1/endpoints/{name}").tag("endpoints").summary("Describe an endpoint: variants, versions, shadow, capture")
                        .returns("Endpoint").error(404, "no such endpoint").handler(this::describe),
                ApiRoute.post("/v1/endpoints").tag("endpoints").summary("Create a stored endpoint")
                        .description("Body: {\"name\", \"variants\": [{\"name\", \"model\", \"weight\"}], \"shadow\": {\"name\", \"model\", "
                                + "\"percent\"}, \"capture\": {\"percent\", \"destination\", \"variants\": {\"NAME\": percent}}, \"requireApproved\"}. Every replica sharing the "
                                + "store serves it within about a second.")
                        .manage().accepts(List.of("application/json")).returns("Endpoint").errors(changeErrors)
                        .error(409, "an endpoint of that name exists").handler(this::create),
                ApiRoute.put("/v1/endpoints/{name}").tag("endpoints").summary("Change a stored endpoint (a new revision)")
                        .description("The new models load beside the old ones and take over when warm; the old ones are freed once "
                                + "their requests have finished. A model that fails to load leaves the endpoint serving what it had.")
                        .manage().accepts(List.of("application/json")).returns("Endpoint").errors(changeErrors).handler(this::update),
                ApiRoute.delete("/v1/endpoints/{name}").tag("endpoints").summary("Delete a stored endpoint").manage().returns("Status")
                        .error(404, "no such endpoint").handler(this::delete),
                ApiRoute.get("/v1/endpoints/{name}/history").tag("endpoints").summary("Every revision of a stored endpoint")
                        .returns("EndpointHistory").error(404, "no such endpoint").handler(this::history),
                ApiRoute.post("/v1/endpoints/{name}/rollback").tag("endpoints").summary("Return to the previous configuration")
                        .manage().returns("Endpoint").error(404, "no such endpoint").error(409, "no earlier configuration").handler(this::rollback),
                ApiRoute.post("/v1/endpoints/{name}/reload").tag("management").summary("Load the endpoint's models again")
                        .description("The new model is loaded beside the old one and swapped in when ready; if it cannot be "
                                + "loaded the endpoint keeps serving the old one.")
                        .manage().returns("Endpoint").error(404, "no such endpoint, or its model file is gone")
                        .error(422, "the model file is there but cannot be loaded").handler(this::reload));
    }

    private void list(Context ctx) {
        ctx.json(Map.of("endpoints", endpoints.all().stream().map(EndpointRoutes::describe).toList()));
    }

    private void describe(Context ctx) {
        ctx.json(describe(endpoints.get(ctx.pathParam("name"))));
    }

    private void create(Context ctx) {
        EndpointDefinition d = definition(ctx, null);
        registry.get().endpoints().create(d);
        endpoints.refresh();
        ctx.json(describe(endpoints.get(d.name())));
    }

    private void update(Context ctx) {
        EndpointDefinition d = definition(ctx, ctx.pathParam("name"));
        registry.get().endpoints().update(d);
        endpoints.refresh();
        ctx.json(describe(endpoints.get(d.name())));
    }

    private void delete(Context ctx) {
        String name = ctx.pathParam("name");
        registry.get().endpoints().delete(name);
        endpoints.refresh();
        ctx.json(Map.of("status", "deleted endpoint " + name));
    }

    private void rollback(Context ctx) {
        String name = ctx.pathParam("name");
        registry.get().endpoints().rollback(name);
        endpoints.refresh();
        ctx.json(describe(endpoints.get(name)));
    }

    private void reload(Context ctx) {
        ctx.json(describe(endpoints.reload(ctx.pathParam("name"))));
    }

    private void history(Context ctx) {
        List<Map<String, Object>> revisions = new ArrayList<>();
        for (EndpointRevision r : registry.get().endpoints().history(ctx.pathParam("name"))) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("revision", r.revision());
            m.put("action", r.action());
            m.put("at", r.at().toString());
            m.put("definition", r.definition() == null ? null : definitionJson(r.definition()));
            revisions.add(m);
        }
        ctx.json(Map.of("name", ctx.pathParam("name"), "revisions", revisions));
    }

    /** The body as a definition; with {@code name} (an update) the body's name, if any, must agree. */
    private static EndpointDefinition definition(Context ctx, String name) {
        JsonNode body;
        try {
            byte[] bytes = ctx.req().getInputStream().readNBytes(MAX_DEFINITION_BYTES + 1);
            if (bytes.length > MAX_DEFINITION_BYTES) throw new InvalidInputException("an endpoint definition is at most 64 KB");
            body = Json.mapper().readTree(bytes);
        } catch (IOException e) {
            throw new InvalidInputException("the body is not valid JSON: " + e.getMessage().lines().findFirst().orElse(""));
        }
        if (body == null || !body.isObject()) throw new InvalidInputException("expected a JSON object describing the endpoint");
        String given = text(body, "name");
        if (name != null && given != null && !given.equals(name)) {
            throw new InvalidInputException("the body names endpoint '" + given + "' but the path '" + name + "'");
        }
        JsonNode variants = body.get("variants");
        if (variants == null || !variants.isArray() || variants.isEmpty()) throw new InvalidInputException("variants: expected a non-empty array");
        List<Variant> vs = new ArrayList<>();
        for (JsonNode v : variants) {
            if (!v.isObject()) throw new InvalidInputException("variants: each is {\"name\", \"model\", \"weight\"}");
            vs.add(new Variant(text(v, "name"), text(v, "model"), v.has("weight") ? integer(v, "weight") : 1));
        }
        JsonNode s = body.get("shadow");
        Shadow shadow = s == null || s.isNull() ? null : new Shadow(text(s, "name"), text(s, "model"), s.has("percent") ? number(s, "percent") : 100);
        CaptureSettings capture = capture(body.get("capture"));
        return new EndpointDefinition(name != null ? name : given, vs, shadow, capture, body.path("requireApproved").asBoolean(false));
    }

    /** {@code {"percent", "destination", "variants": {"NAME": percent}}}, every key optional; null: capture off. */
    private static CaptureSettings capture(JsonNode c) {
        if (c == null || c.isNull()) return CaptureSettings.OFF;
        if (!c.isObject()) throw new InvalidInputException("capture: expected {\"percent\", \"destination\", \"variants\"}");
        Map<String, Double> own = new LinkedHashMap<>();
        JsonNode vs = c.get("variants");
        if (vs != null && !vs.isNull()) {
            if (!vs.isObject()) throw new InvalidInputException("capture.variants: expected an object of variant name: percent");
            for (var e : vs.properties()) {
                if (!e.getValue().isNumber()) throw new InvalidInputException("capture.variants." + e.getKey() + ": expected a number");
                own.put(e.getKey(), e.getValue().asDouble());
            }
        }
        return new CaptureSettings(c.has("percent") ? number(c, "percent") : 0, text(c, "destination"), own);
    }

    /** An endpoint's capture setting as the API shows it. */
    public static Map<String, Object> captureJson(CaptureSettings c) {
        return Map.of("percent", c.percent(), "destination", c.destination(), "variants", c.variants());
    }

    private static String text(JsonNode n, String key) {
        JsonNode v = n.get(key);
        if (v == null || v.isNull()) return null;
        if (!v.isTextual()) throw new InvalidInputException(key + ": expected a string");
        return v.asText();
    }

    private static int integer(JsonNode n, String key) {
        JsonNode v = n.get(key);
        if (!v.isIntegralNumber() || !v.canConvertToInt()) throw new InvalidInputException(key + ": expected a whole number");
        return v.asInt();
    }

    private static double number(JsonNode n, String key) {
        JsonNode v = n.get(key);
        if (!v.isNumber()) throw new InvalidInputException(key + ": expected a number");
        return v.asDouble();
    }

    static Map<String, Object> definitionJson(EndpointDefinition d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("variants", d.variants().stream().map(v -> Map.of("name", v.name(), "model", v.model(), "weight", v.weight())).toList());
        m.put("shadow", d.shadow() == null ? null : Map.of("name", d.shadow().name(), "model", d.shadow().model(), "percent", d.shadow().percent()));
        m.put("capture", captureJson(d.capture()));
        m.put("requireApproved", d.requireApproved());
        return m;
    }

    /** An endpoint as served: the first variant's model stated at the top (as before variants), every variant below. */
    public static Map<String, Object> describe(LiveEndpoint ep) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", ep.name());
        Deployment d = ep.deployment();
        LiveEndpoint.Failure failure = ep.lastFailure();
        m.put("status", d == null ? "failed" : "serving");
        m.put("stored", ep.source() == LiveEndpoint.Source.STORE);
        m.put("revision", d == null ? (failure == null ? 0 : failure.revision()) : d.revision());
        if (d != null) {
            DeployedVariant first = d.variants().getFirst();
            LoadedModel primary = first.loaded();
            ModelCard card = primary.card();
            m.put("model", new RecognitionJson.ModelJson(first.model().name(), first.model().version()));
            m.put("source", first.model().files().onnx().toString());
            m.put("architecture", card.architecture());
            m.put("classes", card.classNames());
            m.put("input", card.inputWidth() + "×" + card.inputHeight() + "×" + card.inputChannels() + ", scaled " + card.inputScaling());
            m.put("preprocessing", card.preprocessing());
            m.put("loaded_at", primary.loadedAt().toString());
            m.put("load_ms", primary.loadTime().toNanos() / 1e6);
            m.put("variants", d.variants().stream().map(v -> variant(v, false)).toList());
            if (d.shadow() != null) {
                Map<String, Object> shadow = variant(d.shadow(), true);
                shadow.put("percent", d.shadowPercent());
                m.put("shadow", shadow);
            }
            m.put("capture", captureJson(d.capture()));
            m.put("requireApproved", d.definition().requireApproved());
            m.put("deployed_at", d.deployedAt().toString());
        }
        if (failure != null) {
            m.put("failure", Map.of("revision", failure.revision(), "reason", failure.reason(), "at", failure.at().toString()));
        }
        return m;
    }

    private static Map<String, Object> variant(DeployedVariant v, boolean shadow) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", v.name());
        if (!shadow) m.put("weight", v.weight());
        m.put("ref", v.model().ref());
        m.put("model", new RecognitionJson.ModelJson(v.model().name(), v.model().version()));
        m.put("sha256", v.model().sha256());
        m.put("in_flight", v.loaded().inFlight());
        return m;
    }
}
