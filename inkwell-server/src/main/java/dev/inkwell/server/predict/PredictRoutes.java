package dev.inkwell.server.predict;

import dev.inkwell.recognition.Recognition;
import dev.inkwell.recognition.RecognitionJson;
import dev.inkwell.server.ApiRoute;
import dev.inkwell.server.RouteGroup;
import dev.inkwell.server.input.RequestInputs;
import dev.inkwell.serving.PredictionService;
import dev.inkwell.serving.ServingConfig;
import dev.inkwell.serving.admission.AdmissionGate;
import dev.inkwell.serving.endpoint.EndpointRuntime;
import dev.inkwell.serving.endpoint.EndpointSpec;
import dev.inkwell.serving.input.PredictRequest;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/** The prediction routes, Inkwell's own and the seeds': thin adapters from HTTP to {@link PredictionService} and back. */
public final class PredictRoutes implements RouteGroup {
    public static final String DEFAULT_ENDPOINT = EndpointSpec.DEFAULT;
    /** Pins the variant that answers (answers carry it back). */
    public static final String VARIANT = "X-Inkwell-Variant";
    /** SageMaker's spelling of the same, on its invocation routes. */
    static final String SAGEMAKER_VARIANT = "X-Amzn-SageMaker-Target-Variant";
    static final String SAGEMAKER_INVOKED = "X-Amzn-Invoked-Production-Variant";
    private static final List<String> PREDICT_TYPES = List.of("image/png", "image/jpeg", "image/gif", "image/bmp",
            "image/webp", "image/tiff", "application/x-image", "application/octet-stream", "multipart/form-data",
            "application/json", "text/csv");
    private static final Map<Integer, String> ERRORS = Map.of(
            400, "malformed input (the message names what and where)",
            404, "no such endpoint",
            413, "body, image, or batch over the limits",
            415, "unsupported Content-Type",
            503, "the models are not loaded (yet), or the replica is full (Retry-After says when to try again)");
    private static final List<ApiRoute.QueryParam> DEBUG = List.of(new ApiRoute.QueryParam("debug", "boolean",
            "add the 28×28 model inputs (base64 PNG) and the preprocessing report"));

    private final EndpointRuntime endpoints;
    private final PredictionService service;
    private final ServingConfig.Limits limits;
    private final AdmissionGate admission;

    public PredictRoutes(EndpointRuntime endpoints, PredictionService service, ServingConfig.Limits limits) {
        this(endpoints, service, limits, AdmissionGate.OPEN);
    }

    /** @param admission admits each request's pictures by cost before they are decoded (503 when the replica is full) */
    public PredictRoutes(EndpointRuntime endpoints, PredictionService service, ServingConfig.Limits limits, AdmissionGate admission) {
        this.endpoints = endpoints;
        this.service = service;
        this.limits = limits;
        this.admission = admission;
    }

    @Override
    public List<ApiRoute> routes() {
        return List.of(
                ApiRoute.post("/v1/endpoints/{name}/predict").tag("predict").summary("Read a digit, a number or a batch")
                        .description("Accepts raw images, multipart files, {\"image\"|\"image_data\": base64}, {\"data\": https URL}, "
                                + "Kaggle {\"pixel0\"…}, {\"pixels\": [...]}, arrays of those, and text/csv rows.")
                        .accepts(PREDICT_TYPES).returns("PredictionResponse").query(DEBUG).errors(ERRORS).handler(this::predict),
                ApiRoute.post("/predict").tag("seed-compatible").summary("Seed 002's route: the default endpoint, with \"digit\"")
                        .accepts(PREDICT_TYPES).returns("PredictionResponse").query(DEBUG).errors(ERRORS).handler(this::seedPredict),
                ApiRoute.post("/mnistpredict").tag("seed-compatible").summary("Seed 000's route: the default endpoint")
                        .accepts(PREDICT_TYPES).returns("PredictionResponse").query(DEBUG).errors(ERRORS).handler(this::mnistPredict),
                ApiRoute.post("/invocations").tag("seed-compatible").summary("SageMaker-style invocation of the default endpoint")
                        .description("Returns the class probabilities: JSON by default, one CSV line per input with Accept: text/csv.")
                        .accepts(PREDICT_TYPES).returns("Probabilities", List.of("application/json", "text/csv")).errors(ERRORS)
                        .handler(this::invocations),
                ApiRoute.post("/endpoints/{name}/invocations").tag("seed-compatible").summary("SageMaker-style invocation of an endpoint")
                        .description("As /invocations, for the named endpoint.")
                        .accepts(PREDICT_TYPES).returns("Probabilities", List.of("application/json", "text/csv")).errors(ERRORS)
                        .handler(this::invocations));
    }

    /** {@code POST /v1/endpoints/{name}/predict}. */
    private void predict(Context ctx) {
        respond(ctx, ctx.pathParam("name"), false);
    }

    /** {@code POST /mnistpredict} (seed 000's API Gateway route): the default endpoint. */
    private void mnistPredict(Context ctx) {
        respond(ctx, DEFAULT_ENDPOINT, false);
    }

