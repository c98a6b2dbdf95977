package dev.inkwell.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/**
 * Connections keep Jetty's header cache only where the configuration says ({@link ServerConfig.Http#headerCache}); off,
 * the requests of one keep-alive connection, each with the same header lines and with different ones, still read their
 * headers right.
 */
class HeaderCacheTest {
    private static final String PREDICT = "/v1/endpoints/default/predict";

    @Test
    void offEveryConnectionParsesItsHeadersAfreshAndAnswersAsBefore() {
        try (TestServer s = TestServer.start(c -> c.http(ServerConfig.Http.defaults().withAddress("127.0.0.1", 0)
                .withWarmCanvas(false).withHeaderCache(false)))) {
            assertThat(s.server.headerCacheSize()).isZero();
            byte[] seven = TestServer.sample(7);
            for (int i = 0; i < 20; i++) { // the test server's one client: one connection, kept alive across the requests
                HttpRequest.Builder r = HttpRequest.newBuilder(s.uri(PREDICT)).POST(HttpRequest.BodyPublishers.ofByteArray(seven));
                r.header("Content-Type", i % 3 == 2 ? "application/octet-stream" : "image/png");
                if (i % 2 == 1) r.header("X-Request-Id", "req-" + i);
                HttpResponse<String> resp = s.send(r);
                assertThat(resp.statusCode()).as("request %d: %s", i, resp.body()).isEqualTo(200);
                assertThat(resp.body()).contains("\"label\":\"7\"");
            }
            HttpResponse<String> wrongType = s.post(PREDICT, "text/plain", "seven");
            assertThat(wrongType.statusCode()).as(wrongType.body()).isBetween(400, 499);
        }
    }

    @Test
    void onByDefault() {
        try (TestServer s = TestServer.start(c -> c.http(ServerConfig.Http.defaults().withAddress("127.0.0.1", 0).withWarmCanvas(false)))) {
            assertThat(s.server.headerCacheSize()).isPositive();
        }
    }
}
