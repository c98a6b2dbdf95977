package dev.inkwell.server;

import static io.javalin.http.HandlerType.DELETE;
import static io.javalin.http.HandlerType.GET;
import static io.javalin.http.HandlerType.POST;

import dev.inkwell.recognition.RecognitionJson;
import dev.inkwell.core.InputTooLargeException;
import dev.inkwell.core.InvalidInputException;
import dev.inkwell.inference.ModelCard;
import dev.inkwell.server.endpoint.EndpointRegistry;
import dev.inkwell.server.endpoint.ModelEndpoint;
import dev.inkwell.server.predict.PredictHandlers;
import dev.inkwell.server.predict.PredictionService;
import dev.inkwell.server.tables.TableHandlers;
import dev.inkwell.store.StoreException;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpResponseException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole HTTP surface in one place: every route with its documentation, and how failures become responses.
 * Handlers are thin; the work lives in {@link PredictionService}, {@link EndpointRegistry} and friends.
 */
public final class ApiRoutes {
    private static final Logger LOG = LoggerFactory.getLogger(ApiRoutes.class);
    private static final String JSON = "application/json";
    private static final List<String> PREDICT_TYPES = List.of("image/png", "image/jpeg", "image/gif", "image/bmp",
            "image/webp", "image/tiff", "application/x-image", "application/octet-stream", "multipart/form-data", JSON, "text/csv");
    private static final Map<Integer, String> PREDICT_ERRORS = Map.of(
            400, "malformed input (the message names what and where)",
            404, "no such endpoint",
            413, "body, image, or batch over the limits",
            415, "unsupported Content-Type");
    private static final List<ApiRoute.QueryParam> DEBUG = List.of(new ApiRoute.QueryParam("debug", "boolean",
            "add the 28×28 model inputs (base64 PNG) and the preprocessing report"));

    private final EndpointRegistry endpoints;
    private final PredictHandlers predict;
    private final TableHandlers tables;
    private final ServerMetrics metrics;
    private final BooleanSupplier ready;
    private final String version;
    private List<ApiRoute> routes;

    public ApiRoutes(EndpointRegistry endpoints, PredictHandlers predict, TableHandlers tables, ServerMetrics metrics,
                     BooleanSupplier ready, String version) {
        this.endpoints = endpoints;
        this.predict = predict;
        this.tables = tables;
        this.metrics = metrics;
        this.ready = ready;
        this.version = version;
    }

    private Map<String, Object> openApi;

