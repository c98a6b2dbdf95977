package dev.inkwell.server;

import static dev.inkwell.server.TestServer.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.inkwell.core.Json;
import dev.inkwell.testing.SharedData;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** /v1/workflows and /v1/executions on a real server and store, behind the API key: seed 003's workflow, and hostile input. */
class WorkflowRoutesTest {
    static final String KEY = "workflow-key";
    static final String PAUSE = """
            {"StartAt": "Pause", "States": {"Pause": {"Type": "Wait", "Seconds": 600, "End": true}}}""";

    @TempDir
    Path dir;

    static TestServer start(Path dir) {
        return TestServer.start(c -> c.auth(new ServerConfig.Auth(KEY)).store(dir.resolve("inkwell.db").toString())
                .buckets(dir.resolve("buckets").toString()));
    }

    static HttpResponse<String> send(TestServer http, String method, String path, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(http.uri(path)).header("X-Api-Key", KEY)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) b.header("Content-Type", "application/json");
        return http.send(b);
    }

    static JsonNode ok(HttpResponse<String> r) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return json(r);
    }

    private static void assertError(HttpResponse<String> r, int status, String... texts) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(json(r).at("/error/message").asText()).as(r.body()).contains(texts);
    }

    static String seed003() throws Exception {
        JsonNode definition = Json.mapper().readTree(SharedData.root().resolve("conformance/seed003/statemachine.json").toFile());
        JsonNode functions = Json.mapper().readTree(Path.of("..", "examples", "seed003", "functions.json").toFile());
        return Json.mapper().createObjectNode().put("name", "seed003").<ObjectNode>set("definition", definition)
                .set("functions", functions).toString();
    }

    static String arnPath(String arn) {
        return URLEncoder.encode(arn, StandardCharsets.UTF_8);
    }

    @Test
    void seed003IsSavedStartedWaitedForDescribedAndItsHistoryRead() throws Exception {
        try (TestServer http = start(dir)) {
            http.server.buckets().createIfMissing("digits").put("test/7.png", TestServer.sample(7), "image/png");
            JsonNode created = ok(send(http, "POST", "/v1/workflows", seed003()));
            assertThat(created.get("revision").asInt()).isEqualTo(1);
            assertThat(created.get("stateMachineArn").asText()).isEqualTo("arn:aws:states:us-east-1:123456789012:stateMachine:seed003");
            assertThat(ok(send(http, "POST", "/v1/workflows", seed003())).get("revision").asInt()).as("the same again: a no-op").isEqualTo(1);
            assertThat(ok(send(http, "GET", "/v1/workflows", null)).get("workflows")).extracting(w -> w.get("name").asText()).containsExactly("seed003");

            String input = "{\"s3_bucket\": \"digits\", \"s3_key\": \"test/7.png\", \"image_data\": \"\"}";
            JsonNode done = ok(send(http, "POST", "/v1/workflows/seed003/executions?wait=60", "{\"name\": \"seven\", \"input\": " + input + "}"));
            assertThat(done.get("status").asText()).as(done.toString()).isEqualTo("SUCCEEDED");
            assertThat(done.get("created").asBoolean()).isTrue();
            assertThat(Json.mapper().readTree(done.get("input").asText())).isEqualTo(Json.mapper().readTree(input));
            JsonNode output = Json.mapper().readTree(done.get("output").asText());
            assertThat(output.at("/body/inferences")).hasSize(10);
            String arn = done.get("executionArn").asText();
            assertThat(arn).isEqualTo("arn:aws:states:us-east-1:123456789012:execution:seed003:seven");

            JsonNode again = ok(send(http, "POST", "/v1/workflows/seed003/executions", "{\"name\": \"seven\", \"input\": " + input + "}"));
            assertThat(again.get("created").asBoolean()).as("idempotent by name").isFalse();
            assertThat(again.get("executionArn").asText()).isEqualTo(arn);
            assertError(send(http, "POST", "/v1/workflows/seed003/executions", "{\"name\": \"seven\", \"input\": {}}"), 409, "ExecutionAlreadyExists");

            JsonNode described = ok(send(http, "GET", "/v1/executions/" + arn, null));
            assertThat(described.get("status").asText()).isEqualTo("SUCCEEDED");
            assertThat(described.has("stopDate")).isTrue();
            assertThat(ok(send(http, "GET", "/v1/executions/" + arnPath(arn), null)).get("name").asText()).as("encoded ARN").isEqualTo("seven");

            JsonNode history = ok(send(http, "GET", "/v1/executions/" + arn + "/history", null));
            List<String> types = new ArrayList<>();
            history.get("events").forEach(e -> types.add(e.get("type").asText()));
            assertThat(types.getFirst()).isEqualTo("ExecutionStarted");
            assertThat(types.getLast()).isEqualTo("ExecutionSucceeded");
            assertThat(types).containsSubsequence("TaskStateEntered", "TaskScheduled", "TaskStarted", "TaskSucceeded", "TaskStateExited");
            assertThat(history.at("/events/0/executionStartedEventDetails/input").isTextual()).isTrue();
            JsonNode reversed = ok(send(http, "GET", "/v1/executions/" + arn + "/history?reverse=true&limit=2", null));
            assertThat(reversed.get("events")).hasSize(2);
            assertThat(reversed.at("/events/0/type").asText()).isEqualTo("ExecutionSucceeded");
            JsonNode next = ok(send(http, "GET", "/v1/executions/" + arn + "/history?reverse=true&limit=2&nextToken="
                    + reversed.get("nextToken").asText(), null));
            assertThat(next.at("/events/0/id").asLong()).isEqualTo(reversed.at("/events/1/id").asLong() - 1);

            JsonNode listed = ok(send(http, "GET", "/v1/executions?workflow=seed003&status=succeeded", null));
            assertThat(listed.get("executions")).extracting(e -> e.get("name").asText()).containsExactly("seven");
            assertThat(ok(send(http, "GET", "/v1/executions?status=FAILED", null)).get("executions")).isEmpty();
            JsonNode workflow = ok(send(http, "GET", "/v1/workflows/seed003", null));
            assertThat(workflow.at("/executions/SUCCEEDED").asInt()).isEqualTo(1);
            assertThat(workflow.at("/definition/StartAt").asText()).isEqualTo("Image processing");
        }
    }

    @Test
    void aRunningExecutionIsStoppedAndWorkflowsAreUpdatedAndDeleted() throws Exception {
        try (TestServer http = start(dir)) {
            JsonNode put = ok(send(http, "PUT", "/v1/workflows/pause", "{\"definition\": " + Json.mapper().writeValueAsString(PAUSE) + "}"));
            assertThat(put.get("revision").asInt()).as("PUT creates, the definition given as JSON text").isEqualTo(1);
            JsonNode started = ok(send(http, "POST", "/v1/workflows/pause/executions", null));
            assertThat(started.get("status").asText()).isEqualTo("RUNNING");
            assertThat(started.get("name").asText()).matches("[0-9a-f-]{36}");
            String arn = started.get("executionArn").asText();
            JsonNode updated = ok(send(http, "PUT", "/v1/workflows/pause", "{\"definition\": "
                    + PAUSE.replace("600", "1") + "}"));
            assertThat(updated.get("revision").asInt()).isEqualTo(2);
            assertThat(ok(send(http, "GET", "/v1/executions?status=RUNNING", null)).get("executions")).hasSize(1);
            JsonNode stopped = ok(send(http, "POST", "/v1/executions/" + arn + "/stop", "{\"error\": \"Operator\", \"cause\": \"<b>enough</b>\"}"));
            assertThat(stopped.get("status").asText()).isEqualTo("ABORTED");
            assertThat(stopped.get("cause").asText()).isEqualTo("<b>enough</b>");
            assertThat(ok(send(http, "POST", "/v1/executions/" + arn + "/stop", null)).get("status").asText()).as("stopping again: unchanged")
                    .isEqualTo("ABORTED");
            JsonNode history = ok(send(http, "GET", "/v1/executions/" + arn + "/history?reverse=true&limit=1", null));
            assertThat(history.at("/events/0/type").asText()).isEqualTo("ExecutionAborted");
            assertThat(ok(send(http, "DELETE", "/v1/workflows/pause", null)).get("deleted").asBoolean()).isTrue();
            assertError(send(http, "GET", "/v1/workflows/pause", null), 404, "no workflow named pause");
            assertThat(ok(send(http, "GET", "/v1/executions/" + arn, null)).get("status").asText()).as("its executions stay").isEqualTo("ABORTED");
            JsonNode ran = ok(send(http, "GET", "/v1/executions/" + arn + "/definition", null));
            assertThat(ran.get("revision").asInt()).as("the revision it ran, of a deleted workflow").isEqualTo(1);
            assertThat(Json.mapper().readTree(ran.get("definition").asText())).isEqualTo(Json.mapper().readTree(PAUSE));
        }
    }

    @Test
    void badDefinitionsAndHostileInputAreClear4xxs() throws Exception {
        try (TestServer http = start(dir)) {
            assertError(send(http, "POST", "/v1/workflows", """
                    {"name": "typo", "definition": {"StartAt": "A", "States": {"A": {"Type": "Pass", "Next": "B"}}}}"""), 400, "state 'A'", "field 'Next'");
            assertError(send(http, "POST", "/v1/workflows", """
                    {"name": "typo", "definition": {"StartAt": "A", "States": {"A": {"Type": "Task", "Resource": 5, "End": true}}}}"""),
                    400, "state 'A'", "Resource");
            assertError(send(http, "POST", "/v1/workflows", """
                    {"name": "fn", "definition": {"StartAt": "A", "States": {"A": {"Type": "Task",
                     "Resource": "arn:aws:lambda:us-east-1:123456789012:function:nowhere", "End": true}}}}"""), 400, "nowhere");
            assertError(send(http, "POST", "/v1/workflows", "{\"name\": \"x\", \"definition\": \"{\\\"StartAt\\\": \"}"), 400, "definition", "not valid JSON");
            assertError(send(http, "POST", "/v1/workflows", "{\"name\": \"x\", \"definition\": 5}"), 400, "definition", "expected an object");
            assertError(send(http, "POST", "/v1/workflows", "{\"name\": \"x\", \"definition\": {}, \"functions\": []}"), 400, "functions");
            assertError(send(http, "POST", "/v1/workflows", "{\"name\": \"<script>\", \"definition\": " + PAUSE + "}"), 400, "workflow name");
            assertError(send(http, "POST", "/v1/workflows", "{\"name\": \"x\", \"definition\": " + PAUSE + ", \"defintion\": 1}"), 400, "unknown field");
            assertError(send(http, "POST", "/v1/workflows", "{\"name\": \"x\", \"name\": \"y\", \"definition\": " + PAUSE + "}"), 400, "Duplicate field");
            assertError(send(http, "POST", "/v1/workflows", "{"), 400, "not valid JSON");
            assertError(send(http, "POST", "/v1/workflows", "[1]"), 400, "expected a JSON object");
            assertError(send(http, "POST", "/v1/workflows", "{\"a\": " + "[".repeat(5000) + "]".repeat(5000) + "}"), 400, "request body");
            assertError(send(http, "POST", "/v1/workflows", "{\"name\": \"x\", \"definition\": \"" + "a".repeat(2 << 20) + "\"}"), 413, "");
            HttpResponse<String> xml = http.send(HttpRequest.newBuilder(http.uri("/v1/workflows")).header("X-Api-Key", KEY)
                    .header("Content-Type", "text/xml").POST(HttpRequest.BodyPublishers.ofString("<a/>")));
            assertError(xml, 415, "application/json");
            assertThat(http.send(HttpRequest.newBuilder(http.uri("/v1/workflows")).GET()).statusCode()).as("no key").isEqualTo(401);

            ok(send(http, "POST", "/v1/workflows", "{\"name\": \"pause\", \"definition\": " + PAUSE + "}"));
            assertError(send(http, "POST", "/v1/workflows/pause/executions", "{\"name\": \"not ok!\"}"), 400, "execution name");
            assertError(send(http, "POST", "/v1/workflows/pause/executions", "{\"name\": \"" + "n".repeat(81) + "\"}"), 400, "execution name");
            assertError(send(http, "POST", "/v1/workflows/pause/executions", "{\"inptu\": {}}"), 400, "unknown field");
            assertError(send(http, "POST", "/v1/workflows/pause/executions", "{\"input\": \"" + "x".repeat(300_000) + "\"}"), 413, "256");
            assertError(send(http, "POST", "/v1/workflows/pause/executions?wait=-1", "{}"), 400, "wait");
            assertError(send(http, "POST", "/v1/workflows/pause/executions?wait=100000", "{}"), 400, "wait");
            assertError(send(http, "POST", "/v1/workflows/nothing/executions", "{}"), 404, "no workflow named nothing");
            assertError(send(http, "POST", "/v1/workflows/bad%20name/executions", "{}"), 400, "workflow name");
            assertError(send(http, "GET", "/v1/executions/arn:aws:states:us-east-1:123456789012:execution:pause:none", null), 404, "no execution");
            assertError(send(http, "GET", "/v1/executions/not-an-arn", null), 400, "not an execution ARN");
            assertError(send(http, "GET", "/v1/executions/%3Cscript%3E/history", null), 400, "not an execution ARN");
            assertError(send(http, "GET", "/v1/executions/arn:aws:states:us-east-1:123456789012:execution:pause:none/history", null), 404, "no execution");
            assertError(send(http, "POST", "/v1/executions/arn:aws:states:us-east-1:123456789012:execution:pause:none/stop", null), 404, "no execution");
            assertError(send(http, "POST", "/v1/executions/arn:aws:states:us-east-1:123456789012:execution:pause:none/stop",
                    "{\"error\": \"" + "e".repeat(300) + "\"}"), 400, "error");
            assertError(send(http, "GET", "/v1/executions?status=DONE", null), 400, "status");
            assertError(send(http, "GET", "/v1/executions?limit=0", null), 400, "limit");
            assertError(send(http, "GET", "/v1/executions?limit=99999999999999999999", null), 400, "limit");
            assertError(send(http, "GET", "/v1/executions?workflow=%00", null), 400, "workflow name");
            assertError(send(http, "GET", "/v1/executions/arn:aws:states:us-east-1:123456789012:execution:pause:x/history?reverse=maybe", null), 400, "reverse");
            assertError(send(http, "GET", "/v1/executions/arn:aws:states:us-east-1:123456789012:execution:pause:x/history?nextToken=abc", null), 400, "nextToken");
            assertError(send(http, "DELETE", "/v1/workflows/nothing", null), 404, "no workflow named nothing");
            assertError(send(http, "PUT", "/v1/workflows/pause", "{\"name\": \"other\", \"definition\": " + PAUSE + "}"), 400, "name");
            Path big = Files.write(dir.resolve("big.json"), new byte[3 << 20]);
            HttpResponse<String> huge = http.send(HttpRequest.newBuilder(http.uri("/v1/workflows/pause/executions")).header("X-Api-Key", KEY)
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofFile(big)));
            assertThat(huge.statusCode()).as(huge.body()).isEqualTo(413);
            assertThat(http.get("/health/ready").statusCode()).isEqualTo(200);
        }
    }

    /**
     * Definitions mutated at random (a field removed, renamed or given a value of another type, text bytes changed)
     * and sent to every route that takes one: each is saved or refused with a 4xx, never a 5xx.
     */
    @Test
    void mutatedDefinitionsNeverCauseA5xx() throws Exception {
        Random random = new Random(20250611);
        JsonNode seed = Json.mapper().readTree(seed003());
        JsonNode[] others = {Json.mapper().readTree(PAUSE), Json.mapper().readTree("""
                {"StartAt": "Choose", "States": {
                  "Choose": {"Type": "Choice", "Choices": [{"Variable": "$.n", "NumericGreaterThan": 1, "Next": "Map"}], "Default": "Fail"},
                  "Map": {"Type": "Map", "ItemsPath": "$.items", "MaxConcurrency": 2, "Iterator": {"StartAt": "P",
                    "States": {"P": {"Type": "Pass", "End": true}}}, "Next": "Par"},
                  "Par": {"Type": "Parallel", "Branches": [{"StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": 0, "End": true}}}],
                    "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Fail"}], "End": true},
                  "Fail": {"Type": "Fail", "Error": "E", "Cause": "c"}}}""")};
        Map<Integer, Integer> statuses = new TreeMap<>();
        List<String> serverErrors = new ArrayList<>();
        try (TestServer http = start(dir)) {
            for (int i = 0; i < 300; i++) {
                JsonNode definition = (i % 3 == 0 ? seed.get("definition") : others[i % 2]).deepCopy();
                for (int m = 1 + random.nextInt(3); m > 0; m--) mutate(definition, random);
                String body = "{\"name\": \"m" + i + "\", \"definition\": " + definition + (i % 3 == 0 ? ", \"functions\": " + seed.get("functions") : "") + "}";
                if (random.nextInt(4) == 0) body = garble(body, random);
                HttpResponse<String> r = i % 2 == 0 ? send(http, "POST", "/v1/workflows", body) : send(http, "PUT", "/v1/workflows/m" + i, body.replace("\"name\": \"m" + i + "\", ", ""));
                statuses.merge(r.statusCode(), 1, Integer::sum);
                if (r.statusCode() >= 500) serverErrors.add(body + " -> " + r.body());
                if (r.statusCode() == 200 && random.nextBoolean()) {
                    HttpResponse<String> run = send(http, "POST", "/v1/workflows/m" + i + "/executions?wait=5", "{\"input\": {\"n\": 2, \"items\": [1, 2]}}");
                    statuses.merge(run.statusCode(), 1, Integer::sum);
                    if (run.statusCode() >= 500) serverErrors.add("run of " + body + " -> " + run.body());
                }
            }
            assertThat(serverErrors).as("5xx answers; statuses " + statuses).isEmpty();
            assertThat(statuses).containsKeys(200, 400);
            assertThat(http.get("/health/ready").statusCode()).isEqualTo(200);
        }
    }

    private static void mutate(JsonNode root, Random random) {
        List<ObjectNode> objects = new ArrayList<>();
        collect(root, objects);
        var target = objects.get(random.nextInt(objects.size()));
        List<String> names = new ArrayList<>();
        target.fieldNames().forEachRemaining(names::add);
        if (names.isEmpty()) return;
        String field = names.get(random.nextInt(names.size()));
        JsonNode[] values = {Json.mapper().nullNode(), Json.mapper().getNodeFactory().numberNode(-1), Json.mapper().getNodeFactory().textNode("$.x"),
                Json.mapper().createArrayNode(), Json.mapper().createObjectNode(), Json.mapper().getNodeFactory().booleanNode(true),
                Json.mapper().getNodeFactory().textNode("States.ALL"), Json.mapper().getNodeFactory().numberNode(1e300)};
        switch (random.nextInt(3)) {
            case 0 -> target.remove(field);
            case 1 -> target.set(field + (random.nextBoolean() ? "x" : ".$"), target.remove(field));
            default -> target.set(field, values[random.nextInt(values.length)]);
        }
    }

    private static void collect(JsonNode node, List<ObjectNode> out) {
        if (node instanceof ObjectNode o) out.add(o);
        for (JsonNode child : node) collect(child, out);
    }

    private static String garble(String text, Random random) {
        StringBuilder b = new StringBuilder(text);
        for (int i = 0; i < 3; i++) {
            int at = random.nextInt(b.length());
            switch (random.nextInt(3)) {
                case 0 -> b.deleteCharAt(at);
                case 1 -> b.insert(at, "{}[]\":,\\\u0000".charAt(random.nextInt(9)));
                default -> b.setCharAt(at, (char) random.nextInt(0x3000));
            }
        }
        return b.toString();
    }
}
