package dev.inkwell.server;

import static dev.inkwell.server.TestServer.json;
import static dev.inkwell.server.TestServer.sample;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.inkwell.model.ModelRef;
import dev.inkwell.registry.ModelRegistry;
import dev.inkwell.registry.ModelVersion;
import dev.inkwell.registry.Registration;
import dev.inkwell.registry.VersionSource;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Stored endpoints as a client sees them: a weighted split, pinned variants, and aliases moved under load with not one
 * request failing — a broken version in the middle included, which leaves the endpoint serving what it had.
 */
class EndpointDeploymentTest {
    private static final String KEY = "deploy-key";
    private TestServer http;
    private ModelRegistry registry;
    private ModelVersion v1;
    private ModelVersion v2;

    @BeforeEach
    void start() {
        Random seeded = new Random(20261128);
        http = TestServer.start(c -> c.auth(new ServerConfig.Auth(KEY)).serving(c.serving().withEndpointPoll(Duration.ofMillis(100))),
                () -> seeded);
        registry = http.server.platform().registry();
        v1 = registry.register(Registration.of("digits", ModelRef.parse("mnist-compact"), VersionSource.IMPORT).withAlias("champion"));
        v2 = registry.register(Registration.of("digits", ModelRef.parse("mnist"), VersionSource.IMPORT).withAlias("challenger"));
    }

    @AfterEach
    void stop() {
        http.close();
    }