    public synchronized List<ApiRoute> routes() {
        if (routes != null) return routes;
        List<ApiRoute> r = new ArrayList<>();
        // predictions
        r.add(route(POST, "/v1/endpoints/{name}/predict", "predict", "Read a digit, a number or a batch",
                "Accepts raw images, multipart files, {\"image\"|\"image_data\": base64}, {\"data\": https URL}, "
                        + "Kaggle {\"pixel0\"…}, {\"pixels\": [...]}, arrays of those, and text/csv rows.",
                PREDICT_TYPES, "PredictionResponse", predict::predict, DEBUG, PREDICT_ERRORS));
        r.add(route(POST, "/predict", "seed-compatible", "Seed 002's route: the default endpoint, with \"digit\"", "",
                PREDICT_TYPES, "PredictionResponse", predict::seedPredict, DEBUG, PREDICT_ERRORS));
        r.add(route(POST, "/mnistpredict", "seed-compatible", "Seed 000's route: the default endpoint", "",
                PREDICT_TYPES, "PredictionResponse", predict::mnistPredict, DEBUG, PREDICT_ERRORS));
        r.add(route(POST, "/invocations", "seed-compatible", "SageMaker-style invocation of the default endpoint",
                "Returns the class probabilities: JSON by default, one CSV line per input with Accept: text/csv.",
                PREDICT_TYPES, "Probabilities", List.of(JSON, "text/csv"), predict::invocations, List.of(), PREDICT_ERRORS));
        r.add(route(POST, "/endpoints/{name}/invocations", "seed-compatible", "SageMaker-style invocation of an endpoint",
                "As /invocations, for the named endpoint.", PREDICT_TYPES, "Probabilities", List.of(JSON, "text/csv"),
                predict::invocations, List.of(), PREDICT_ERRORS));
        // endpoints
        r.add(route(GET, "/v1/endpoints", "endpoints", "List endpoints and their models", "", List.of(), "EndpointList",
                this::listEndpoints, List.of(), Map.of()));
        r.add(route(GET, "/v1/endpoints/{name}", "endpoints", "Describe an endpoint", "", List.of(), "Endpoint",
                this::describeEndpoint, List.of(), Map.of(404, "no such endpoint")));
        r.add(manage(POST, "/v1/endpoints/{name}/reload", "management", "Load the endpoint's model again", "", List.of(), "Endpoint",
                this::reloadEndpoint, List.of(), Map.of(404, "no such endpoint")));
        // samples tables (the store)
        Map<Integer, String> manageErrors = Map.of(503, "the store cannot be reached");
        r.add(manage(GET, "/v1/tables", "tables", "List the samples tables with their rows per split", "", List.of(), "TableList",
                tables::list, List.of(), manageErrors));
        r.add(manage(GET, "/v1/tables/{name}", "tables", "Describe a samples table", "", List.of(), "Table", tables::describe, List.of(),
                with(manageErrors, 404, "no such table")));
        r.add(manage(POST, "/v1/tables/{name}/samples", "tables", "Add samples to a table (created on first use)",
                "text/csv in the Kaggle layout (label,pixel0,… with or without header, optional uuid), or one image with "
                        + "?label=N. One transaction: a bad row adds nothing. Samples already there (same uuid) are counted, "
                        + "not added again.", List.of("text/csv", "image/png", "image/jpeg", "image/gif", "image/bmp",
                        "application/octet-stream"), "IngestResult", tables::ingest,
                List.of(new ApiRoute.QueryParam("split", "string", "split of the samples (default train)"),
                        new ApiRoute.QueryParam("label", "integer", "image body: its class"),
                        new ApiRoute.QueryParam("channels", "integer", "image body: 1 (grey, default) or 3 (RGB)"),
                        new ApiRoute.QueryParam("uuid", "string", "image body: its key (default: from its content)")),
                with(with(with(manageErrors, 400, "malformed CSV or image (the message names line and column)"), 413,
                        "body or image over the limits"), 415, "unsupported Content-Type")));
        r.add(manage(DELETE, "/v1/tables/{name}", "tables", "Delete a table's rows", "", List.of(), "TableDropped", tables::drop, List.of(),
                with(manageErrors, 404, "no such table")));
        // health and operations
        r.add(route(GET, "/healthcheck", "health", "Seed 002's health check", "", List.of(), "Status",
                ctx -> ctx.json(Map.of("status", "healthy")), List.of(), Map.of()));
        r.add(route(GET, "/ping", "health", "SageMaker-style health check", "", List.of(), "Status", this::readiness,
                List.of(), Map.of(503, "not ready")));
        r.add(route(GET, "/health/live", "health", "Liveness: the process answers", "", List.of(), "Status",
                ctx -> ctx.json(Map.of("status", "alive")), List.of(), Map.of()));
        r.add(route(GET, "/health/ready", "health", "Readiness: models loaded and not shutting down", "", List.of(), "Status",
                this::readiness, List.of(), Map.of(503, "not ready")));
        r.add(route(GET, "/metrics", "operations", "Prometheus metrics", "", List.of(), "Metrics", List.of("text/plain"),
                this::metrics, List.of(), Map.of()));
        r.add(route(GET, "/openapi.json", "operations", "This OpenAPI document", "", List.of(), "OpenApi",
                ctx -> ctx.json(openApi()), List.of(), Map.of()));
        routes = List.copyOf(r);
        return routes;
    }

    /** The OpenAPI document, built once: the routes do not change after start. */
    private synchronized Map<String, Object> openApi() {
        if (openApi == null) openApi = OpenApiDocument.build(routes(), version);
        return openApi;
    }

    /** Registers every route and the error mapping on {@code app}. */
    public void register(Javalin app, ApiKeyAuth auth) {
        app.beforeMatched(auth::check);
        for (ApiRoute route : routes()) app.addHttpHandler(route.method(), route.path(), route.handler(), route.role());
        app.exception(HttpProblem.class, (e, ctx) -> error(ctx, e.status(), e.getMessage()));
        app.exception(StoreException.class, (e, ctx) -> {
            LOG.warn("store: {}", e.getMessage());
            error(ctx, 503, e.getMessage());
        });
        app.exception(InvalidInputException.class, (e, ctx) -> error(ctx, e instanceof InputTooLargeException ? 413 : 400, e.getMessage()));
        app.exception(HttpResponseException.class, (e, ctx) -> error(ctx, e.getStatus(), e.getMessage()));
        app.exception(Exception.class, (e, ctx) -> {
            String id = UUID.randomUUID().toString().substring(0, 8);
            LOG.atError().addKeyValue("error_id", id).addKeyValue("path", ctx.path()).setCause(e)
                    .log("internal error {} on {} {}", id, ctx.method(), ctx.path());
            error(ctx, 500, "internal error (id " + id + "); the server log has the details");
        });
    }

