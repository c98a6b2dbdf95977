package dev.inkwell.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.inkwell.serving.endpoint.EndpointSpec;
import dev.inkwell.testing.SharedData;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import java.util.random.RandomGenerator;

/** A real Inkwell server on a free port of 127.0.0.1 serving mnist-8, and a real HTTP client for it. */
final class TestServer implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();

    final InkwellServer server;
    final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    final Path home;

    private TestServer(InkwellServer server, Path home) {
        this.server = server;
        this.home = home;
    }

    static TestServer start() {
        return start(c -> c);
    }

    /** A server with mnist-8 as endpoint {@code default}, on a free port, with a store and buckets of its own. */
    static TestServer start(UnaryOperator<ServerConfig.Builder> customize) {
        return start(customize, ThreadLocalRandom::current);
    }

    /** As above, with variant choices drawn from {@code random}. */
    static TestServer start(UnaryOperator<ServerConfig.Builder> customize, Supplier<RandomGenerator> random) {
        Path home = temporaryHome();
        ServerConfig.Builder config = ServerConfig.builder(List.of(new EndpointSpec("default", SharedData.mnist8Onnx().toString())))
                .auth(new ServerConfig.Auth(null))
                .http(ServerConfig.Http.defaults().withAddress("127.0.0.1", 0))
                .store(home.resolve("inkwell.db").toString())
                .buckets(home.resolve("buckets").toString());
        try {
            return new TestServer(InkwellServer.start(customize.apply(config).build(), "test", random), home);
        } catch (RuntimeException e) {
            delete(home);
            throw e;
        }
    }

    private static Path temporaryHome() {
        try {
            return Files.createTempDirectory("inkwell-test-server-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }

    HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return client.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(uri(path)).GET());
    }

    /** The value of the series {@code name} (with its labels, as printed) in a {@code /metrics} text; fails when absent. */
    static long metric(String metrics, String name) {
        return metrics.lines().filter(l -> l.startsWith(name + " ")).mapToLong(l -> (long) Double.parseDouble(l.substring(name.length() + 1)))
                .findFirst().orElseThrow(() -> new AssertionError("no " + name + " in\n" + metrics));
    }

    HttpResponse<String> post(String path, String contentType, byte[] body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) b.header("Content-Type", contentType);
        return send(b);
    }

    HttpResponse<String> post(String path, String contentType, String body) {
        return post(path, contentType, body.getBytes(StandardCharsets.UTF_8));
    }

    static JsonNode json(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new AssertionError("not JSON (HTTP " + response.statusCode() + "): " + response.body(), e);
        }
    }

    static byte[] sample(int digit) {
        try {
            return Files.readAllBytes(SharedData.handwritten28px().resolve(digit + ".png"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path kaggleRow() {
        return SharedData.kaggleRow();
    }

    @Override
    public void close() {
        server.close();
        delete(home);
    }

    private static void delete(Path dir) {
        try (var walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        } catch (IOException e) {
            // a temporary folder left behind
        }
    }
}
