package dev.inkwell.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.inkwell.core.InvalidInputException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ImageFetcherTest {
    private HttpServer server;
    private String base;

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/ok.png", ex -> {
            byte[] body = "PNGDATA".getBytes();
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        server.createContext("/big", ex -> { // no Content-Length: the cap must hold while streaming
            ex.sendResponseHeaders(200, 0);
            byte[] chunk = new byte[8192];
            try {
                for (int i = 0; i < 100; i++) ex.getResponseBody().write(chunk);
            } catch (java.io.IOException ignored) {
                // the client hung up, as it should
            }
            ex.close();
        });
        server.createContext("/declared-big", ex -> {
            ex.sendResponseHeaders(200, 10_000_000);
            try {
                ex.getResponseBody().write(new byte[1000]);
                ex.getResponseBody().flush();
            } catch (java.io.IOException ignored) {
                // the client hung up, as it should
            }
            ex.getHttpContext().getServer(); // keep the exchange open until the server stops

        });
        server.createContext("/slow", ex -> {
            try {
                Thread.sleep(3000);
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
            ex.sendResponseHeaders(200, -1);
            ex.close();
        });
        server.createContext("/loop", ex -> {
            ex.getResponseHeaders().add("Location", "/loop");
            ex.sendResponseHeaders(302, -1);
            ex.close();
        });
        server.createContext("/to-file", ex -> {
            ex.getResponseHeaders().add("Location", "file:///etc/passwd");
            ex.sendResponseHeaders(302, -1);
            ex.close();
        });
        server.createContext("/moved", ex -> {
            ex.getResponseHeaders().add("Location", "/ok.png");
            ex.sendResponseHeaders(301, -1);
            ex.close();
        });
        server.createContext("/missing", ex -> {
            ex.sendResponseHeaders(404, -1);
            ex.close();
        });
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private static ImageFetcher permissive(long maxBytes, Duration timeout) {
        return new ImageFetcher(new ImageFetcher.Policy(true, true, maxBytes, timeout, 3));
    }

    @Test
    void fetchesAndFollowsRedirects() {
        ImageFetcher f = permissive(1000, Duration.ofSeconds(5));
        assertThat(new String(f.fetch(base + "/ok.png"))).isEqualTo("PNGDATA");
        assertThat(new String(f.fetch(base + "/moved"))).isEqualTo("PNGDATA");
    }

    @Test
    void theDefaultPolicyRefusesPlainHttpAndLocalHosts() {
        ImageFetcher f = new ImageFetcher();
        assertThatThrownBy(() -> f.fetch(base + "/ok.png")).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("only https");
        assertThatThrownBy(() -> f.fetch("https://127.0.0.1:" + server.getAddress().getPort() + "/ok.png"))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("private or local network");
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://localhost/x.png", "https://10.1.2.3/x.png", "https://192.168.0.1/x.png",
            "https://172.16.5.4/x.png", "https://169.254.169.254/latest/meta-data/", "https://[::1]/x.png",
            "https://0.0.0.0/x.png", "https://100.64.0.1/x.png", "https://[fd00::1]/x.png", "https://[::ffff:127.0.0.1]/x.png"})
    void internalTargetsAreRefused(String url) {
        assertThatThrownBy(() -> new ImageFetcher().fetch(url)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("private or local network").hasMessageStartingWith(url + ": ");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ftp://example.com/x.png", "file:///etc/passwd", "https://user:pw@example.com/x.png", "https://", "not a url at all"})
    void otherSchemesCredentialsAndJunkAreRefused(String url) {
        assertThatThrownBy(() -> new ImageFetcher().fetch(url)).isInstanceOf(InvalidInputException.class);
    }

    @Test
    void bodiesOverTheCapAreRefusedWhileStreaming() {
        ImageFetcher f = permissive(100_000, Duration.ofSeconds(5));
        assertThatThrownBy(() -> f.fetch(base + "/big")).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("larger than the limit of 100000 bytes");
        assertThatThrownBy(() -> f.fetch(base + "/declared-big")).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("larger than the limit");
    }

    @Test
    void slowServersTimeOut() {
        long start = System.nanoTime();
        assertThatThrownBy(() -> permissive(1000, Duration.ofMillis(300)).fetch(base + "/slow"))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("timed out");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(2500));
    }

    @Test
    void redirectLoopsErrorsAndSchemeChangesAreRefused() {
        ImageFetcher f = permissive(1000, Duration.ofSeconds(5));
        assertThatThrownBy(() -> f.fetch(base + "/loop")).hasMessageContaining("more than 3 redirects");
        assertThatThrownBy(() -> f.fetch(base + "/to-file")).hasMessageContaining("not file");
        assertThatThrownBy(() -> f.fetch(base + "/missing")).hasMessageContaining("HTTP 404");
    }

    @Test
    void recognisesUrls() {
        assertThat(ImageFetcher.looksLikeUrl("https://x/y.png")).isTrue();
        assertThat(ImageFetcher.looksLikeUrl("HTTP://x/y.png")).isTrue();
        assertThat(ImageFetcher.looksLikeUrl("./https-image.png")).isFalse();
    }
}
