package dev.inkwell.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.inkwell.bucket.Buckets;
import dev.inkwell.core.Json;
import dev.inkwell.functions.workflow.FunctionMapping;
import dev.inkwell.testing.SharedData;
import java.awt.Image;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seed 001's Lambda handler ({@code examples/seed001/load_model_infer.py}: boto3, Pillow, NumPy) as a workflow's
 * {@code command} function on {@code inkwell serve --s3-port} run as its own process: the handler reads the digit
 * through the S3 API, asks the server through SageMaker's runtime API and writes results.txt back through the S3 API.
 */
class WorkflowsEndToEndTest {
    private static final String KEY = "workflows-end-to-end";
    private static final Path EXAMPLE = Path.of("..", "examples", "seed001");

    @TempDir
    Path temp;

    @Test
    void seed001sHandlerReadsThroughS3AsksTheSageMakerRuntimeAndWritesResultsTxt() throws Exception {
        String python = ExternalPython.withBoto3PilAndNumpy();
        Path buckets = temp.resolve("buckets");
        try (Buckets b = Buckets.folder(buckets)) {
            b.create("uploads").put("digits/digit.png", enlarged(SharedData.handwritten28px().resolve("7.png"), 112), "image/png");
        }
        JsonNode mapping = FunctionMapping.absolute(Json.mapper().readTree(EXAMPLE.resolve("functions.json").toFile()), EXAMPLE);
        ((ObjectNode) mapping.at("/functions/loadModelInfer")).put("interpreter", python);
        ObjectNode workflow = Json.mapper().createObjectNode().put("name", "seed001");
        workflow.set("definition", Json.mapper().readTree(EXAMPLE.resolve("statemachine.json").toFile()));
        workflow.set("functions", mapping);

        List<String> args = List.of("--store", temp.resolve("inkwell.db").toString(), "--buckets", buckets.toString(),
                "--model", "default=" + SharedData.mnist8Onnx());
        try (ServeProcess serve = ServeProcess.start(Files.createDirectories(temp.resolve("home")), temp.resolve("serve.log"), args,
                Map.of("INKWELL_API_KEY", KEY))) {
            HttpResponse<String> saved = post(serve, "/v1/workflows", workflow.toString());
            assertThat(saved.statusCode()).as(saved.body()).isEqualTo(200);
            HttpResponse<String> run = post(serve, "/v1/workflows/seed001/executions?wait=180",
                    "{\"name\": \"digit\", \"input\": {\"s3_bucket\": \"uploads\", \"s3_key\": \"digits/digit.png\"}}");
            assertThat(run.statusCode()).as(run.body()).isEqualTo(200);
            JsonNode execution = Json.mapper().readTree(run.body());
            assertThat(execution.get("status").asText()).as(run.body() + "\n" + Files.readString(serve.log)).isEqualTo("SUCCEEDED");
            JsonNode output = Json.mapper().readTree(execution.get("output").asText());
            assertThat(output.at("/body/class").asInt()).as(output.toString()).isEqualTo(7);
            assertThat(output.at("/body/results").asText()).isEqualTo("results.txt");
        }
        List<String> lines = Files.readAllLines(buckets.resolve("uploads").resolve("results.txt"));
        assertThat(lines).hasSize(10);
        assertThat(lines).allMatch(l -> l.matches("class=\\d ; probability=\\d\\.\\d{6}"));
        assertThat(lines.getFirst()).matches("class=7 ; probability=(0\\.9\\d{5}|1\\.000000)");
    }

    private static HttpResponse<String> post(ServeProcess serve, String path, String body) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(serve.uri(path)).header("X-Api-Key", KEY)
                .header("Content-Type", "application/json").timeout(Duration.ofSeconds(240))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The digit drawn larger, so that the handler's resize to 28×28 has work to do. */
    private static byte[] enlarged(Path png, int size) throws Exception {
        BufferedImage small = ImageIO.read(png.toFile());
        BufferedImage big = new BufferedImage(size, size, BufferedImage.TYPE_BYTE_GRAY);
        big.getGraphics().drawImage(small.getScaledInstance(size, size, Image.SCALE_SMOOTH), 0, 0, null);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(big, "png", out);
        return out.toByteArray();
    }
}