    /** {@code POST /predict} (seed 002's FastAPI route): the default endpoint, plus {@code "digit"}. */
    private void seedPredict(Context ctx) {
        respond(ctx, DEFAULT_ENDPOINT, true);
    }

    /**
     * {@code POST /invocations} and {@code POST /endpoints/{name}/invocations}, SageMaker style: the class
     * probabilities, as a JSON array (an array of arrays for several inputs) or, with {@code Accept: text/csv},
     * one CSV line per input.
     */
    private void invocations(Context ctx) {
        String name = ctx.pathParamMap().getOrDefault("name", DEFAULT_ENDPOINT);
        List<Recognition> results;
        PredictRequest request;
        // SageMaker's clients pin a production variant with this header
        String pinned = firstNonBlank(ctx.header(SAGEMAKER_VARIANT), ctx.header(VARIANT));
        try (PredictionService.Selection selection = service.select(endpoints.get(name), pinned)) {
            request = RequestInputs.read(ctx, selection.model().pixelShape(), limits);
            PredictionService.Outcome outcome = service.predict(selection, request, admission);
            results = outcome.recognitions();
            ctx.header(SAGEMAKER_INVOKED, outcome.variant());
            ctx.header(VARIANT, outcome.variant());
        }
        String accept = ctx.header("Accept") == null ? "" : ctx.header("Accept").toLowerCase(Locale.ROOT);
        if (accept.contains("text/csv")) {
            StringBuilder csv = new StringBuilder();
            for (Recognition r : results) {
                float[] p = r.primary().classification().probabilities();
                for (int i = 0; i < p.length; i++) csv.append(i == 0 ? "" : ",").append(p[i]);
                csv.append('\n');
            }
            ctx.contentType("text/csv; charset=utf-8").result(csv.toString());
            return;
        }
        if (results.size() == 1 && !request.batch()) {
            ctx.json(results.getFirst().primary().classification().probabilities());
        } else {
            List<float[]> all = new ArrayList<>(results.size());
            for (Recognition r : results) all.add(r.primary().classification().probabilities());
            ctx.json(all);
        }
    }

    private void respond(Context ctx, String name, boolean addDigit) {
        long start = System.nanoTime();
        boolean debug = flag(ctx.queryParam("debug"));
        try (PredictionService.Selection selection = service.select(endpoints.get(name), ctx.header(VARIANT))) {
            PredictRequest request = RequestInputs.read(ctx, selection.model().pixelShape(), limits);
            PredictionService.Outcome outcome = service.predict(selection, request, admission);
            double totalMs = (System.nanoTime() - start) / 1e6;
            double fetchMs = outcome.fetchNanos() / 1e6;
            List<RecognitionJson> predictions = new ArrayList<>(outcome.recognitions().size());
            Map<String, Double> timing = new LinkedHashMap<>();
            timing.put("total_ms", RecognitionJson.round(totalMs));
            if (fetchMs > 0) timing.put("fetch_ms", RecognitionJson.round(fetchMs));
            RecognitionJson.Debug detail = debug ? RecognitionJson.Debug.REPORT_AND_IMAGES : RecognitionJson.Debug.NONE;
            RecognitionJson.ModelJson model = new RecognitionJson.ModelJson(outcome.model().name(), outcome.model().version());
            String endpoint = selection.endpoint().name();
            for (Recognition r : outcome.recognitions()) {
                RecognitionJson p = RecognitionJson.of(endpoint, outcome.variant(), model, selection.model().card(), r, detail, timing);
                predictions.add(addDigit ? p.withDigit(digitOf(p)) : p);
            }
            ctx.header(VARIANT, outcome.variant());
            if (!request.batch()) {
                ctx.json(predictions.getFirst());
                return;
            }
            ctx.json(new BatchJson(endpoint, outcome.variant(), model, predictions.stream().map(RecognitionJson::inBatch).toList(),
                    Map.of("total_ms", RecognitionJson.round(totalMs))));
        }
    }

    /** A batch: one prediction per input, in order; the endpoint and model stated once. */
    record BatchJson(String endpoint, String variant, RecognitionJson.ModelJson model, List<RecognitionJson> predictions, Map<String, Double> timing) {
    }

    private static final Pattern DIGITS = Pattern.compile("\\d{1,9}");

    /** The digit a class stands for: its name when that is a number (MNIST: "7"), else its index. */
    private static int digitOf(RecognitionJson p) {
        String label = p.label();
        return label != null && DIGITS.matcher(label).matches() ? Integer.parseInt(label) : p.index();
    }

    private static String firstNonBlank(String a, String b) {
        return a != null && !a.isBlank() ? a.strip() : b == null || b.isBlank() ? null : b.strip();
    }

    private static boolean flag(String value) {
        return value != null && (value.equalsIgnoreCase("true") || value.equals("1") || value.equalsIgnoreCase("yes"));
    }
}
