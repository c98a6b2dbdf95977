package dev.inkwell.server;

import static dev.inkwell.server.TestServer.json;
import static dev.inkwell.server.TestServer.sample;
import static org.assertj.core.api.Assertions.assertThat;

import dev.inkwell.bucket.Bucket;
import dev.inkwell.bucket.Buckets;
import dev.inkwell.bucket.ObjectSummary;
import dev.inkwell.core.Json;
import dev.inkwell.monitor.capture.CaptureReader;
import dev.inkwell.monitor.capture.CaptureRecord;
import dev.inkwell.registry.endpoint.CaptureSettings;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/**
 * Capture through the real server: a real HTTP request to an endpoint with capture on becomes a line in SageMaker's
 * data-capture shape in a real folder bucket; stored endpoints set capture per variant (the shadow's included) over
 * HTTP; a graceful stop writes what is still buffered; metrics count it all.
 */
class CaptureThroughServerTest {
    private static final String KEY = "capture-key";

    @Test
    void aRequestToAnEndpointWithCaptureOnBecomesACaptureLineInTheBucket() throws Exception {
        try (TestServer http = TestServer.start(c -> c.capture(c.capture().withEndpoints(new CaptureSettings(100, "s3://captures/web"))
                .withFlushInterval(Duration.ofMillis(200))))) {
            HttpResponse<String> answer = http.post("/v1/endpoints/default/predict", "image/png", sample(7));
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
            Buckets buckets = http.server.platform().buckets();
            await("a capture object", () -> !records(buckets, "captures", "web/").isEmpty());
            List<Stored> stored = records(buckets, "captures", "web/");
            assertThat(stored).hasSize(1);
            assertThat(stored.getFirst().key()).matches("web/default/main/\\d{4}/\\d{2}/\\d{2}/\\d{2}/[^/]+\\.jsonl");
            CaptureRecord r = stored.getFirst().record();
            assertThat(r.eventVersion()).isEqualTo("0");
            assertThat(r.captureData().endpointInput().observedContentType()).isEqualTo("image/png");
            assertThat(r.captureData().endpointInput().mode()).isEqualTo("INPUT");
            assertThat(r.captureData().endpointInput().encoding()).isEqualTo("BASE64");
            assertThat(Base64.getDecoder().decode(r.captureData().endpointInput().data())).isEqualTo(sample(7));
            assertThat(r.captureData().endpointOutput().mode()).isEqualTo("OUTPUT");
            assertThat(Json.mapper().readTree(r.captureData().endpointOutput().data()).get("label").asText()).isEqualTo("7");
            assertThat(r.eventMetadata().eventId()).isNotBlank();
            assertThat(r.eventMetadata().inferenceId()).isNotBlank();
            assertThat(r.eventMetadata().inferenceTime()).endsWith("Z");
            assertThat(r.inkwell().label()).isEqualTo("7");
            assertThat(Base64.getDecoder().decode(r.inkwell().modelInput())).startsWith(0x89, 'P', 'N', 'G');

            assertThat(http.get("/v1/endpoints/default").body()).contains("\"percent\":100.0").contains("s3://captures/web");
            await("the metrics count it", () -> http.get("/metrics").body().contains("inkwell_capture_records_total{outcome=\"written\"} 1.0"));
        }
    }

    @Test
    void storedEndpointsCaptureEachVariantAsTheirDefinitionSaysTheShadowIncluded() throws Exception {
        try (TestServer http = TestServer.start(c -> c.auth(new ServerConfig.Auth(KEY)).capture(c.capture().withFlushInterval(Duration.ofMillis(200))))) {
            String mnist8 = http.server.config().endpoints().getFirst().model();
            HttpResponse<String> created = manage(http, "POST", "/v1/endpoints", """
                    {"name": "watched", "variants": [{"name": "live", "model": "%s"}],
                     "shadow": {"name": "candidate", "model": "mnist-compact", "percent": 100},
                     "capture": {"percent": 0, "destination": "s3://traffic/watched", "variants": {"candidate": 100}}}""".formatted(mnist8));
            assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
            assertThat(json(created).at("/capture/variants/candidate").asDouble()).isEqualTo(100.0);
            for (int d = 0; d < 5; d++) {
                assertThat(http.post("/v1/endpoints/watched/predict", "image/png", sample(d)).statusCode()).isEqualTo(200);
            }
            Buckets buckets = http.server.platform().buckets();
            // a shadow busy with an earlier reading skips one (shadows never slow the primary): captures follow the readings made
            await("the five shadow samples read or skipped", () -> metric(http, SHADOW_READ) + metric(http, SHADOW_SKIPPED) == 5);
            long read = metric(http, SHADOW_READ);
            assertThat(read).isPositive();
            await(read + " shadow captures", () -> records(buckets, "traffic", "watched/").size() == read);
            for (Stored s : records(buckets, "traffic", "watched/")) {
                assertThat(s.key()).startsWith("watched/watched/candidate/");
                assertThat(s.record().inkwell().shadow()).isTrue();
            }
            // the live variant's share is 0: nothing of it, even after another flush
            Thread.sleep(500);
            assertThat(records(buckets, "traffic", "watched/")).hasSize((int) read);

            // changed over HTTP: the live variant now captures everything
            HttpResponse<String> updated = manage(http, "PUT", "/v1/endpoints/watched", """
                    {"variants": [{"name": "live", "model": "%s"}], "capture": {"percent": 100, "destination": "s3://traffic/watched"}}"""
                    .formatted(mnist8));
            assertThat(updated.statusCode()).as(updated.body()).isEqualTo(200);
            assertThat(http.post("/v1/endpoints/watched/predict", "image/png", sample(3)).statusCode()).isEqualTo(200);
            await("the live variant's capture", () -> records(buckets, "traffic", "watched/watched/live/").size() == 1);
        }
    }

