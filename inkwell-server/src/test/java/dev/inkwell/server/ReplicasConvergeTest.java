package dev.inkwell.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.inkwell.bucket.Buckets;
import dev.inkwell.core.Json;
import dev.inkwell.model.ModelRef;
import dev.inkwell.registry.ModelRegistry;
import dev.inkwell.registry.Registration;
import dev.inkwell.registry.VersionSource;
import dev.inkwell.registry.endpoint.EndpointDefinition;
import dev.inkwell.store.Store;
import dev.inkwell.testing.PostgresServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Two {@code serve} processes sharing one store: an endpoint created and an alias moved through the registry are
 * served by both, each within about one poll interval (500 ms here, as by default). SQLite (one machine) and
 * PostgreSQL (a cluster).
 */
class ReplicasConvergeTest {
    private static final Logger LOG = LoggerFactory.getLogger(ReplicasConvergeTest.class);
    private final List<Process> replicas = new ArrayList<>();
    private final HttpClient client = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    @AfterEach
    void stop() throws Exception {
        for (Process p : replicas) {
            p.getOutputStream().close();
            if (!p.waitFor(30, TimeUnit.SECONDS)) p.destroyForcibly();
        }
    }

    @Test
    void replicasOnOneSqliteFileConverge() throws Exception {
        converge(dir.resolve("inkwell.db").toString());
    }

    @Test
    void replicasOnOnePostgresDatabaseConverge() throws Exception {
        converge(PostgresServer.shared().newDatabase("replicas"));
    }

    private void converge(String store) throws Exception {
        String buckets = dir.resolve("buckets").toString();
        try (Store s = Store.open(store); Buckets b = Buckets.folder(Path.of(buckets))) {
            ModelRegistry registry = ModelRegistry.open(s, b);
            registry.register(Registration.of("digits", ModelRef.parse("mnist-compact"), VersionSource.IMPORT).withAlias("champion"));
            registry.register(Registration.of("digits", ModelRef.parse("mnist"), VersionSource.IMPORT));
            int a = start(store, buckets);
            int b2 = start(store, buckets);

            long created = System.nanoTime();
            registry.endpoints().create(EndpointDefinition.single("shared", "digits@champion"));
            long atA = awaitVersion(a, "1", created);
            long atB = awaitVersion(b2, "1", created);
            long moved = System.nanoTime();
            registry.moveAlias("digits", "champion", 2);
            long movedA = awaitVersion(a, "2", moved);
            long movedB = awaitVersion(b2, "2", moved);
            LOG.info("{}: endpoint created, served after {} / {} ms; alias moved, served after {} / {} ms", s.dialect(), atA, atB, movedA, movedB);
            System.out.printf("replicas on %s: endpoint served after %d / %d ms, alias move after %d / %d ms%n", s.dialect(), atA, atB, movedA, movedB);
            assertThat(predictedVersion(a)).isEqualTo("2");
            assertThat(predictedVersion(b2)).isEqualTo("2");
        }
    }

    private int start(String store, String buckets) throws Exception {
        Path log = dir.resolve("replica-" + replicas.size() + ".log");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), ServerProcess.class.getName(), store, buckets, "500")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        replicas.add(p);
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (System.nanoTime() < deadline && p.isAlive()) {
            for (String line : Files.readAllLines(log)) {
                if (line.startsWith("PORT ")) return Integer.parseInt(line.substring(5).strip());
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("the replica did not start listening: " + String.join("\n", Files.readAllLines(log)));
    }

    /** Milliseconds from {@code since} until the replica on {@code port} describes endpoint "shared" at {@code version}. */
    private long awaitVersion(int port, String version, long since) throws Exception {
        return await(port, "/v1/endpoints/shared", doc -> version.equals(doc.at("/variants/0/model/version").asText()), since);
    }

    private long await(int port, String path, Predicate<JsonNode> done, long since) throws Exception {
        long deadline = since + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() == 200 && done.test(Json.mapper().readTree(r.body()))) return (System.nanoTime() - since) / 1_000_000;
            Thread.sleep(10);
        }
        StringBuilder logs = new StringBuilder();
        for (int i = 0; i < replicas.size(); i++) {
            List<String> lines = Files.readAllLines(dir.resolve("replica-" + i + ".log"));
            logs.append("\n--- replica ").append(i).append(" ---\n").append(String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size())));
        }
        throw new AssertionError("replica on port " + port + " did not converge on " + path + logs);
    }

    private String predictedVersion(int port) throws Exception {
        byte[] png = TestServer.sample(4);
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/endpoints/shared/predict"))
                .header("Content-Type", "image/png").POST(HttpRequest.BodyPublishers.ofByteArray(png)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return Json.mapper().readTree(r.body()).at("/model/version").asText();
    }
}
