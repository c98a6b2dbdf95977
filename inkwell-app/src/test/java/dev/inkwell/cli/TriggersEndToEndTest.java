package dev.inkwell.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import dev.inkwell.bucket.Buckets;
import dev.inkwell.store.Store;
import dev.inkwell.store.WorkItem;
import dev.inkwell.testing.SharedData;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * The seeds' flows end to end, as users run them: {@code inkwell serve --s3-port} as its own process, triggers made with
 * the CLI, pictures put with boto3 through the S3 API; and a server killed with SIGKILL in the middle of a batch.
 */
class TriggersEndToEndTest {
    private static final Path CLIENT = Path.of("..", "bench", "triggers_client.py");

    @TempDir
    Path temp;
    Path home;
    String store;
    String buckets;

    @BeforeEach
    void setUp() throws IOException {
        home = Files.createDirectories(temp.resolve("home"));
        store = temp.resolve("inkwell.db").toString();
        buckets = temp.resolve("buckets").toString();
        try (Buckets b = Buckets.folder(Path.of(buckets))) {
            b.create("uploads");
        }
    }

    private void cli(String... args) {
        CliTest.Result r = CliTest.run(args);
        assertThat(r.code()).as(String.join(" ", args) + "\n" + r.err()).isZero();
    }

    private List<String> serveArgs(String... more) {
        List<String> args = new ArrayList<>(List.of("--store", store, "--buckets", buckets, "--model", "default=" + SharedData.mnist8Onnx()));
        args.addAll(List.of(more));
        return args;
    }

