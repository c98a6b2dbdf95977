package dev.inkwell.server;

import static dev.inkwell.server.TestServer.json;
import static dev.inkwell.server.TestServer.sample;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import com.networknt.schema.oas.OpenApi30;
import dev.inkwell.core.Json;
import dev.inkwell.model.ModelRef;
import dev.inkwell.registry.Registration;
import dev.inkwell.registry.VersionSource;
import dev.inkwell.store.LabellingItem;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real answers of every route, good and bad, validated against the schemas the server's own OpenAPI document gives
 * for their route and status (a JSON Schema validator in OpenAPI 3.0 mode). Answer objects are closed, so a field the
 * code sends but the document lacks fails here.
 */
class OpenApiResponsesTest {
    private static final String KEY = "openapi-key";
    private static final JsonSchemaFactory SCHEMAS = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4,
            b -> b.metaSchema(OpenApi30.getInstance()).defaultMetaSchemaIri(OpenApi30.getInstance().getIri()));
    private static final SchemaValidatorsConfig CONFIG = SchemaValidatorsConfig.builder().nullableKeywordEnabled(true).build();

    private record Call(String method, String route, HttpResponse<String> response) {
    }

    @Test
    void everyAnswerMatchesItsDocumentedSchema(@TempDir Path dir) throws Exception {
        List<Call> calls = new ArrayList<>();
        JsonNode doc;
        try (TestServer http = TestServer.start(c -> c.auth(new ServerConfig.Auth(KEY)).store(dir.resolve("store.db").toString())
                .buckets(dir.resolve("buckets").toString()).triggers(c.triggers().withWebhookToken(null)))) {
            doc = json(http.get("/openapi.json"));
            String predict = "/v1/endpoints/{name}/predict";
            calls.add(new Call("post", predict, http.post("/v1/endpoints/default/predict", "image/png", sample(7))));
            calls.add(new Call("post", predict, http.post("/v1/endpoints/default/predict?debug=true", "image/png", sample(3))));
            calls.add(new Call("post", predict, http.post("/v1/endpoints/default/predict", "application/json",
                    ("[{\"pixels\": " + zeros(784) + "}, {\"pixels\": " + zeros(784) + "}]").getBytes(StandardCharsets.UTF_8))));
            calls.add(new Call("post", predict, http.post("/v1/endpoints/default/predict", "application/json", "{\"pixels\": [1,".getBytes())));
            calls.add(new Call("post", predict, http.post("/v1/endpoints/nope/predict", "image/png", sample(1))));
            calls.add(new Call("post", predict, http.post("/v1/endpoints/default/predict", "application/x-nonsense", new byte[] {1})));
            calls.add(new Call("post", "/predict", http.post("/predict", "image/png", sample(2))));
            calls.add(new Call("post", "/mnistpredict", http.post("/mnistpredict", "image/png", sample(5))));
            calls.add(new Call("post", "/invocations", http.post("/invocations", "image/png", sample(6))));
            calls.add(new Call("get", "/v1/endpoints", http.get("/v1/endpoints")));
            calls.add(new Call("get", "/v1/endpoints/{name}", http.get("/v1/endpoints/default")));
            calls.add(new Call("get", "/v1/endpoints/{name}", http.get("/v1/endpoints/nope")));
            calls.add(new Call("post", "/v1/endpoints/{name}/reload", http.send(manage(http, "/v1/endpoints/default/reload")
                    .POST(HttpRequest.BodyPublishers.noBody()))));
            calls.add(new Call("post", "/v1/endpoints/{name}/reload", http.post("/v1/endpoints/default/reload", null, new byte[0])));
            Path csv = dir.resolve("rows.csv");
            Files.writeString(csv, "label," + header() + "\n3," + zeros(784).replaceAll("[\\[\\] ]", "") + "\n");
            calls.add(new Call("post", "/v1/tables/{name}/samples", http.send(manage(http, "/v1/tables/mine/samples")
                    .header("Content-Type", "text/csv").POST(HttpRequest.BodyPublishers.ofFile(csv)))));
            calls.add(new Call("get", "/v1/tables", http.send(manage(http, "/v1/tables").GET())));
            calls.add(new Call("get", "/v1/tables/{name}", http.send(manage(http, "/v1/tables/mine").GET())));
            calls.add(new Call("get", "/v1/tables/{name}", http.send(manage(http, "/v1/tables/nothing").GET())));
            calls.add(new Call("delete", "/v1/tables/{name}", http.send(manage(http, "/v1/tables/mine").DELETE())));
            triggerCalls(http, calls);
            workflowCalls(http, calls);
            registryAndStats(http, calls);
            http.server.platform().store().labelling().add(List.of(LabellingItem.candidate("e1", "default", "main", "mnist-8:1", null, 3, "3",
                    0.5, new byte[28 * 28], 28, 28, Instant.parse("2026-11-28T10:00:00Z"))));
            calls.add(new Call("get", "/v1/labelling", http.send(manage(http, "/v1/labelling").GET())));
            calls.add(new Call("get", "/v1/labelling", http.send(manage(http, "/v1/labelling?status=bogus").GET())));
            calls.add(new Call("get", "/v1/labelling", http.get("/v1/labelling")));
            long id = http.server.platform().store().labelling().list(null, 0, 1).getFirst().id();
            String labelling = "/v1/labelling/{id}";
            calls.add(new Call("post", labelling, http.send(manage(http, "/v1/labelling/" + id).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"label\": 8}")))));
            calls.add(new Call("post", labelling, http.send(manage(http, "/v1/labelling/" + id).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"label\": \"eight\"}")))));
            calls.add(new Call("post", labelling, http.send(manage(http, "/v1/labelling/999999").header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"action\": \"skip\"}")))));
            http.server.platform().buckets().createIfMissing("uploads").put("digits/7.png", sample(7), "image/png");
            String testCase = "/v1/buckets/{bucket}/sample";
            calls.add(new Call("get", testCase, http.send(manage(http, "/v1/buckets/uploads/sample?prefix=digits/").GET())));
            calls.add(new Call("get", testCase, http.send(manage(http, "/v1/buckets/uploads/sample?prefix=none/").GET())));
            calls.add(new Call("get", testCase, http.send(manage(http, "/v1/buckets/No_Such/sample").GET())));
            String monitoring = "/v1/endpoints/{name}/monitoring";
            calls.add(new Call("get", monitoring, http.get("/v1/endpoints/default/monitoring")));
            calls.add(new Call("get", monitoring, http.get("/v1/endpoints/default/monitoring?limit=x")));
            calls.add(new Call("get", monitoring, http.get("/v1/endpoints/nope/monitoring")));
            String check = "/v1/endpoints/{name}/monitoring/runs";
            calls.add(new Call("post", check, http.send(manage(http, "/v1/endpoints/default/monitoring/runs").header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{}")))));
            calls.add(new Call("post", check, http.send(manage(http, "/v1/endpoints/default/monitoring/runs").header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"since\": 1}")))));
            calls.add(new Call("post", check, http.post("/v1/endpoints/default/monitoring/runs", "application/json", "{}")));
            calls.add(new Call("get", "/v1/endpoints/{name}/monitoring/runs/{id}/files/{file}",
                    http.send(manage(http, "/v1/endpoints/default/monitoring/runs/1/files/report.html").GET())));
            for (String health : List.of("/healthcheck", "/ping", "/health/live", "/health/ready")) {
                calls.add(new Call("get", health, http.get(health)));
            }
        }
        List<String> problems = new ArrayList<>();
        for (Call call : calls) {
            int status = call.response().statusCode();
            JsonNode schema = doc.at("/paths/" + escape(call.route()) + "/" + call.method() + "/responses/" + status
                    + "/content/application~1json/schema");
            if (schema.isMissingNode()) {
                problems.add(call.method() + " " + call.route() + " answered " + status + ", which the document does not list");
                continue;
            }
            ObjectNode root = ((ObjectNode) schema.deepCopy()).set("components", doc.get("components"));
            JsonSchema validator = SCHEMAS.getSchema(root, CONFIG);
            Set<ValidationMessage> errors = validator.validate(Json.mapper().readTree(call.response().body()));
            for (ValidationMessage m : errors) problems.add(call.method() + " " + call.route() + " " + status + ": " + m.getMessage());
        }
        assertThat(problems).isEmpty();
        assertThat(calls).extracting(c -> c.response().statusCode()).contains(200, 400, 401, 404, 409, 415);
    }

    /** Triggers, functions and the S3 webhook: good and bad answers of each. */
    private static void triggerCalls(TestServer http, List<Call> calls) {
        http.server.buckets().createIfMissing("uploads").put("pics/7.png", sample(7), "image/png");
        String json = "application/json";
        calls.add(new Call("post", "/v1/triggers", http.send(manage(http, "/v1/triggers").header("Content-Type", json).POST(HttpRequest.BodyPublishers.ofString(
                "{\"name\": \"digits\", \"bucket\": \"uploads\", \"prefix\": \"in/\", \"action\": \"classify\", \"options\": {\"endpoint\": \"default\"}}")))));
        calls.add(new Call("post", "/v1/triggers", http.send(manage(http, "/v1/triggers").header("Content-Type", json).POST(HttpRequest.BodyPublishers.ofString(
                "{\"name\": \"digits\", \"bucket\": \"uploads\", \"action\": \"classify\"}")))));
        calls.add(new Call("post", "/v1/triggers", http.send(manage(http, "/v1/triggers").header("Content-Type", json).POST(HttpRequest.BodyPublishers.ofString(
                "{\"name\": \"x\", \"bucket\": \"nothing\", \"action\": \"classify\"}")))));
        calls.add(new Call("post", "/v1/triggers", http.send(manage(http, "/v1/triggers").header("Content-Type", json).POST(HttpRequest.BodyPublishers.ofString("{")))));
        calls.add(new Call("post", "/v1/triggers", http.send(manage(http, "/v1/triggers").header("Content-Type", "text/xml").POST(HttpRequest.BodyPublishers.ofString("<a/>")))));
        calls.add(new Call("get", "/v1/triggers", http.send(manage(http, "/v1/triggers").GET())));
        calls.add(new Call("get", "/v1/triggers", http.get("/v1/triggers")));
        calls.add(new Call("get", "/v1/triggers/{name}", http.send(manage(http, "/v1/triggers/digits").GET())));
        calls.add(new Call("get", "/v1/triggers/{name}", http.send(manage(http, "/v1/triggers/nothing").GET())));
        calls.add(new Call("get", "/v1/trigger-failures", http.send(manage(http, "/v1/trigger-failures?trigger=digits").GET())));
        calls.add(new Call("get", "/v1/trigger-failures", http.send(manage(http, "/v1/trigger-failures?limit=x").GET())));
        calls.add(new Call("get", "/v1/functions", http.send(manage(http, "/v1/functions").GET())));
        calls.add(new Call("post", "/v1/functions/{name}/invoke", http.send(manage(http, "/v1/functions/classify/invoke").header("Content-Type", json)
                .POST(HttpRequest.BodyPublishers.ofString("{\"bucket\": \"uploads\", \"key\": \"pics/7.png\"}")))));
        calls.add(new Call("post", "/v1/functions/{name}/invoke", http.send(manage(http, "/v1/functions/classify/invoke").header("Content-Type", json)
                .POST(HttpRequest.BodyPublishers.ofString("{\"bucket\": \"uploads\"}")))));
        calls.add(new Call("post", "/v1/functions/{name}/invoke", http.send(manage(http, "/v1/functions/none/invoke").header("Content-Type", json)
                .POST(HttpRequest.BodyPublishers.ofString("{}")))));
        String testEvent = "{\"Service\": \"Amazon S3\", \"Event\": \"s3:TestEvent\", \"Bucket\": \"uploads\"}";
        calls.add(new Call("post", "/v1/events/s3", http.send(manage(http, "/v1/events/s3").header("Content-Type", json).POST(HttpRequest.BodyPublishers.ofString(testEvent)))));
        calls.add(new Call("post", "/v1/events/s3", http.send(manage(http, "/v1/events/s3").header("Content-Type", json).POST(HttpRequest.BodyPublishers.ofString(
                "{\"EventName\": \"s3:ObjectCreated:Put\", \"Key\": \"uploads/in/none.png\"}")))));
        calls.add(new Call("post", "/v1/events/s3", http.send(manage(http, "/v1/events/s3").header("Content-Type", json).POST(HttpRequest.BodyPublishers.ofString("{\"Records\": 1}")))));
        calls.add(new Call("post", "/v1/events/s3", http.post("/v1/events/s3", json, testEvent)));
        calls.add(new Call("delete", "/v1/triggers/{name}", http.send(manage(http, "/v1/triggers/digits").DELETE())));
        calls.add(new Call("delete", "/v1/triggers/{name}", http.send(manage(http, "/v1/triggers/digits").DELETE())));
    }

    /** Workflows and executions: seed 003's workflow run once, and bad requests of each route. */
    private static void workflowCalls(TestServer http, List<Call> calls) throws Exception {
        http.server.buckets().createIfMissing("digits").put("test/7.png", sample(7), "image/png");
        String json = "application/json";
        String seed003 = WorkflowRoutesTest.seed003();
        String pause = WorkflowRoutesTest.PAUSE;
        calls.add(new Call("post", "/v1/workflows", http.send(manage(http, "/v1/workflows").header("Content-Type", json).POST(HttpRequest.BodyPublishers.ofString(seed003)))));
        calls.add(new Call("post", "/v1/workflows", http.send(manage(http, "/v1/workflows").header("Content-Type", json).POST(HttpRequest.BodyPublishers.ofString(
                "{\"name\": \"seed003\", \"definition\": " + pause + "}")))));
        calls.add(new Call("post", "/v1/workflows", http.send(manage(http, "/v1/workflows").header("Content-Type", json).POST(HttpRequest.BodyPublishers.ofString(
                "{\"name\": \"bad\", \"definition\": {\"StartAt\": \"A\", \"States\": {}}}")))));
        calls.add(new Call("put", "/v1/workflows/{name}", http.send(manage(http, "/v1/workflows/pause").header("Content-Type", json).PUT(HttpRequest.BodyPublishers.ofString(
                "{\"definition\": " + pause + "}")))));
        calls.add(new Call("put", "/v1/workflows/{name}", http.send(manage(http, "/v1/workflows/pause").header("Content-Type", json).PUT(HttpRequest.BodyPublishers.ofString("{")))));
        calls.add(new Call("get", "/v1/workflows", http.send(manage(http, "/v1/workflows").GET())));
        calls.add(new Call("get", "/v1/workflows", http.get("/v1/workflows")));
        calls.add(new Call("get", "/v1/workflows/{name}", http.send(manage(http, "/v1/workflows/seed003").GET())));
        calls.add(new Call("get", "/v1/workflows/{name}", http.send(manage(http, "/v1/workflows/none").GET())));
        calls.add(new Call("get", "/v1/workflows/{name}", http.send(manage(http, "/v1/workflows/b%20d").GET())));
        String start = "/v1/workflows/{name}/executions";
        HttpResponse<String> done = http.send(manage(http, "/v1/workflows/seed003/executions?wait=60").header("Content-Type", json).POST(HttpRequest.BodyPublishers.ofString(
                "{\"name\": \"seven\", \"input\": {\"s3_bucket\": \"digits\", \"s3_key\": \"test/7.png\", \"image_data\": \"\"}}")));
        assertThat(json(done).get("status").asText()).as(done.body()).isEqualTo("SUCCEEDED");
        calls.add(new Call("post", start, done));
        calls.add(new Call("post", start, http.send(manage(http, "/v1/workflows/seed003/executions").header("Content-Type", json).POST(HttpRequest.BodyPublishers.ofString(
                "{\"name\": \"seven\", \"input\": {}}")))));
        calls.add(new Call("post", start, http.send(manage(http, "/v1/workflows/seed003/executions").header("Content-Type", json).POST(HttpRequest.BodyPublishers.ofString(
                "{\"name\": \"seven!\"}")))));
        calls.add(new Call("post", start, http.send(manage(http, "/v1/workflows/none/executions").POST(HttpRequest.BodyPublishers.noBody()))));
        calls.add(new Call("post", start, http.send(manage(http, "/v1/workflows/seed003/executions").header("Content-Type", json).POST(HttpRequest.BodyPublishers.ofString(
                "{\"input\": \"" + "x".repeat(300_000) + "\"}")))));
        HttpResponse<String> running = http.send(manage(http, "/v1/workflows/pause/executions").POST(HttpRequest.BodyPublishers.noBody()));
        calls.add(new Call("post", start, running));
        String arn = json(running).get("executionArn").asText();
        String seven = json(done).get("executionArn").asText();
        String unknown = "arn:aws:states:us-east-1:123456789012:execution:pause:none";
        calls.add(new Call("get", "/v1/executions", http.send(manage(http, "/v1/executions?workflow=seed003").GET())));
        calls.add(new Call("get", "/v1/executions", http.send(manage(http, "/v1/executions?status=nope").GET())));
        calls.add(new Call("get", "/v1/executions/{arn}", http.send(manage(http, "/v1/executions/" + seven).GET())));
        calls.add(new Call("get", "/v1/executions/{arn}", http.send(manage(http, "/v1/executions/" + arn).GET())));
        calls.add(new Call("get", "/v1/executions/{arn}", http.send(manage(http, "/v1/executions/" + unknown).GET())));
        calls.add(new Call("get", "/v1/executions/{arn}", http.send(manage(http, "/v1/executions/x").GET())));
        calls.add(new Call("get", "/v1/executions/{arn}/history", http.send(manage(http, "/v1/executions/" + seven + "/history").GET())));
        calls.add(new Call("get", "/v1/executions/{arn}/definition", http.send(manage(http, "/v1/executions/" + seven + "/definition").GET())));
        calls.add(new Call("get", "/v1/executions/{arn}/definition", http.send(manage(http, "/v1/executions/" + unknown + "/definition").GET())));
        calls.add(new Call("get", "/v1/executions/{arn}/definition", http.send(manage(http, "/v1/executions/nope/definition").GET())));
        calls.add(new Call("get", "/v1/executions/{arn}/history", http.send(manage(http, "/v1/executions/" + seven + "/history?limit=3").GET())));
        calls.add(new Call("get", "/v1/executions/{arn}/history", http.send(manage(http, "/v1/executions/" + unknown + "/history").GET())));
        calls.add(new Call("get", "/v1/executions/{arn}/history", http.send(manage(http, "/v1/executions/" + seven + "/history?limit=x").GET())));
        calls.add(new Call("post", "/v1/executions/{arn}/stop", http.send(manage(http, "/v1/executions/" + arn + "/stop").header("Content-Type", json)
                .POST(HttpRequest.BodyPublishers.ofString("{\"error\": \"Operator\", \"cause\": \"enough\"}")))));
        calls.add(new Call("get", "/v1/executions/{arn}/history", http.send(manage(http, "/v1/executions/" + arn + "/history").GET())));
        calls.add(new Call("post", "/v1/executions/{arn}/stop", http.send(manage(http, "/v1/executions/" + unknown + "/stop").POST(HttpRequest.BodyPublishers.noBody()))));
        calls.add(new Call("post", "/v1/executions/{arn}/stop", http.send(manage(http, "/v1/executions/" + arn + "/stop").header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString("stop")))));
        calls.add(new Call("delete", "/v1/workflows/{name}", http.send(manage(http, "/v1/workflows/pause").DELETE())));
        calls.add(new Call("delete", "/v1/workflows/{name}", http.send(manage(http, "/v1/workflows/pause").DELETE())));
    }

    /**
     * The registry's read routes the web pages use, and an endpoint's live figures: a stored endpoint with a shadow
     * that reads every request, so the shadow's agreement is filled in as well.
     */
    private static void registryAndStats(TestServer http, List<Call> calls) {
        http.server.platform().registry().register(Registration.of("digits", ModelRef.parse("mnist-compact"), VersionSource.IMPORT)
                .withAlias("champion"));
        HttpResponse<String> created = http.send(manage(http, "/v1/endpoints").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("""
                        {"name": "shadowed", "variants": [{"name": "main", "model": "digits@champion"}],
                         "shadow": {"name": "candidate", "model": "digits:1", "percent": 100}}""")));
        calls.add(new Call("post", "/v1/endpoints", created));
        String stats = "/v1/endpoints/{name}/stats";
        calls.add(new Call("get", stats, http.get("/v1/endpoints/shadowed/stats")));
        for (int i = 0; i < 3; i++) http.post("/v1/endpoints/shadowed/predict", "image/png", sample(7));
        Await.until(Duration.ofSeconds(20), "the shadow's readings are counted",
                () -> json(http.get("/v1/endpoints/shadowed/stats")).at("/variants/1/readings_compared").asInt() == 3);
        HttpResponse<String> live = http.get("/v1/endpoints/shadowed/stats");
        assertThat(json(live).at("/variants/0/requests").asInt()).as(live.body()).isEqualTo(3);
        assertThat(json(live).at("/variants/1/agreement").isNumber()).as(live.body()).isTrue();
        calls.add(new Call("get", stats, live));
        calls.add(new Call("get", stats, http.get("/v1/endpoints/default/stats")));
        calls.add(new Call("get", stats, http.get("/v1/endpoints/nope/stats")));
        calls.add(new Call("get", "/v1/endpoints/{name}/history", http.get("/v1/endpoints/shadowed/history")));
        calls.add(new Call("get", "/v1/models", http.get("/v1/models")));
        calls.add(new Call("get", "/v1/models/{name}", http.get("/v1/models/digits")));
        calls.add(new Call("get", "/v1/models/{name}/versions/{version}", http.get("/v1/models/digits/versions/1")));
        calls.add(new Call("get", "/v1/models/{name}/history", http.get("/v1/models/digits/history")));
    }

    private static HttpRequest.Builder manage(TestServer http, String path) {
        return HttpRequest.newBuilder(http.uri(path)).header("X-Api-Key", KEY);
    }

    private static String escape(String route) {
        return route.replace("~", "~0").replace("/", "~1");
    }

    private static String zeros(int n) {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < n; i++) b.append(i == 0 ? "" : ",").append(i % 28 > 10 && i % 28 < 16 && i / 28 > 5 && i / 28 < 22 ? 200 : 0);
        return b.append("]").toString();
    }

    private static String header() {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 784; i++) b.append(i == 0 ? "" : ",").append("pixel").append(i);
        return b.toString();
    }
}
