package dev.inkwell.server;

import static dev.inkwell.server.TestServer.json;
import static dev.inkwell.server.TestServer.sample;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.inkwell.bucket.Bucket;
import dev.inkwell.functions.trigger.TriggerSettings;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** /v1/triggers, /v1/trigger-failures and /v1/functions on a real server, store and folder buckets, behind the API key. */
class TriggerRoutesTest {
    static final String KEY = "trigger-key";

    @TempDir
    Path dir;

    static TriggerSettings fast() {
        return TriggerSettings.defaults().withRefresh(Duration.ofMillis(200)).withQueuePoll(Duration.ofMillis(100)).withLease(Duration.ofSeconds(5))
                .withWatchSettle(Duration.ofMillis(200)).withWatchPoll(Duration.ofMillis(200)).withRetries(2, Duration.ofMillis(100), Duration.ofMillis(500));
    }

    static TestServer start(Path dir) {
        return TestServer.start(c -> c.auth(new ServerConfig.Auth(KEY)).store(dir.resolve("inkwell.db").toString())
                .buckets(dir.resolve("buckets").toString()).triggers(c.triggers().withSettings(fast()).withWebhookToken(null)));
    }

    static HttpResponse<String> send(TestServer http, String method, String path, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(http.uri(path)).header("X-Api-Key", KEY)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) b.header("Content-Type", "application/json");
        return http.send(b);
    }

    private static void assertError(HttpResponse<String> r, int status, String text) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(json(r).at("/error/message").asText()).contains(text);
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("waited 90 s for " + what);
            Thread.sleep(25);
        }
    }

    @Test
    void aTriggerCreatedOverHttpClassifiesUploadsAndItsFailuresAreListed() throws Exception {
        try (TestServer http = start(dir)) {
            Bucket uploads = http.server.buckets().createIfMissing("uploads");
            HttpResponse<String> created = send(http, "POST", "/v1/triggers", """
                    {"name": "digits", "bucket": "uploads", "prefix": "incoming/", "suffix": ".png", "action": "classify",
                     "options": {"endpoint": "default"}}""");
            assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
            assertThat(json(created).get("prefix").asText()).isEqualTo("incoming/");
            assertError(send(http, "POST", "/v1/triggers", "{\"name\": \"digits\", \"bucket\": \"uploads\", \"action\": \"classify\"}"), 409, "exists");

            uploads.put("incoming/7.png", sample(7), "image/png");
            uploads.put("incoming/broken.png", new byte[] {(byte) 0x89, 'P', 'N', 'G'}, "image/png");
            await("a result and a report", () -> uploads.exists("results/incoming/7.png.txt") && uploads.exists("results/incoming/broken.png.error.json"));
            assertThat(new String(uploads.get("results/incoming/7.png.txt").readAllBytes(), StandardCharsets.UTF_8)).startsWith("class=7 ; ");

            JsonNode list = json(send(http, "GET", "/v1/triggers", null));
            assertThat(list.get("triggers")).hasSize(1);
            assertThat(list.at("/runtime/triggers").asInt()).isEqualTo(1);
            await("the failure listed", () -> json(send(http, "GET", "/v1/trigger-failures?trigger=digits", null)).get("failures").size() == 1);
            JsonNode failure = json(send(http, "GET", "/v1/trigger-failures", null)).at("/failures/0");
            assertThat(failure.get("key").asText()).isEqualTo("incoming/broken.png");
            assertThat(failure.get("error").asText()).isEqualTo("Inkwell.InvalidInput");
            assertThat(failure.get("report").asText()).isEqualTo("results/incoming/broken.png.error.json");

            assertThat(json(send(http, "GET", "/v1/triggers/digits", null)).get("action").asText()).isEqualTo("classify");
            assertThat(send(http, "DELETE", "/v1/triggers/digits", null).statusCode()).isEqualTo(200);
            assertError(send(http, "GET", "/v1/triggers/digits", null), 404, "no trigger named digits");
            assertError(send(http, "DELETE", "/v1/triggers/digits", null), 404, "no trigger");
        }
    }

    @Test
    void functionsAreListedAndInvokedOnce() throws Exception {
        try (TestServer http = start(dir)) {
            Bucket uploads = http.server.buckets().createIfMissing("uploads");
            uploads.put("pics/3.png", sample(3), "image/png");
            JsonNode functions = json(send(http, "GET", "/v1/functions", null));
            assertThat(functions.get("functions")).extracting(f -> f.get("name").asText()).containsExactly("classify", "ingest", "export", "register",
                    "serializeImageData", "threshold", "evaluate", "deploy", "workflow");
            HttpResponse<String> r = send(http, "POST", "/v1/functions/classify/invoke", "{\"bucket\": \"uploads\", \"key\": \"pics/3.png\", \"output_prefix\": \"out/\"}");
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            assertThat(json(r).at("/result/label").asText()).isEqualTo("3");
            assertThat(uploads.exists("out/pics/3.png.txt")).isTrue();
            assertThat(uploads.head("out/pics/3.png.txt").metadata()).containsEntry("inkwell-origin", "http");

            assertThat(send(http, "POST", "/v1/functions/ingest/invoke", "{\"bucket\": \"uploads\", \"key\": \"pics/3.png\", \"table\": \"mine\"}").statusCode()).isEqualTo(200);
            HttpResponse<String> exported = send(http, "POST", "/v1/functions/export/invoke", "{\"table\": \"mine\", \"bucket\": \"uploads\", \"key\": \"mine.csv\", \"header\": true}");
            assertThat(json(exported).at("/result/rows").asInt()).as(exported.body()).isEqualTo(1);
            assertThat(new String(uploads.get("mine.csv").readAllBytes(), StandardCharsets.US_ASCII)).startsWith("label,pixel0,");

            assertError(send(http, "POST", "/v1/functions/nothing/invoke", "{}"), 404, "no function named 'nothing'");
            assertError(send(http, "POST", "/v1/functions/classify/invoke", "{\"bucket\": \"uploads\", \"key\": \"missing.png\"}"), 404, "missing.png");
            uploads.put("pics/bad.png", "GIF89a nothing".getBytes(StandardCharsets.US_ASCII), "image/png");
            assertError(send(http, "POST", "/v1/functions/classify/invoke", "{\"bucket\": \"uploads\", \"key\": \"pics/bad.png\"}"), 400, "s3://uploads/pics/bad.png");
            uploads.put("bad.csv", "1,2,3,4,5\n1,2,x,4,5\n".getBytes(StandardCharsets.US_ASCII), "text/csv");
            assertError(send(http, "POST", "/v1/functions/ingest/invoke", "{\"bucket\": \"uploads\", \"key\": \"bad.csv\", \"table\": \"mine\"}"), 400,
                    "s3://uploads/bad.csv, line 2, column 3");
        }
    }

    @Test
    void hostileDefinitionsAndBodiesAreRefusedWithTheirProblemNamed() {
        try (TestServer http = start(dir)) {
            http.server.buckets().createIfMissing("uploads");
            List<String[]> cases = List.of(
                    new String[] {"", "400", "empty"},
                    new String[] {"[]", "400", "JSON object"},
                    new String[] {"{\"name\": \"a\"", "400", "not valid JSON"},
                    new String[] {"{\"name\": \"a\", \"name\": \"b\", \"bucket\": \"uploads\", \"action\": \"classify\"}", "400", "Duplicate field"},
                    new String[] {"{\"name\": \"a\", \"bucket\": \"uploads\", \"action\": \"classify\"} {}", "400", "more than one"},
                    new String[] {"{\"name\": \"a\", \"bucket\": \"uploads\", \"action\": \"classify\", \"prefx\": \"x\"}", "400", "prefx"},
                    new String[] {"{\"name\": \"A B\", \"bucket\": \"uploads\", \"action\": \"classify\"}", "400", "trigger name"},
                    new String[] {"{\"name\": \"a\", \"bucket\": \"../etc\", \"action\": \"classify\"}", "400", "bucket"},
                    new String[] {"{\"name\": \"a\", \"bucket\": \"nobucket\", \"action\": \"classify\"}", "404", "nobucket"},
                    new String[] {"{\"name\": \"a\", \"bucket\": \"uploads\", \"action\": \"rm -rf\"}", "404", "no function"},
                    new String[] {"{\"name\": \"a\", \"bucket\": \"uploads\", \"action\": \"export\"}", "400", "object events"},
                    new String[] {"{\"name\": \"a\", \"bucket\": \"uploads\", \"action\": \"ingest\"}", "400", "table"},
                    new String[] {"{\"name\": \"a\", \"bucket\": \"uploads\", \"action\": \"classify\", \"options\": [1]}", "400", "options"},
                    new String[] {"{\"name\": \"a\", \"bucket\": \"uploads\", \"action\": \"classify\", \"prefix\": 5}", "400", "prefix"},
                    new String[] {"{\"name\": \"a\", \"bucket\": \"uploads\", \"action\": \"classify\", \"suffix\": \"\\u0000\"}", "400", "suffix"},
                    new String[] {"[".repeat(5000) + "]".repeat(5000), "400", "not valid JSON"});
            for (String[] c : cases) {
                HttpResponse<String> r = send(http, "POST", "/v1/triggers", c[0]);
                assertThat(r.statusCode()).as(c[0].length() > 80 ? c[0].substring(0, 80) : c[0]).isEqualTo(Integer.parseInt(c[1]));
                assertThat(json(r).at("/error/message").asText()).as(r.body()).contains(c[2]);
            }
            HttpResponse<String> big = http.send(HttpRequest.newBuilder(http.uri("/v1/triggers")).header("X-Api-Key", KEY)
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(new byte[2 << 20])));
            assertThat(big.statusCode()).isEqualTo(413);
            HttpResponse<String> xml = http.send(HttpRequest.newBuilder(http.uri("/v1/triggers")).header("X-Api-Key", KEY)
                    .header("Content-Type", "application/xml").POST(HttpRequest.BodyPublishers.ofString("<a/>")));
            assertThat(xml.statusCode()).isEqualTo(415);
            assertError(send(http, "GET", "/v1/trigger-failures?limit=0", null), 400, "limit");
            assertError(send(http, "GET", "/v1/trigger-failures?limit=99999999999", null), 400, "limit");
            assertError(send(http, "GET", "/v1/trigger-failures?trigger=DROP%20TABLE", null), 400, "trigger name");
            assertError(send(http, "GET", "/v1/triggers/%2e%2e", null), 400, "trigger name");
            assertThat(json(send(http, "GET", "/v1/triggers", null)).get("triggers")).isEmpty();
        }
    }

    @Test
    void theRoutesNeedTheKeyAndTriggersCanBeOff() {
        try (TestServer http = start(dir)) {
            assertThat(http.get("/v1/triggers").statusCode()).isEqualTo(401);
            assertThat(http.post("/v1/functions/classify/invoke", "application/json", "{}").statusCode()).isEqualTo(401);
            assertThat(http.send(HttpRequest.newBuilder(http.uri("/v1/triggers")).header("X-Api-Key", "wrong").GET()).statusCode()).isEqualTo(401);
        }
        try (TestServer http = TestServer.start(c -> c.auth(new ServerConfig.Auth(KEY)).store(dir.resolve("off.db").toString())
                .buckets(dir.resolve("buckets").toString()).triggers(c.triggers().withMode(ServerConfig.TriggerConfig.Mode.OFF)))) {
            assertError(send(http, "GET", "/v1/triggers", null), 503, "triggers are off");
            assertThat(http.server.triggers().started()).isFalse();
        }
    }
}