    @Test
    void malformedCaptureSettingsAreRefusedNamingTheField() {
        try (TestServer http = TestServer.start(c -> c.auth(new ServerConfig.Auth(KEY)))) {
            String mnist8 = http.server.config().endpoints().getFirst().model();
            String variants = "\"variants\": [{\"name\": \"a\", \"model\": \"" + mnist8 + "\"}]";
            List<String[]> cases = List.of(
                    new String[] {"\"capture\": 5", "capture: expected {"},
                    new String[] {"\"capture\": {\"percent\": \"all\"}", "percent: expected a number"},
                    new String[] {"\"capture\": {\"percent\": 250}", "capture 250.0 %: expected 0 to 100"},
                    new String[] {"\"capture\": {\"percent\": 5, \"destination\": \"/etc/passwd\"}", "expected s3://BUCKET/PREFIX"},
                    new String[] {"\"capture\": {\"percent\": 5, \"destination\": \"s3://Bad_Bucket/x\"}", "expected s3://BUCKET/PREFIX"},
                    new String[] {"\"capture\": {\"variants\": [1]}", "capture.variants: expected an object"},
                    new String[] {"\"capture\": {\"variants\": {\"a\": \"x\"}}", "capture.variants.a: expected a number"},
                    new String[] {"\"capture\": {\"variants\": {\"z\": 5}}", "capture names variant z"},
                    new String[] {"\"capture\": {\"variants\": {\"../x\": 5}}", "variant name"});
            for (String[] c : cases) {
                HttpResponse<String> r = manage(http, "POST", "/v1/endpoints", "{\"name\": \"bad\", " + variants + ", " + c[0] + "}");
                assertThat(r.statusCode()).as(c[0] + " -> " + r.body()).isEqualTo(400);
                assertThat(json(r).at("/error/message").asText()).as(c[0]).contains(c[1]);
            }
        }
    }

    @Test
    void aGracefulStopWritesEveryBufferedCapture() throws Exception {
        Path buckets;
        int sent = 40;
        // a flush interval far longer than the test: only the stop can write these
        TestServer http = TestServer.start(c -> c.capture(c.capture().withEndpoints(new CaptureSettings(100, null))
                .withFlushInterval(Duration.ofMinutes(10))));
        try {
            buckets = Path.of(http.server.config().buckets());
            for (int i = 0; i < sent; i++) {
                assertThat(http.post("/v1/endpoints/default/predict", "image/png", sample(i % 10)).statusCode()).isEqualTo(200);
            }
            assertThat(http.server.capture().captured()).as("nothing written before the stop").isZero();
            http.server.close();
            try (Buckets b = Buckets.folder(buckets)) {
                List<Stored> stored = records(b, "captures", "");
                assertThat(stored).hasSize(sent);
                assertThat(stored.stream().map(s -> s.record().inkwell().label()).distinct()).hasSize(10);
            }
        } finally {
            http.close();
        }
    }

    private static final String SHADOW_READ = "inkwell_variant_requests_total{endpoint=\"watched\",shadow=\"true\",variant=\"candidate\"}";
    private static final String SHADOW_SKIPPED = "inkwell_shadow_dropped_total{endpoint=\"watched\"}";

    /** A counter's value on /metrics (0 while it has none). */
    private static long metric(TestServer http, String name) {
        return http.get("/metrics").body().lines().filter(l -> l.startsWith(name + " "))
                .mapToLong(l -> (long) Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }

    private static HttpResponse<String> manage(TestServer http, String method, String path, String json) {
        return http.send(HttpRequest.newBuilder(http.uri(path)).header("X-Api-Key", KEY).header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(json)));
    }

    private record Stored(String key, CaptureRecord record) {
    }

    /** Every record of the capture objects under {@code prefix}, read back with the real reader. */
    private static List<Stored> records(Buckets buckets, String bucket, String prefix) {
        List<Stored> out = new ArrayList<>();
        if (!buckets.exists(bucket)) return out;
        Bucket b = buckets.bucket(bucket);
        for (ObjectSummary o : b.objects(prefix).toList()) {
            CaptureReader.Result r = CaptureReader.read(b.get(o.key()).readAllBytes());
            assertThat(r.skipped()).as(o.key()).isZero();
            for (CaptureRecord record : r.records()) out.add(new Stored(o.key(), record));
        }
        return out;
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("timed out waiting for: " + what);
            Thread.sleep(20);
        }
    }
}
