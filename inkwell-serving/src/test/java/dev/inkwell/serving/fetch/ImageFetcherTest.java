package dev.inkwell.serving.fetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.inkwell.core.InputTooLargeException;
import dev.inkwell.core.InvalidInputException;
import dev.inkwell.serving.ServingConfig;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The image fetcher against a real local origin: what it fetches, what it refuses before connecting, and its caps. */
class ImageFetcherTest {
    private HttpServer origin;
    private final AtomicInteger hits = new AtomicInteger();
    /** Holds /slow.png's answer until the test ends: the fetcher's own time cap must end the wait. */
    private final CountDownLatch released = new CountDownLatch(1);
    private String base;

    @BeforeEach
    void startOrigin() throws IOException {
        origin = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        origin.createContext("/digit.png", ex -> reply(ex, 200, new byte[] {1, 2, 3, 4}));
        origin.createContext("/big.png", ex -> reply(ex, 200, new byte[300_000]));
        origin.createContext("/slow.png", ex -> {
            try {
                released.await(60, TimeUnit.SECONDS);
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
        origin.setExecutor(Executors.newCachedThreadPool());
        origin.start();
        base = "http://127.0.0.1:" + origin.getAddress().getPort();
    }

    @AfterEach
    void stopOrigin() {
        released.countDown();
        origin.stop(0);
    }

    private void reply(HttpExchange ex, int status, byte[] body) throws IOException {
        hits.incrementAndGet();
        ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }

    private void redirect(HttpExchange ex, String location) throws IOException {
        hits.incrementAndGet();
        ex.getResponseHeaders().add("Location", location);
        ex.sendResponseHeaders(302, -1);
        ex.close();
    }

    /** A generous time cap: a loaded CI machine must not turn a normal fetch into a timeout. */
    private static ImageFetcher fetcher(List<String> allow, boolean http) {
        return fetcher(allow, http, Duration.ofSeconds(30));
    }

    private static ImageFetcher fetcher(List<String> allow, boolean http, Duration timeout) {
        return new ImageFetcher(new ServingConfig.Fetch(true, http, allow, 100_000, timeout, 3));
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
        try (ImageFetcher f = new ImageFetcher(ServingConfig.Fetch.defaults())) {
            assertThatThrownBy(() -> f.fetch(base + "/digit.png")).hasMessageContaining("only https://");
            for (String url : List.of("https://127.0.0.1:" + origin.getAddress().getPort() + "/digit.png", "https://localhost/x.png",
                    "https://169.254.169.254/latest/meta-data/", "https://[::1]/x.png", "https://10.0.0.8/x.png",
                    "https://[::ffff:127.0.0.1]/x.png")) {
                assertThatThrownBy(() -> f.fetch(url)).as(url).isInstanceOf(InvalidInputException.class).hasMessageContaining("refused to fetch");
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
            assertThatThrownBy(() -> f.fetch(base + "/big.png")).isInstanceOf(InputTooLargeException.class);
            assertThatThrownBy(() -> f.fetch(base + "/missing.png")).hasMessageContaining("HTTP 404");
        }
        // the origin never answers while the test runs: only the fetcher's cap can end the wait
        try (ImageFetcher f = fetcher(List.of("127.0.0.1"), true, Duration.ofSeconds(1))) {
            assertThatThrownBy(() -> f.fetch(base + "/slow.png")).hasMessageContaining("took longer than 1000 ms");
        }
    }
}
