package dev.inkwell.server;

import static dev.inkwell.server.TestServer.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.inkwell.core.Progress;
import dev.inkwell.dataset.Datasets;
import dev.inkwell.inference.OnnxImageClassifier;
import dev.inkwell.model.ModelResolvers;
import dev.inkwell.monitor.BaselineBuilder;
import dev.inkwell.preprocess.PreprocessOptions;
import dev.inkwell.recognition.Recognizer;
import dev.inkwell.registry.endpoint.CaptureSettings;
import dev.inkwell.testing.SharedData;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The monitoring routes over real HTTP: a check judges the captures of its window against a real baseline (mnist-8 on
 * 300 MNIST test images), its report's files are served behind the key, and every malformed request is refused
 * with the status and a message that names what is wrong.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MonitorRoutesTest {
    private static final String KEY = "monitor-routes-key";
    private TestServer http;

    @BeforeAll
    void start(@TempDir Path dir) {
        Path baseline = dir.resolve("baseline");
        try (OnnxImageClassifier classifier = OnnxImageClassifier.load(ModelResolvers.defaults().resolve(SharedData.mnist8Onnx().toString()), 1)) {
            BaselineBuilder.build(new Recognizer(classifier, PreprocessOptions.DEFAULT), Datasets.open(SharedData.mnist()).split("test"), 300,
                    Progress.NONE).write(baseline);
        }
        http = TestServer.start(c -> c.auth(new ServerConfig.Auth(KEY))
                .capture(c.capture().withEndpoints(new CaptureSettings(100, null)).withFlushInterval(Duration.ofMillis(200)))
                .monitoring(c.monitoring().withEvery(Duration.ofDays(1), Duration.ofMinutes(1)).withBaselines(Map.of("default", baseline.toString()))));
        HttpResponse<String> plain = manage("POST", "/v1/endpoints", "{\"name\": \"plain\", \"variants\": [{\"name\": \"main\", \"model\": \"mnist-compact\"}]}");
        assertThat(plain.statusCode()).as(plain.body()).isEqualTo(200);
    }

    @AfterAll
    void stop() {
        if (http != null) http.close();
    }

    @Test
    void aCheckJudgesItsWindowAndTheReportIsServedBehindTheKey() throws Exception {
        // records keep their time in milliseconds: a window starting mid-millisecond would drop a request made in it
        Instant since = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        long before = http.server.capture().captured();
        MnistSlice digits = MnistSlice.firstTest(20);
        for (int i = 0; i < 20; i++) {
            assertThat(http.post("/v1/endpoints/default/predict", "application/json", digits.pixelsJson(i)).statusCode()).isEqualTo(200);
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (http.server.capture().captured() < before + 20) {
            assertThat(System.nanoTime()).as("captures written").isLessThan(deadline);
            Thread.sleep(50);
        }
        Instant until = Instant.now();
        String window = "{\"since\": \"" + since + "\", \"until\": \"" + until + "\"}";
        HttpResponse<String> checked = manage("POST", "/v1/endpoints/default/monitoring/runs", window);
        assertThat(checked.statusCode()).as(checked.body()).isEqualTo(200);
        JsonNode run = json(checked);
        assertThat(run.get("status").asText()).isEqualTo("done");
        assertThat(run.get("trigger").asText()).isEqualTo("manual");
        assertThat(run.get("since").asText()).isEqualTo(since.toString());
        assertThat(run.at("/result/readings").asLong()).isEqualTo(20);
        assertThat(run.at("/result/trigger").asText()).isEqualTo("manual");
        assertThat(run.at("/result/drift").size()).isGreaterThan(10);
        assertThat(run.at("/result/constraint_violations").isArray()).isTrue();
        assertThat(run.at("/result/constraint_violations").size()).isEqualTo(run.at("/result/violations").asInt());
        assertThat(run.at("/result/report").asText()).startsWith("s3://monitoring/default/").contains("-manual-");

        HttpResponse<String> again = manage("POST", "/v1/endpoints/default/monitoring/runs", window);
        assertThat(again.statusCode()).as(again.body()).isEqualTo(409);
        assertThat(error(again)).contains("asked for already");

        JsonNode state = json(http.get("/v1/endpoints/default/monitoring"));
        assertThat(state.at("/runs/0/id").asLong()).isEqualTo(run.get("id").asLong());
        assertThat(state.get("baseline").asText()).endsWith("baseline");
        assertThat(state.at("/schedule/every_s").asDouble()).isEqualTo(86_400);
        assertThat(state.at("/capture/percent").asDouble()).isEqualTo(100);
        assertThat(state.at("/labelling/enabled").asBoolean()).isTrue();
        assertThat(json(http.get("/v1/endpoints/default/monitoring?limit=1")).get("runs").size()).isEqualTo(1);

        String files = "/v1/endpoints/default/monitoring/runs/" + run.get("id").asLong() + "/files/";
        HttpResponse<String> html = manage("GET", files + "report.html", null);
        assertThat(html.statusCode()).isEqualTo(200);
        assertThat(html.headers().firstValue("Content-Type")).get().asString().startsWith("text/html");
        assertThat(html.body()).contains("Endpoint default", "20 readings judged");
        HttpResponse<byte[]> png = http.client.send(HttpRequest.newBuilder(http.uri(files + "confidence.png")).header("X-Api-Key", KEY).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(png.statusCode()).isEqualTo(200);
        assertThat(png.headers().firstValue("Content-Type")).contains("image/png");
        assertThat(png.body()).startsWith(0x89, 'P', 'N', 'G');
        assertThat(json(manage("GET", files + "summary.json", null)).get("readings").asLong()).isEqualTo(20);
        assertThat(http.get(files + "report.html").statusCode()).as("the report shows captured pictures: key only").isEqualTo(401);
        HttpResponse<String> otherEndpoint = manage("GET", "/v1/endpoints/plain/monitoring/runs/" + run.get("id").asLong() + "/files/report.html", null);
        assertThat(otherEndpoint.statusCode()).isEqualTo(404);

        // without a window: from where the latest finished run ended, to now
        HttpResponse<String> next = manage("POST", "/v1/endpoints/default/monitoring/runs", "");
        assertThat(next.statusCode()).as(next.body()).isEqualTo(200);
        assertThat(json(next).get("since").asText()).isEqualTo(until.toString());
        assertThat(json(next).at("/result/readings").asLong()).isZero();
    }

    @Test
    void malformedRequestsAreRefusedNamingWhatIsWrong() {
        assertRefused(http.get("/v1/endpoints/nope/monitoring"), 404, "no endpoint named 'nope'");
        assertRefused(http.get("/v1/endpoints/default/monitoring?limit=0"), 400, "limit '0'");
        assertRefused(http.get("/v1/endpoints/default/monitoring?limit=many"), 400, "limit 'many': expected a whole number from 1 to 100");
        assertRefused(http.get("/v1/endpoints/default/monitoring?limit=101"), 400, "limit '101'");

        String runs = "/v1/endpoints/default/monitoring/runs";
        assertRefused(http.post(runs, "application/json", "{}"), 401, "API key");
        assertRefused(manage("POST", "/v1/endpoints/nope/monitoring/runs", "{}"), 404, "no endpoint named 'nope'");
        assertRefused(manage("POST", "/v1/endpoints/plain/monitoring/runs", "{}"), 409, "endpoint plain has no baseline");
        assertRefused(manage("POST", runs, "{"), 400, "not valid JSON");
        assertRefused(manage("POST", runs, "[]"), 400, "expected {\"since\"");
        assertRefused(manage("POST", runs, "{\"since\": 5}"), 400, "since: expected an ISO-8601 instant");
        assertRefused(manage("POST", runs, "{\"since\": \"yesterday\"}"), 400, "since 'yesterday': expected an ISO-8601 instant");
        assertRefused(manage("POST", runs, "{\"until\": \"2999-01-01T00:00:00Z\"}"), 400, "is in the future");
        assertRefused(manage("POST", runs, "{\"since\": \"2026-01-02T00:00:00Z\", \"until\": \"2026-01-01T00:00:00Z\"}"), 400, "is not before until");
        assertRefused(manage("POST", runs, "{\"since\": \"2026-01-01T00:00:00Z\", \"until\": \"2026-01-09T00:00:00Z\"}"), 400, "longer than 7 days");
        assertRefused(manage("POST", runs, "{\"window\": \"1h\"}"), 400, "unknown field 'window'");
        assertRefused(manage("POST", runs, "{\"since\": \"" + "x".repeat(5000) + "\"}"), 400, "at most 4096 bytes");

        String files = "/v1/endpoints/default/monitoring/runs/";
        assertRefused(manage("GET", files + "first/files/report.html", null), 400, "run id 'first'");
        assertRefused(manage("GET", files + "0/files/report.html", null), 400, "run id '0'");
        assertRefused(manage("GET", files + "999999/files/report.html", null), 404, "has no monitoring run 999999");
        assertRefused(manage("GET", files + "1/files/secrets.txt", null), 404, "no file 'secrets.txt' in a monitoring report");
        assertRefused(http.get(files + "1/files/report.html"), 401, "API key");
    }

    private static void assertRefused(HttpResponse<String> r, int status, String message) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(error(r)).contains(message);
    }

    private static String error(HttpResponse<String> r) {
        return json(r).at("/error/message").asText();
    }

    private HttpResponse<String> manage(String method, String path, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(http.uri(path)).header("X-Api-Key", KEY)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) b.header("Content-Type", "application/json");
        return http.send(b);
    }
}