    private static void error(Context ctx, int status, String message) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", status);
        body.put("message", message == null || message.isBlank() ? "HTTP " + status : message);
        ctx.status(status).json(Map.of("error", body));
    }

    // ---- small handlers --------------------------------------------------------------------------------------

    private void listEndpoints(Context ctx) {
        ctx.json(Map.of("endpoints", endpoints.all().stream().map(ApiRoutes::describe).toList()));
    }

    private void describeEndpoint(Context ctx) {
        ctx.json(describe(endpoints.get(ctx.pathParam("name"))));
    }

    private void reloadEndpoint(Context ctx) {
        ctx.json(describe(endpoints.reload(ctx.pathParam("name"))));
    }

    private void readiness(Context ctx) {
        boolean ok = ready.getAsBoolean();
        ctx.status(ok ? 200 : 503).json(Map.of("status", ok ? "healthy" : "unavailable"));
    }

    private void metrics(Context ctx) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(8192);
        metrics.write(out);
        ctx.contentType(metrics.contentType()).result(out.toByteArray());
    }

    static Map<String, Object> describe(ModelEndpoint ep) {
        ModelCard card = ep.card();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", ep.name());
        m.put("model", RecognitionJson.ModelJson.of(card));
        m.put("source", ep.source());
        m.put("architecture", card.architecture());
        m.put("classes", card.classNames());
        m.put("input", card.inputWidth() + "×" + card.inputHeight() + "×" + card.inputChannels() + ", scaled " + card.inputScaling());
        m.put("preprocessing", card.preprocessing());
        m.put("loaded_at", ep.loadedAt().toString());
        m.put("load_ms", ep.loadTime().toNanos() / 1e6);
        return m;
    }

    // ---- route builders --------------------------------------------------------------------------------------

    /** A management route: needs the API key, so it also answers 401 and 403. */
    private static ApiRoute manage(HandlerType method, String path, String tag, String summary, String description,
                                   List<String> requestTypes, String schema, Handler handler, List<ApiRoute.QueryParam> query,
                                   Map<Integer, String> errors) {
        Map<Integer, String> responses = new LinkedHashMap<>();
        responses.put(200, "OK");
        responses.put(401, "missing or wrong API key");
        responses.put(403, "management routes disabled (no key configured)");
        responses.putAll(errors);
        return new ApiRoute(method, path, tag, summary, description + (description.isEmpty() ? "" : " ")
                + "Needs the API key (INKWELL_API_KEY) as 'Authorization: Bearer KEY' or 'X-Api-Key: KEY'.", Role.MANAGE,
                requestTypes, schema, List.of(JSON), responses, query, handler);
    }

    private static Map<Integer, String> with(Map<Integer, String> errors, int status, String meaning) {
        Map<Integer, String> out = new java.util.TreeMap<>(errors);
        out.put(status, meaning);
        return out;
    }

    private static ApiRoute route(HandlerType method, String path, String tag, String summary, String description,
                                  List<String> requestTypes, String schema, Handler handler, List<ApiRoute.QueryParam> query,
                                  Map<Integer, String> errors) {
        return route(method, path, tag, summary, description, requestTypes, schema, List.of(JSON), handler, query, errors);
    }

    private static ApiRoute route(HandlerType method, String path, String tag, String summary, String description,
                                  List<String> requestTypes, String schema, List<String> responseTypes, Handler handler,
                                  List<ApiRoute.QueryParam> query, Map<Integer, String> errors) {
        Map<Integer, String> responses = new LinkedHashMap<>();
        responses.put(200, "OK");
        responses.putAll(errors);
        return new ApiRoute(method, path, tag, summary, description, Role.PUBLIC, requestTypes, schema, responseTypes,
                responses, query, handler);
    }
}
