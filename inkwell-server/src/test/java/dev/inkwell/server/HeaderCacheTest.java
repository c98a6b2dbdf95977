package dev.inkwell.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.inkwell.testing.SharedData;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/**
 * Connections keep Jetty's header cache only where the configuration says ({@link ServerConfig.Http#headerCache}); off,
 * the requests of one keep-alive connection, each with the same header lines and with different ones, still read their
 * headers right.
 */
class HeaderCacheTest {
    @Test
    void offEveryConnectionParsesItsHeadersAfreshAndAnswersAsBefore() throws Exception {
        try (TestServer s = TestServer.start(c -> c.http(ServerConfig.Http.defaults().withAddress("127.0.0.1", 0)
                .withWarmCanvas(false).withHeaderCache(false)))) {
            assertThat(s.server.headerCacheSize()).isZero();
            byte[] seven = Files.readAllBytes(SharedData.handwritten28px().resolve("7.png"));
            HttpClient client = HttpClient.newHttpClient(); // one connection, kept alive across the requests
            URI predict = URI.create("http://127.0.0.1:" + s.server.port() + "/v1/endpoints/default/predict");
            for (int i = 0; i < 20; i++) {
                HttpRequest.Builder r = HttpRequest.newBuilder(predict).POST(HttpRequest.BodyPublishers.ofByteArray(seven));
                r.header("Content-Type", i % 3 == 2 ? "application/octet-stream" : "image/png");
                if (i % 2 == 1) r.header("X-Request-Id", "req-" + i);
                HttpResponse<String> resp = client.send(r.build(), HttpResponse.BodyHandlers.ofString());
                assertThat(resp.statusCode()).as("request %d: %s", i, resp.body()).isEqualTo(200);
                assertThat(resp.body()).contains("\"label\":\"7\"");
            }
            HttpResponse<String> wrongType = client.send(HttpRequest.newBuilder(predict).header("Content-Type", "text/plain")
                    .POST(HttpRequest.BodyPublishers.ofString("seven")).build(), HttpResponse.BodyHandlers.ofString());
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
