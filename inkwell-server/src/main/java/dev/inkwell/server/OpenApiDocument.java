package dev.inkwell.server;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The OpenAPI 3 document of the server, made from the same {@link ApiRoute} list Javalin serves. */
public final class OpenApiDocument {
    private static final Pattern PATH_PARAM = Pattern.compile("\\{([^}]+)}");

    private OpenApiDocument() {
    }

    public static Map<String, Object> build(List<ApiRoute> routes, String version) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("openapi", "3.0.3");
        doc.put("info", Map.of("title", "Inkwell", "version", version,
                "description", "Handwritten digit recognition. Every prediction route accepts raw images, multipart "
                        + "files, base64 JSON, image URLs, Kaggle pixel rows, pixel arrays, batches and CSV rows."));
        Map<String, Object> paths = new TreeMap<>();
        for (ApiRoute route : routes) {
            @SuppressWarnings("unchecked")
            Map<String, Object> item = (Map<String, Object>) paths.computeIfAbsent(route.path(), p -> new LinkedHashMap<>());
            item.put(route.method().name().toLowerCase(), operation(route));
        }
        doc.put("paths", paths);
        doc.put("components", Map.of("schemas", Schemas.all(), "securitySchemes", Map.of(
                "bearer", Map.of("type", "http", "scheme", "bearer"),
                "apiKey", Map.of("type", "apiKey", "in", "header", "name", ApiKeyAuth.HEADER))));
        return doc;
    }

    private static Map<String, Object> operation(ApiRoute route) {
        Map<String, Object> op = new LinkedHashMap<>();
        op.put("tags", List.of(route.tag()));
        op.put("summary", route.summary());
        if (!route.description().isEmpty()) op.put("description", route.description());
        op.put("operationId", operationId(route));
        List<Object> parameters = new ArrayList<>();
        Matcher m = PATH_PARAM.matcher(route.path());
        while (m.find()) {
            parameters.add(Map.of("name", m.group(1), "in", "path", "required", true, "schema", Map.of("type", "string")));
        }
        for (ApiRoute.QueryParam q : route.queryParams()) {
            parameters.add(Map.of("name", q.name(), "in", "query", "required", false, "description", q.description(),
                    "schema", Map.of("type", q.type())));
        }
        if (!parameters.isEmpty()) op.put("parameters", parameters);
        if (!route.requestTypes().isEmpty()) {
            Map<String, Object> content = new LinkedHashMap<>();
            for (String type : route.requestTypes()) content.put(type, Map.of("schema", Schemas.requestSchema(route.path(), type)));
            op.put("requestBody", Map.of("required", true, "content", content));
        }
        Map<String, Object> responses = new TreeMap<>();
        route.responses().forEach((status, description) -> {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("description", description);
            if (status >= 200 && status < 300 && route.responseSchema() != null) {
                Map<String, Object> content = new LinkedHashMap<>();
                for (String type : route.responseTypes()) {
                    content.put(type, Map.of("schema", type.contains("json") ? ref(route.responseSchema()) : Map.of("type", "string")));
                }
                r.put("content", content);
            } else if (status >= 400) {
                r.put("content", Map.of("application/json", Map.of("schema", ref("Error"))));
            }
            responses.put(Integer.toString(status), r);
        });
        op.put("responses", responses);
        if (route.role() == Role.MANAGE) op.put("security", List.of(Map.of("bearer", List.of()), Map.of("apiKey", List.of())));
        return op;
    }

    private static String operationId(ApiRoute route) {
        String id = route.method().name().toLowerCase() + route.path().replaceAll("[{}]", "").replaceAll("[^A-Za-z0-9]+", "_");
        return id.endsWith("_") ? id.substring(0, id.length() - 1) : id;
    }

    static Map<String, Object> ref(String schema) {
        return Map.of("$ref", "#/components/schemas/" + schema);
    }

    /** Component schemas: what the routes send and return. */
    static final class Schemas {
        private Schemas() {
        }

        /** JSON bodies that are not prediction requests, by route. */
        private static final Map<String, String> JSON_REQUESTS = Map.of(
                "/v1/triggers", "TriggerDefinition",
                "/v1/functions/{name}/invoke", "FunctionEvent",
                "/v1/events/s3", "S3Notification",
                "/v1/workflows", "WorkflowDefinition",
                "/v1/workflows/{name}", "WorkflowUpdate",
                "/v1/workflows/{name}/executions", "StartExecution",
                "/v1/executions/{arn}/stop", "StopExecution",
                "/v1/endpoints/{name}/monitoring/runs", "MonitoringCheck");

        static Object requestSchema(String path, String type) {
            if ((type.equals("application/json") || type.equals("text/plain")) && JSON_REQUESTS.containsKey(path)) return ref(JSON_REQUESTS.get(path));
            return requestSchema(type);
        }

        static Object requestSchema(String type) {
            if (type.startsWith("image/") || type.equals("application/x-image") || type.equals("application/octet-stream")) {
                return Map.of("type", "string", "format", "binary");
            }
            if (type.equals("multipart/form-data")) {
                return Map.of("type", "object", "properties", Map.of("image", Map.of("type", "string", "format", "binary")));
            }
            if (type.equals("text/csv")) {
                return Map.of("type", "string", "description", "one row of pixel values (0-255) per line, after a label when the "
                        + "row is a training sample; optional Kaggle header");
            }
            return ref("PredictRequest");
        }

        static Map<String, Object> all() {
            Map<String, Object> s = new LinkedHashMap<>();
            Map<String, Object> number = Map.of("type", "number");
            Map<String, Object> pixels = Map.of("type", "array", "items", Map.of("type", "number", "minimum", 0, "maximum", 255));
            s.put("ImageRequest", object(Map.of("image", Map.of("type", "string", "format", "byte")), "image"));
            s.put("ImageDataRequest", object(Map.of("image_data", Map.of("type", "string", "format", "byte")), "image_data"));
            s.put("UrlRequest", object(Map.of("data", Map.of("type", "string", "format", "uri")), "data"));
            s.put("PixelsRequest", object(Map.of("pixels", pixels), "pixels"));
            s.put("KaggleRowRequest", Map.of("type", "object", "description", "pixel0 … pixel783 as in Kaggle's digit-recognizer CSV",
                    "additionalProperties", Map.of("type", "number")));
            List<Object> one = List.of(ref("ImageRequest"), ref("ImageDataRequest"), ref("UrlRequest"), ref("PixelsRequest"),
                    ref("KaggleRowRequest"));
            s.put("PredictRequest", Map.of("oneOf", List.of(Map.of("oneOf", one),
                    Map.of("type", "array", "description", "a batch", "items", Map.of("oneOf", one)),
                    object(Map.of("instances", Map.of("type", "array", "items", Map.of("oneOf", one))), "instances"))));
            // answers: closed objects (no property that is not documented), so the test that checks real answers against
            // them notices a field added to the code but not to the document
            Map<String, Object> integer = Map.of("type", "integer");
            Map<String, Object> text = Map.of("type", "string");
            Map<String, Object> byClass = Map.of("type", "object", "additionalProperties", number);
            Map<String, Object> timing = Map.of("type", "object", "description", "milliseconds by step (total_ms, fetch_ms, "
                    + "preprocess_ms, inference_ms)", "additionalProperties", number);
            s.put("ClassScore", closed(Map.of("label", text, "index", integer, "probability", number), "label", "index", "probability"));
            s.put("Model", closed(Map.of("name", text, "version", nullable(text)), "name"));
            s.put("Box", closed(Map.of("x", integer, "y", integer, "width", integer, "height", integer), "x", "y", "width", "height"));
            s.put("Digit", closed(Map.of("label", text, "index", integer, "probability", number, "probabilities", byClass,
                    "top", Map.of("type", "array", "items", ref("ClassScore")), "box", ref("Box")),
                    "label", "index", "probability", "probabilities", "top", "box"));
            Map<String, Object> prediction = new LinkedHashMap<>();
            prediction.put("endpoint", text);
            prediction.put("variant", Map.of("type", "string", "description", "the endpoint's variant that answered (X-Inkwell-Variant pins one)"));
            prediction.put("model", ref("Model"));
            prediction.put("label", text);
            prediction.put("index", integer);
            prediction.put("probability", number);
            prediction.put("probabilities", byClass);
            prediction.put("top", Map.of("type", "array", "items", ref("ClassScore")));
            prediction.put("digits", Map.of("type", "array", "items", ref("Digit")));
            prediction.put("number", Map.of("type", "string", "description", "the digits read left to right"));
            prediction.put("number_probability", Map.of("type", "number", "description", "the product of the digits' probabilities"));
            prediction.put("confident", Map.of("type", "boolean", "description", "false when the reading is more likely wrong "
                    + "than right: number_probability below 0.5"));
            prediction.put("reason", Map.of("type", "string", "description", "why the reading is not confident (only when "
                    + "confident is false)"));
            prediction.put("digit", Map.of("type", "integer", "description", "POST /predict only (seed compatibility)"));
            prediction.put("timing", timing);
            prediction.put("debug", closed(Map.of("images", Map.of("type", "array", "description", "the 28×28 model inputs, base64 PNG",
                            "items", Map.of("type", "string", "format", "byte")),
                    "report", Map.of("type", "object", "description", "what preprocessing did"),
                    "input", Map.of("type", "string", "description", "picture, or model pixels (no preprocessing)"))));
            s.put("Prediction", closed(prediction, "label", "index", "probability", "probabilities", "top", "digits", "number",
                    "number_probability", "confident", "timing"));
            s.put("BatchPrediction", closed(Map.of("endpoint", text, "variant", text, "model", ref("Model"),
                    "predictions", Map.of("type", "array", "items", ref("Prediction")), "timing", timing), "endpoint", "model", "predictions"));
            s.put("PredictionResponse", Map.of("oneOf", List.of(ref("Prediction"), ref("BatchPrediction"))));
            s.put("Probabilities", Map.of("oneOf", List.of(Map.of("type", "array", "items", number),
                    Map.of("type", "array", "items", Map.of("type", "array", "items", number)))));
            s.put("Error", closed(Map.of("error", closed(Map.of("status", integer, "message", text), "status", "message")), "error"));
            s.put("Status", closed(Map.of("status", text), "status"));
            Map<String, Object> servedModel = closed(Map.of("name", text, "model", ref("Model"), "weight", integer, "percent", number,
                    "ref", Map.of("type", "string", "description", "the model reference as the endpoint names it"),
                    "sha256", text, "in_flight", integer), "name", "model", "ref", "sha256");
            s.put("ServedVariant", servedModel);
            Map<String, Object> endpoint = new LinkedHashMap<>();
            endpoint.put("name", text);
            endpoint.put("status", Map.of("type", "string", "enum", List.of("serving", "failed")));
            endpoint.put("stored", Map.of("type", "boolean", "description", "defined in the store (else on the command line)"));
            endpoint.put("revision", integer);
            endpoint.put("model", ref("Model"));
            endpoint.put("source", text);
            endpoint.put("architecture", nullable(text));
            endpoint.put("classes", Map.of("type", "array", "items", text));
            endpoint.put("input", text);
            endpoint.put("preprocessing", text);
            endpoint.put("loaded_at", Map.of("type", "string", "format", "date-time"));
            endpoint.put("load_ms", number);
            endpoint.put("variants", Map.of("type", "array", "items", ref("ServedVariant")));
            endpoint.put("shadow", ref("ServedVariant"));
            endpoint.put("capture", ref("Capture"));
            endpoint.put("requireApproved", Map.of("type", "boolean"));
            endpoint.put("deployed_at", Map.of("type", "string", "format", "date-time"));
            endpoint.put("failure", closed(Map.of("revision", integer, "reason", text, "at", text), "revision", "reason", "at"));
            s.put("Endpoint", closed(endpoint, "name", "status", "stored", "revision"));
            s.put("Capture", closed(Map.of("percent", Map.of("type", "number", "minimum", 0, "maximum", 100,
                            "description", "share of requests captured, every variant's unless it has its own"),
                    "destination", Map.of("type", "string", "description", "s3://BUCKET/PREFIX (default s3://captures/)"),
                    "variants", Map.of("type", "object", "description", "variant or shadow name → its own share",
                            "additionalProperties", Map.of("type", "number", "minimum", 0, "maximum", 100))), "percent", "destination"));
            Map<String, Object> definition = closed(Map.of(
                    "variants", Map.of("type", "array", "items", closed(Map.of("name", text, "model", text, "weight", integer), "name", "model", "weight")),
                    "shadow", nullable(closed(Map.of("name", text, "model", text, "percent", number), "name", "model", "percent")),
                    "capture", ref("Capture"), "requireApproved", Map.of("type", "boolean")), "variants", "capture", "requireApproved");
            s.put("EndpointHistory", closed(Map.of("name", text, "revisions", Map.of("type", "array", "items", closed(Map.of(
                    "revision", integer, "action", Map.of("type", "string", "enum", List.of("create", "update", "rollback", "delete")),
                    "at", text, "definition", nullable(definition)), "revision", "action", "at"))), "name", "revisions"));
            Map<String, Object> modelSummary = new LinkedHashMap<>();
            modelSummary.put("name", text);
            modelSummary.put("description", nullable(text));
            modelSummary.put("created_at", text);
            modelSummary.put("latest", nullable(integer));
            modelSummary.put("aliases", Map.of("type", "object", "description", "alias → version", "additionalProperties", integer));
            s.put("ModelList", closed(Map.of("models", Map.of("type", "array", "items", closed(modelSummary, "name", "aliases"))), "models"));
            Map<String, Object> version = new LinkedHashMap<>();
            version.put("name", text);
            version.put("version", integer);
            version.put("sha256", text);
            version.put("source", Map.of("type", "string", "enum", List.of("train", "finetune", "calibrate", "upload", "import")));
            version.put("status", Map.of("type", "string", "enum", List.of("pending", "approved", "rejected")));
            version.put("tags", Map.of("type", "object", "additionalProperties", text));
            version.put("created_at", text);
            version.put("architecture", nullable(text));
            version.put("parameters", integer);
            version.put("metrics", Map.of("type", "object"));
            version.put("card", Map.of("type", "object", "description", "the model card (schemaVersion 2)"));
            version.put("reports", Map.of("type", "array", "items", text, "description", "report files stored with the version"));
            s.put("ModelVersion", closed(version, "name", "version", "sha256", "source", "status", "created_at"));
            Map<String, Object> registered = new LinkedHashMap<>(modelSummary);
            registered.put("versions", Map.of("type", "array", "items", ref("ModelVersion")));
            s.put("RegisteredModel", closed(registered, "name", "versions", "aliases"));
            s.put("ModelHistory", closed(Map.of("name", text, "events", Map.of("type", "array", "items", closed(Map.of(
                    "kind", Map.of("type", "string", "enum", List.of("registered", "alias_moved", "alias_removed", "status", "tagged", "version_deleted")),
                    "alias", nullable(text), "from_version", nullable(integer), "to_version", nullable(integer), "detail", nullable(text),
                    "at", text), "kind", "at"))), "name", "events"));
            s.put("File", Map.of("type", "string", "format", "binary"));
            s.put("EndpointStats", endpointStats(text, integer, number));
            s.put("EndpointList", closed(Map.of("endpoints", Map.of("type", "array", "items", ref("Endpoint"))), "endpoints"));
            Map<String, Object> splits = Map.of("type", "object", "description", "rows per split (train, test, …)",
                    "additionalProperties", integer);
            s.put("Table", closed(Map.of("table", text, "rows", integer, "splits", splits), "table", "rows", "splits"));
            s.put("TableList", closed(Map.of("store", Map.of("type", "string", "description", "the store, password removed"),
                    "tables", Map.of("type", "object", "additionalProperties", splits)), "store", "tables"));
            s.put("IngestResult", closed(Map.of("table", text, "read", integer, "added", integer,
                    "existing", Map.of("type", "integer", "description", "already in the table (same uuid)"),
                    "splits", splits), "table", "read", "added", "existing", "splits"));
            s.put("TableDropped", closed(Map.of("table", text, "dropped", integer), "table", "dropped"));
            triggers(s, text, integer, number);
            WorkflowSchemas.add(s);
            MonitoringSchemas.add(s);
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("id", integer);
            item.put("event_id", Map.of("type", "string", "description", "the capture record's eventId"));
            item.put("endpoint", text);
            item.put("variant", text);
            item.put("model", Map.of("type", "string", "description", "NAME:VERSION of the model that answered"));
            item.put("capture", nullable(Map.of("type", "string", "description", "s3://BUCKET/KEY of the capture object")));
            item.put("predicted", integer);
            item.put("predicted_label", text);
            item.put("probability", number);
            item.put("status", Map.of("type", "string", "enum", List.of("pending", "labelled", "skipped")));
            item.put("label", nullable(integer));
            item.put("table", nullable(Map.of("type", "string", "description", "the samples table the labelled row is in")));
            item.put("captured_at", Map.of("type", "string", "format", "date-time"));
            item.put("image", Map.of("type", "string", "format", "byte", "description", "the 28×28 image the model saw, PNG"));
            s.put("LabellingItem", closed(item, "id", "event_id", "endpoint", "variant", "model", "predicted", "predicted_label",
                    "probability", "status", "captured_at", "image"));
            s.put("TestCase", closed(Map.of("image_data", Map.of("type", "string", "description", "empty: the workflow reads the object"),
                    "s3_bucket", text, "s3_key", text), "image_data", "s3_bucket", "s3_key"));
            s.put("LabellingList", closed(Map.of("items", Map.of("type", "array", "items", ref("LabellingItem")),
                    "counts", closed(Map.of("pending", integer, "labelled", integer, "skipped", integer), "pending", "labelled", "skipped")),
                    "items", "counts"));
            s.put("OpenApi", Map.of("type", "object"));
            return s;
        }

        /** Triggers, functions and webhooks. */
        private static void triggers(Map<String, Object> s, Map<String, Object> text, Map<String, Object> integer, Map<String, Object> number) {
            Map<String, Object> anyObject = Map.of("type", "object", "description", "the function's own JSON");
            Map<String, Object> options = Map.of("type", "object", "description", "the action's options, merged into each event: classify "
                    + "{endpoint, output_prefix}, ingest {table, split, channels, output_prefix}, register {endpoint, output_prefix}");
            Map<String, Object> definition = new LinkedHashMap<>();
            definition.put("name", Map.of("type", "string", "pattern", "^[a-z][a-z0-9_-]{0,62}$"));
            definition.put("bucket", text);
            definition.put("prefix", Map.of("type", "string", "description", "keys starting with this (default: any)"));
            definition.put("suffix", Map.of("type", "string", "description", "keys ending with this (default: any)"));
            definition.put("action", Map.of("type", "string", "description", "the function: classify, ingest or register"));
            definition.put("options", options);
            s.put("TriggerDefinition", closed(definition, "name", "bucket", "action"));
            Map<String, Object> trigger = new LinkedHashMap<>(definition);
            trigger.put("created_at", Map.of("type", "string", "format", "date-time"));
            s.put("Trigger", closed(trigger, "name", "bucket", "prefix", "suffix", "action", "options", "created_at"));
            Map<String, Object> runtime = new LinkedHashMap<>();
            runtime.put("owner", Map.of("type", "string", "description", "this replica, as leases name it"));
            for (String n : List.of("triggers", "workers", "in_flight", "done_here", "failed_here", "retried_here", "queued_here",
                    "deferred_events", "watching", "polling")) {
                runtime.put(n, integer);
            }
            runtime.put("queue", Map.of("type", "object", "description", "work items of every replica by status", "additionalProperties", integer));
            s.put("TriggerRuntime", closed(runtime, "owner", "triggers", "queue"));
            s.put("TriggerList", closed(Map.of("triggers", Map.of("type", "array", "items", ref("Trigger")), "runtime", ref("TriggerRuntime")),
                    "triggers", "runtime"));
            s.put("TriggerDeleted", closed(Map.of("trigger", text, "deleted", Map.of("type", "boolean")), "trigger", "deleted"));
            Map<String, Object> location = closed(Map.of("file", text, "line", integer, "column", integer, "record", integer), "file");
            Map<String, Object> failure = new LinkedHashMap<>();
            failure.put("error", Map.of("type", "string", "description", "Step Functions-style error name (Inkwell.InvalidInput, …)"));
            failure.put("cause", text);
            failure.put("location", location);
            for (String n : List.of("trigger", "function", "bucket", "key", "etag")) failure.put(n, text);
            failure.put("attempts", integer);
            failure.put("failed_at", Map.of("type", "string", "format", "date-time"));
            failure.put("report", Map.of("type", "string", "description", "the error report's key beside the results"));
            s.put("TriggerFailure", closed(failure, "error", "cause", "trigger", "function", "bucket", "key", "attempts", "failed_at"));
            s.put("TriggerFailureList", closed(Map.of("failures", Map.of("type", "array", "items", ref("TriggerFailure"))), "failures"));
            s.put("Function", closed(Map.of("name", text, "description", text, "object_events", Map.of("type", "boolean",
                    "description", "whether triggers can run it")), "name", "description", "object_events"));
            s.put("FunctionList", closed(Map.of("functions", Map.of("type", "array", "items", ref("Function"))), "functions"));
            s.put("FunctionEvent", Map.of("type", "object", "description", "the event the function reads (see the route's description)"));
            s.put("FunctionResult", closed(Map.of("function", text, "result", anyObject), "function", "result"));
            s.put("S3Notification", Map.of("type", "object", "description", "AWS S3 event notification JSON ({\"Records\": [...]}), an "
                    + "SNS message carrying one, or MinIO's webhook body ({\"EventName\", \"Key\", \"Records\"})"));
            s.put("WebhookResult", closed(Map.of("kind", Map.of("type", "string", "enum", List.of("events", "test_event",
                            "subscription_confirmation", "unsubscribe_confirmation")),
                    "records", integer, "queued", Map.of("type", "integer", "description", "new work items (an event heard before adds none)"),
                    "subscribe_url", Map.of("type", "string", "description", "SNS: visit it to confirm the subscription")), "kind", "records", "queued"));
        }

        /** GET /v1/endpoints/{name}/stats: one replica's live figures per variant. */
        private static Map<String, Object> endpointStats(Map<String, Object> text, Map<String, Object> integer, Map<String, Object> number) {
            Map<String, Object> v = new LinkedHashMap<>();
            v.put("name", text);
            v.put("shadow", Map.of("type", "boolean"));
            v.put("weight", Map.of("type", "integer", "description", "a variant's weight (not on a shadow)"));
            v.put("percent", Map.of("type", "number", "description", "the share of requests a shadow reads (shadow only)"));
            v.put("model", ref("Model"));
            v.put("requests", Map.of("type", "integer", "description", "answered (read, for a shadow) since this replica started"));
            v.put("requests_per_second", Map.of("type", "number", "description", "over the last 10 s"));
            v.put("requests_per_second_since_start", number);
            v.put("recent_requests", Map.of("type", "integer", "description", "requests in the sample window the figures below come from"));
            v.put("latency_ms", nullable(closed(Map.of("p50", number, "p95", number, "p99", number, "mean", number), "p50", "p95", "p99", "mean")));
            v.put("mean_confidence", nullable(Map.of("type", "number", "description", "mean probability of the predicted class")));
            v.put("agreement", nullable(Map.of("type", "number", "description", "shadow only: share of readings with the answer's label")));
            v.put("readings_compared", integer);
            v.put("last_request_at", nullable(Map.of("type", "string", "format", "date-time")));
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("endpoint", text);
            e.put("status", Map.of("type", "string", "enum", List.of("serving", "failed")));
            e.put("at", Map.of("type", "string", "format", "date-time"));
            e.put("counting_since", Map.of("type", "string", "format", "date-time", "description", "when this replica started counting"));
            e.put("rate_window_s", number);
            e.put("sample_window_s", integer);
            e.put("variants", Map.of("type", "array", "items", closed(v, "name", "shadow", "model", "requests", "requests_per_second",
                    "requests_per_second_since_start", "recent_requests", "latency_ms", "mean_confidence", "agreement",
                    "readings_compared", "last_request_at")));
            return closed(e, "endpoint", "status", "at", "counting_since", "rate_window_s", "sample_window_s", "variants");
        }

        /** An answer's object: exactly these properties. */
        static Map<String, Object> closed(Map<String, Object> properties, String... required) {
            Map<String, Object> o = object(properties, required);
            o.put("additionalProperties", false);
            return o;
        }

        static Map<String, Object> nullable(Map<String, Object> schema) {
            Map<String, Object> n = new LinkedHashMap<>(schema);
            n.put("nullable", true);
            return n;
        }

        static Map<String, Object> object(Map<String, Object> properties, String... required) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("type", "object");
            o.put("properties", properties);
            if (required.length > 0) o.put("required", List.of(required));
            return o;
        }
    }
}