    private HttpResponse<String> manage(String method, String path, String json) {
        return http.send(HttpRequest.newBuilder(http.uri(path)).header("X-Api-Key", KEY).header("Content-Type", "application/json")
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json)));
    }

    @Test
    void aFiftyFiftySplitSharesTheTrafficAndAPinnedRequestGetsItsVariant() {
        HttpResponse<String> created = manage("POST", "/v1/endpoints", """
                {"name": "ab", "variants": [{"name": "a", "model": "digits@champion", "weight": 50},
                                            {"name": "b", "model": "digits@challenger", "weight": 50}]}""");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
        assertThat(json(created).at("/variants/1/model/version").asText()).isEqualTo("2");
        Map<String, LongAdder> seen = new ConcurrentHashMap<>();
        byte[] seven = sample(7);
        for (int i = 0; i < 1000; i++) {
            JsonNode answer = json(http.post("/v1/endpoints/ab/predict", "image/png", seven));
            String variant = answer.get("variant").asText();
            String expectedVersion = variant.equals("a") ? "1" : "2";
            assertThat(answer.at("/model/version").asText()).isEqualTo(expectedVersion);
            assertThat(answer.at("/model/name").asText()).isEqualTo("digits");
            seen.computeIfAbsent(variant, k -> new LongAdder()).increment();
        }
        assertThat(seen.keySet()).containsExactlyInAnyOrder("a", "b");
        assertThat(seen.get("a").sum()).isBetween(450L, 550L);
        assertThat(seen.get("b").sum()).isBetween(450L, 550L);
        for (int i = 0; i < 100; i++) {
            HttpResponse<String> pinned = http.send(HttpRequest.newBuilder(http.uri("/v1/endpoints/ab/predict"))
                    .header("X-Inkwell-Variant", "b").header("Content-Type", "image/png").POST(HttpRequest.BodyPublishers.ofByteArray(seven)));
            assertThat(json(pinned).get("variant").asText()).isEqualTo("b");
            assertThat(pinned.headers().firstValue("X-Inkwell-Variant")).hasValue("b");
        }
        HttpResponse<String> sageMaker = http.send(HttpRequest.newBuilder(http.uri("/endpoints/ab/invocations"))
                .header("X-Amzn-SageMaker-Target-Variant", "a").header("Content-Type", "image/png").POST(HttpRequest.BodyPublishers.ofByteArray(seven)));
        assertThat(sageMaker.headers().firstValue("X-Amzn-Invoked-Production-Variant")).hasValue("a");
        HttpResponse<String> unknown = http.send(HttpRequest.newBuilder(http.uri("/v1/endpoints/ab/predict"))
                .header("X-Inkwell-Variant", "z").header("Content-Type", "image/png").POST(HttpRequest.BodyPublishers.ofByteArray(seven)));
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(json(unknown).at("/error/message").asText()).contains("no variant 'z'").contains("a, b");
    }

    @Test
    void movingAnAliasUnderLoadFailsNoRequestAndABrokenVersionLeavesTheEndpointServing() throws Exception {
        // a third version whose stored file is damaged: deploying it must fail without the endpoint noticing
        ModelVersion broken = registry.register(Registration.of("digits", ModelRef.parse("fashion-mnist"), VersionSource.IMPORT));
        Files.writeString(http.home.resolve("buckets/models/sha256/" + broken.sha256() + "/model.onnx"), "damaged");
        assertThat(manage("POST", "/v1/endpoints", """
                {"name": "web", "variants": [{"name": "main", "model": "digits@champion"}]}""").statusCode()).isEqualTo(200);

        byte[] seven = sample(7);
        AtomicBoolean running = new AtomicBoolean(true);
        LongAdder ok = new LongAdder();
        CopyOnWriteArrayList<String> failures = new CopyOnWriteArrayList<>();
        Set<String> versions = ConcurrentHashMap.newKeySet();
        ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor();
        for (int c = 0; c < 16; c++) {
            clients.submit(() -> {
                while (running.get()) {
                    HttpResponse<String> r = http.post("/v1/endpoints/web/predict", "image/png", seven);
                    if (r.statusCode() != 200) {
                        failures.add(r.statusCode() + " " + r.body());
                        continue;
                    }
                    String v = json(r).at("/model/version").asText();
                    versions.add(v);
                    ok.increment();
                }
                return null;
            });
        }
        try {
            for (int move = 0; move < 10; move++) {
                int target = move % 2 == 0 ? v2.version() : v1.version();
                assertThat(manage("PUT", "/v1/models/digits/aliases/champion", "{\"version\": " + target + "}").statusCode()).isEqualTo(200);
                // deployed (what the endpoint describes), then answered (a request that started before the swap may still
                // finish on the old version: that is the zero-downtime promise, so only the deployment says it moved)
                awaitCondition(() -> servedVersion().equals(Integer.toString(target)), "version " + target + " deployed after move " + (move + 1));
                long answered = ok.sum();
                awaitCondition(() -> ok.sum() > answered + 16, "answers after move " + (move + 1));
                if (move == 4) {
                    // the alias moves to the damaged version: the deploy fails, the endpoint keeps serving version 2
                    assertThat(manage("PUT", "/v1/models/digits/aliases/champion", "{\"version\": " + broken.version() + "}").statusCode()).isEqualTo(200);
                    awaitCondition(() -> json(http.get("/v1/endpoints/web")).has("failure"), "the failed deploy is reported");
                    JsonNode described = json(http.get("/v1/endpoints/web"));
                    assertThat(described.at("/failure/reason").asText()).contains("damaged or was replaced");
                    assertThat(described.at("/variants/0/model/version").asText()).as(described.toString()).isEqualTo(Integer.toString(target));
                    long before = ok.sum();
                    awaitCondition(() -> ok.sum() > before + 50, "answers keep coming after the failed deploy");
                    assertThat(manage("PUT", "/v1/models/digits/aliases/champion", "{\"version\": " + target + "}").statusCode()).isEqualTo(200);
                }
            }
        } finally {
            running.set(false);
            clients.shutdown();
            assertThat(clients.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(failures).isEmpty();
        assertThat(versions).containsExactlyInAnyOrder("1", "2");
        assertThat(ok.sum()).isGreaterThan(200);
        // the retired models were closed once their requests finished: one model left loaded
        awaitCondition(() -> http.server.endpoints().loadedModels() <= 2, "retired models closed");
        assertThat(http.get("/metrics").body()).contains("inkwell_endpoint_deploys_total{endpoint=\"web\",outcome=\"failed\"}");
    }

    @Test
    void aShadowReadsACopyOfTheTrafficAndIsNeverTheAnswer() throws Exception {
        assertThat(manage("POST", "/v1/endpoints", """
                {"name": "shadowed", "variants": [{"name": "live", "model": "digits@champion"}],
                 "shadow": {"name": "candidate", "model": "digits:2", "percent": 100}}""").statusCode()).isEqualTo(200);
        JsonNode described = json(http.get("/v1/endpoints/shadowed"));
        assertThat(described.at("/shadow/name").asText()).isEqualTo("candidate");
        assertThat(described.at("/shadow/percent").asDouble()).isEqualTo(100.0);
        for (int d = 0; d < 10; d++) {
            JsonNode answer = json(http.post("/v1/endpoints/shadowed/predict", "image/png", sample(d)));
            assertThat(answer.get("variant").asText()).isEqualTo("live");
            assertThat(answer.at("/model/version").asText()).isEqualTo("1");
            // the shadow reads off the request path and drops what finds every core busy with shadow readings: on a
            // starved machine readings of back-to-back requests pile up, so each is awaited before the next request
            int readings = d + 1;
            awaitCondition(() -> shadowReadings() >= readings, readings + " shadow readings");
        }
        String metrics = http.get("/metrics").body();
        assertThat(metrics).contains("inkwell_variant_requests_total{endpoint=\"shadowed\",shadow=\"true\",variant=\"candidate\"} 10.0");
        assertThat(metrics).contains("inkwell_shadow_readings_total{agreed=\"true\",endpoint=\"shadowed\",variant=\"candidate\"}");
    }

    private double shadowReadings() {
        return http.get("/metrics").body().lines().filter(l -> l.startsWith("inkwell_shadow_readings_total{") && l.contains("shadowed"))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }

    private String servedVersion() {
        return json(http.get("/v1/endpoints/web")).at("/variants/0/model/version").asText();
    }

    private static void awaitCondition(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("timed out waiting for: " + what + "; threads: " + ThreadDumps.write());
            Thread.sleep(20);
        }
    }
}
