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
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import dev.inkwell.store.LabellingItem;
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
        try (TestServer http = TestServer.start(c -> c.auth(new ServerConfig.Auth(KEY)).store(dir.resolve("store.db").toString()))) {
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
        assertThat(calls).extracting(c -> c.response().statusCode()).contains(200, 400, 401, 404, 415);
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