    private static JsonNode python(ServeProcess serve, Path log, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(ExternalPython.withBoto3(), CLIENT.toString(), serve.s3Endpoint(), ServeProcess.ACCESS, ServeProcess.SECRET));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(300, TimeUnit.SECONDS) || p.exitValue() != 0) {
            fail("the boto3 client failed: " + new String(out, StandardCharsets.UTF_8) + "\n" + Files.readString(log));
        }
        return JsonOutput.mapper().readTree(out);
    }

    @Test
    void seed001sFlowWithBoto3ThroughTheS3Api() throws Exception {
        cli("triggers", "create", "digits", "--bucket", "uploads", "--prefix", "incoming/", "--suffix", ".png", "--action", "classify",
                "--store", store, "--buckets", buckets);
        Path log = temp.resolve("serve.log");
        try (ServeProcess serve = ServeProcess.start(home, log, serveArgs())) {
            JsonNode r = python(serve, temp.resolve("client.log"), "seed001", "uploads",
                    SharedData.handwritten28px().resolve("7.png").toString());
            List<String> lines = r.get("txt").asText().lines().toList();
            assertThat(lines).hasSize(10);
            assertThat(lines.getFirst()).matches("class=7 ; probability=0\\.9\\d{5}|class=7 ; probability=1\\.000000");
            assertThat(lines).allMatch(l -> l.matches("class=\\d ; probability=\\d\\.\\d{6}"));
            assertThat(r.get("label").asText()).isEqualTo("7");
            assertThat(r.at("/error/error").asText()).isEqualTo("Inkwell.InvalidInput");
            assertThat(r.at("/error/key").asText()).isEqualTo("incoming/corrupt.png");
            // the corrupt picture broke nothing: its report and the digit's results, and the server still predicts
            assertThat(r.get("results")).extracting(JsonNode::asText).containsExactly("results/incoming/7.png.json",
                    "results/incoming/7.png.txt", "results/incoming/corrupt.png.error.json");
            HttpResponse<String> predict = HttpClient.newHttpClient().send(HttpRequest.newBuilder(serve.uri("/v1/endpoints/default/predict"))
                    .header("Content-Type", "image/png").POST(HttpRequest.BodyPublishers.ofFile(SharedData.handwritten28px().resolve("3.png"))).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(predict.statusCode()).isEqualTo(200);
        }
        CliTest.Result failures = CliTest.run("triggers", "failures", "digits", "--store", store);
        assertThat(failures.out()).contains("incoming/corrupt.png").contains("Inkwell.InvalidInput").contains("report: s3://uploads/results/incoming/corrupt.png.error.json");
    }

    /** kill -9 while a batch of 200 uploads is being processed; after a restart every picture has its results, once. */
    @Test
    void aServerKilledMidBatchFinishesEveryPictureOnceAfterARestart() throws Exception {
        cli("triggers", "create", "digits", "--bucket", "uploads", "--prefix", "batch/", "--suffix", ".png", "--action", "classify",
                "--store", store, "--buckets", buckets);
        // one object at a time, so that the kill lands in the middle; a short lease, so the restart takes over soon
        Path config = Files.writeString(temp.resolve("serve.json"), "{\"triggers\": {\"workers\": 1, \"claimBatch\": 1, \"leaseMs\": 3000}}");
        Path log = temp.resolve("serve.log");
        Path results = Path.of(buckets, "uploads", "results", "batch");
        int atKill;
        try (ServeProcess serve = ServeProcess.start(home, log, serveArgs("--config", config.toString()))) {
            Thread uploads = Thread.ofPlatform().start(() -> {
                try {
                    python(serve, temp.resolve("client.log"), "upload", "uploads", "batch/", SharedData.handwritten28px().toString(), "200", "8");
                } catch (Throwable e) {
                    // the kill cuts some uploads short: they are sent again below
                }
            });
            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            while (count(results, ".txt") < 10) {
                if (System.nanoTime() > deadline) fail("no results after 120 s:\n" + Files.readString(log));
                Thread.sleep(10);
            }
            serve.kill();
            atKill = count(results, ".txt");
            uploads.join(300_000);
        }
        LoggerFactory.getLogger(TriggersEndToEndTest.class).info("serve killed with {} of 200 results written", atKill);
        assertThat(atKill).as("killed in the middle of the batch").isLessThan(200);
        try (ServeProcess serve = ServeProcess.start(home, log, serveArgs("--config", config.toString()))) {
            // what the kill cut short is sent again: pictures that arrived add nothing, the others are new work
            JsonNode again = python(serve, temp.resolve("client.log"), "upload", "uploads", "batch/", SharedData.handwritten28px().toString(), "200", "8");
            assertThat(again.get("failed")).isEmpty();
            long deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos();
            while (count(results, ".txt") < 200 || count(results, ".png.json") < 200) {
                if (System.nanoTime() > deadline) fail("only " + count(results, ".txt") + " results after a restart:\n" + Files.readString(log));
                Thread.sleep(50);
            }
            Thread.sleep(1000);
        }
        assertThat(count(results, ".txt")).isEqualTo(200);
        assertThat(count(results, ".png.json")).isEqualTo(200);
        assertThat(count(results, ".error.json")).isZero();
        try (Stream<Path> files = Files.list(results)) {
            for (Path txt : files.filter(p -> p.toString().endsWith(".txt")).toList()) {
                String name = txt.getFileName().toString(); // 0042_2.png.txt
                assertThat(Files.readString(txt)).as(name).startsWith("class=" + name.charAt(5) + " ; ");
            }
        }
        try (Store s = Store.open(store)) {
            assertThat(s.queue("triggers").counts()).as("one work item per picture, each done").containsOnlyKeys(WorkItem.Status.DONE)
                    .containsEntry(WorkItem.Status.DONE, 200L);
        }
        try (Stream<Path> all = Files.walk(Path.of(buckets, "uploads", "results"))) {
            assertThat(all.filter(Files::isRegularFile).count()).as("nothing but the 400 results").isEqualTo(400);
        }
    }

    private static int count(Path folder, String suffix) throws IOException {
        if (!Files.isDirectory(folder)) return 0;
        try (Stream<Path> files = Files.list(folder)) {
            return (int) files.filter(p -> p.getFileName().toString().endsWith(suffix)).count();
        }
    }
}
