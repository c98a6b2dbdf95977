package dev.inkwell.server;

import static dev.inkwell.server.TestServer.json;
import static dev.inkwell.server.TestServer.sample;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * GET /v1/endpoints/{name}/stats: the figures follow the traffic, and odd names get a JSON 404 (the name shortened, as
 * text for the pages to show with textContent), never a 5xx.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EndpointStatsRouteTest {
    private TestServer http;

    @BeforeAll
    void start() {
        http = TestServer.start();
    }

    @AfterAll
    void stop() {
        http.close();
    }

    @Test
    void theFiguresFollowTheRequestsAnswered() {
        JsonNode before = json(http.get("/v1/endpoints/default/stats"));
        assertThat(before.get("endpoint").asText()).isEqualTo("default");
        assertThat(before.at("/variants/0/name").asText()).isEqualTo("main");
        long already = before.at("/variants/0/requests").asLong();
        for (int digit = 0; digit < 6; digit++) {
            assertThat(http.post("/v1/endpoints/default/predict", "image/png", sample(digit)).statusCode()).isEqualTo(200);
        }
        // a batch is one request of two readings
        assertThat(http.post("/v1/endpoints/default/predict", "application/json",
                "[{\"pixels\": " + blank() + "}, {\"pixels\": " + blank() + "}]").statusCode()).isEqualTo(200);
        // a refused request is not an answer
        assertThat(http.post("/v1/endpoints/default/predict", "image/png", new byte[] {1, 2, 3}).statusCode()).isEqualTo(400);
        JsonNode after = json(http.get("/v1/endpoints/default/stats"));
        JsonNode main = after.at("/variants/0");
        assertThat(main.get("requests").asLong()).as(after.toString()).isEqualTo(already + 7);
        assertThat(main.get("shadow").asBoolean()).isFalse();
        assertThat(main.get("weight").asInt()).isEqualTo(1);
        assertThat(main.at("/model/name").asText()).isEqualTo("mnist-8");
        assertThat(main.get("requests_per_second").asDouble()).isGreaterThan(0);
        assertThat(main.get("recent_requests").asInt()).isEqualTo((int) (already + 7));
        assertThat(main.at("/latency_ms/p50").asDouble()).isGreaterThan(0);
        assertThat(main.at("/latency_ms/p99").asDouble()).isGreaterThanOrEqualTo(main.at("/latency_ms/p95").asDouble())
                .isGreaterThanOrEqualTo(main.at("/latency_ms/p50").asDouble());
        assertThat(main.get("mean_confidence").asDouble()).isBetween(0.1, 1.0);
        assertThat(main.get("agreement").isNull()).isTrue();
        assertThat(main.get("last_request_at").asText()).isNotEmpty();
        assertThat(after.get("rate_window_s").asDouble()).isEqualTo(10.0);
    }

    @Test
    void unknownAndOddNamesAreAJson404WithTheNameShortened() {
        List<String> names = List.of("nope", "%3Cscript%3Ealert(1)%3C%2Fscript%3E", "..%2F..%2Fetc%2Fpasswd", "%E2%80%AE%F0%9F%98%80",
                "a".repeat(5000), "default%20", "DEFAULT", "default%2Fstats");
        for (String name : names) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(http.uri("/v1/endpoints/").toString() + name + "/stats")).GET());
            assertThat(r.statusCode()).as(name).isEqualTo(404);
            JsonNode error = json(r).get("error");
            assertThat(error.get("status").asInt()).isEqualTo(404);
            assertThat(error.get("message").asText()).as(name).hasSizeLessThan(200).startsWith("no endpoint named");
            assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        }
        // Jetty refuses a NUL in a path before any route sees it
        assertThat(http.get("/v1/endpoints/%00/stats").statusCode()).isEqualTo(400);
        HttpResponse<String> post = http.post("/v1/endpoints/default/stats", "application/json", "{}");
        assertThat(post.statusCode()).isEqualTo(405);
    }

    private static String blank() {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < 784; i++) b.append(i == 0 ? "" : ",").append(i % 28 > 12 && i % 28 < 16 && i / 28 > 5 && i / 28 < 22 ? 255 : 0);
        return b.append("]").toString();
    }
}
