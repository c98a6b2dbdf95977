package dev.inkwell.server.fetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.inkwell.server.HttpProblem;
import dev.inkwell.server.ServerConfig;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The image fetcher against a real local origin: what it fetches, what it refuses before connecting, and its caps. */
class ImageFetcherTest {
    private HttpServer origin;
    private final AtomicInteger hits = new AtomicInteger();
    private String base;

    @BeforeEach
    void startOrigin() throws IOException {
        origin = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        origin.createContext("/digit.png", ex -> reply(ex, 200, new byte[] {1, 2, 3, 4}));
        origin.createContext("/big.png", ex -> reply(ex, 200, new byte[300_000]));
        origin.createContext("/slow.png", ex -> {
            try {
                Thread.sleep(3000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            reply(ex, 200, new byte[] {1});
        });
        origin.createContext("/missing.png", ex -> reply(ex, 404, new byte[0]));
        origin.createContext("/to-digit", ex -> redirect(ex, "/digit.png"));
        origin.createContext("/to-loopback", ex -> redirect(ex, "http://127.0.0.2:" + origin.getAddress().getPort() + "/digit.png"));
        origin.createContext("/to-metadata", ex -> redirect(ex, "http://169.254.169.254/latest/meta-data/"));
        origin.createContext("/loop", ex -> redirect(ex, "/loop"));
        origin.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        origin.start();
        base = "http://127.0.0.1:" + origin.getAddress().getPort();
    }

    @AfterEach
    void stopOrigin() {
        origin.stop(0);
    }

    private void reply(com.sun.net.httpserver.HttpExchange ex, int status, byte[] body) throws IOException {
        hits.incrementAndGet();
        ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }

    private void redirect(com.sun.net.httpserver.HttpExchange ex, String location) throws IOException {
        hits.incrementAndGet();
        ex.getResponseHeaders().add("Location", location);
        ex.sendResponseHeaders(302, -1);
        ex.close();
    }

    private static ImageFetcher fetcher(List<String> allow, boolean http) {
        return new ImageFetcher(new ServerConfig.Fetch(true, http, allow, 100_000, Duration.ofSeconds(1), 3));
    }

    @Test
    void fetchesFromAnAllowListedOriginAndFollowsRedirects() {
        try (ImageFetcher f = fetcher(List.of("127.0.0.1"), true)) {
            assertThat(f.fetch(base + "/digit.png")).containsExactly(1, 2, 3, 4);
            assertThat(f.fetch(base + "/to-digit")).containsExactly(1, 2, 3, 4);
        }
    }

    @Test
    void defaultPolicyRefusesHttpAndPrivateTargetsBeforeConnecting() {
        try (ImageFetcher f = new ImageFetcher(ServerConfig.Fetch.defaults())) {
            assertThatThrownBy(() -> f.fetch(base + "/digit.png")).hasMessageContaining("only https://");
            for (String url : List.of("https://127.0.0.1:" + origin.getAddress().getPort() + "/digit.png", "https://localhost/x.png",
                    "https://169.254.169.254/latest/meta-data/", "https://[::1]/x.png", "https://10.0.0.8/x.png",
                    "https://[::ffff:127.0.0.1]/x.png")) {
                assertThatThrownBy(() -> f.fetch(url)).as(url).isInstanceOf(HttpProblem.class).hasMessageContaining("refused to fetch");
            }
            assertThatThrownBy(() -> f.fetch("file:///etc/passwd")).hasMessageContaining("only https://");
            assertThatThrownBy(() -> f.fetch("not a url")).hasMessageContaining("not an absolute image URL");
            assertThatThrownBy(() -> f.fetch("https://user:pw@example.com/x.png")).hasMessageContaining("user info");
        }
        assertThat(hits.get()).isZero();
    }

    @Test
    void everyRedirectHopIsCheckedAgain() {
        try (ImageFetcher f = fetcher(List.of("127.0.0.1"), true)) {
            assertThatThrownBy(() -> f.fetch(base + "/to-loopback")).hasMessageContaining("refused to fetch from 127.0.0.2");
            assertThatThrownBy(() -> f.fetch(base + "/to-metadata")).hasMessageContaining("link-local");
            assertThatThrownBy(() -> f.fetch(base + "/loop")).hasMessageContaining("more than 3 redirects");
        }
        try (ImageFetcher httpsOnly = fetcher(List.of("127.0.0.1"), false)) {
            assertThatThrownBy(() -> httpsOnly.fetch(base + "/to-digit")).hasMessageContaining("only https://");
        }
    }

    @Test
    void capsSizeAndTimeAndReportsHttpErrors() {
        try (ImageFetcher f = fetcher(List.of("127.0.0.1"), true)) {
            assertThatThrownBy(() -> f.fetch(base + "/big.png")).isInstanceOf(HttpProblem.class)
                    .satisfies(e -> assertThat(((HttpProblem) e).status()).isEqualTo(413));
            long start = System.nanoTime();
            assertThatThrownBy(() -> f.fetch(base + "/slow.png")).hasMessageContaining("took longer than 1000 ms");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(2500));
            assertThatThrownBy(() -> f.fetch(base + "/missing.png")).hasMessageContaining("HTTP 404");
        }
    }
}
