package dev.inkwell.server;

import static dev.inkwell.server.TestServer.json;
import static dev.inkwell.server.TestServer.sample;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Every request format the seed projects send, against a running server over real HTTP. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PredictRoutesTest {
    private static final String PREDICT = "/v1/endpoints/default/predict";
    private TestServer http;
    private MnistSlice mnist;

    @BeforeAll
    void start() {
        http = TestServer.start();
        mnist = MnistSlice.firstTest(8);
    }

    @AfterAll
    void stop() {
        http.close();
    }

    private JsonNode ok(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json(response);
    }

    @Test
    void rawPngBodiesOfEveryHandwrittenSampleAreReadCorrectly() {
        for (int digit = 0; digit <= 9; digit++) {
            JsonNode r = ok(http.post(PREDICT, "image/png", sample(digit)));
            assertThat(r.get("label").asText()).as("sample %d", digit).isEqualTo(Integer.toString(digit));
            assertThat(r.get("probabilities")).hasSize(10);
            double sum = 0;
            for (JsonNode p : r.get("probabilities")) sum += p.asDouble();
            assertThat(sum).isCloseTo(1.0, within(1e-3));
            assertThat(r.get("top")).hasSize(3);
            assertThat(r.get("top").get(0).get("label").asText()).isEqualTo(Integer.toString(digit));
            assertThat(r.at("/model/name").asText()).isEqualTo("mnist-8");
            assertThat(r.at("/timing/total_ms").asDouble()).isPositive();
            assertThat(r.get("number").asText()).isEqualTo(Integer.toString(digit));
            assertThat(r.has("debug")).isFalse();
        }
    }

    @Test
    void jpegGifBmpAndXImageBodiesAreDecoded() throws IOException {
        BufferedImage rgb = toRgb(ImageIO.read(new ByteArrayInputStream(sample(4))));
        for (String format : List.of("jpeg", "gif", "bmp")) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            assertThat(ImageIO.write(rgb, format, out)).isTrue();
            assertThat(ok(http.post(PREDICT, "image/" + format, out.toByteArray())).get("label").asText()).as(format).isEqualTo("4");
        }
        assertThat(ok(http.post(PREDICT, "application/x-image", sample(2))).get("label").asText()).isEqualTo("2");
        assertThat(ok(http.post(PREDICT, "application/octet-stream", sample(5))).get("label").asText()).isEqualTo("5");
    }

    @Test
    void multipartFilesAreReadOneOrMany() {
        JsonNode one = ok(http.send(multipart(List.of(sample(8)))));
        assertThat(one.get("label").asText()).isEqualTo("8");
        JsonNode many = ok(http.send(multipart(List.of(sample(1), sample(6), sample(9)))));
        assertThat(many.get("predictions")).extracting(p -> p.get("label").asText()).containsExactly("1", "6", "9");
    }

    @Test
    void base64JsonInEverySeedShape() {
        String b64 = Base64.getEncoder().encodeToString(sample(3));
        assertThat(ok(http.post(PREDICT, "application/json", "{\"image\":\"" + b64 + "\"}")).get("label").asText()).isEqualTo("3");
        assertThat(ok(http.post(PREDICT, "application/json",
                "{\"image_data\":\"" + b64 + "\",\"s3_bucket\":\"b\",\"s3_key\":\"k\",\"inferences\":[]}")).get("label").asText()).isEqualTo("3");
        assertThat(ok(http.post(PREDICT, "application/json", "{\"body\":{\"image_data\":\"" + b64 + "\"}}")).get("label").asText()).isEqualTo("3");
        assertThat(ok(http.post(PREDICT, "application/json", "{\"image\":\"data:image/png;base64," + b64 + "\"}")).get("label").asText()).isEqualTo("3");
    }

    @Test
    void kaggleRowFromSeed002AnswersOnItsOwnRouteWithDigit() throws IOException {
        byte[] row = Files.readAllBytes(TestServer.kaggleRow());
        JsonNode r = ok(http.post("/predict", "application/json", row));
        assertThat(r.get("digit").asInt()).isEqualTo(1);
        assertThat(r.get("label").asText()).isEqualTo("1");
        // curl -d without -H sends application/x-www-form-urlencoded: sniffed as JSON
        assertThat(ok(http.post("/predict", "application/x-www-form-urlencoded", row)).get("digit").asInt()).isEqualTo(1);
        assertThat(ok(http.post(PREDICT, "application/json", row)).has("digit")).isFalse();
    }

    @Test
    void pixelArraysBatchesAndInstancesMatchMnistLabels() {
        for (int i = 0; i < 4; i++) {
            assertThat(ok(http.post(PREDICT, "application/json", mnist.pixelsJson(i))).get("label").asInt()).isEqualTo(mnist.labels()[i]);
        }
        List<String> items = new ArrayList<>();
        for (int i = 0; i < 8; i++) items.add(mnist.pixelsJson(i));
        JsonNode batch = ok(http.post(PREDICT, "application/json", "[" + String.join(",", items) + "]"));
        assertThat(batch.get("predictions")).hasSize(8);
        for (int i = 0; i < 8; i++) assertThat(batch.get("predictions").get(i).get("label").asInt()).isEqualTo(mnist.labels()[i]);
        JsonNode instances = ok(http.post(PREDICT, "application/json", "{\"instances\":[" + items.get(0) + "]}"));
        assertThat(instances.get("predictions")).hasSize(1);
        String mixed = "[" + items.get(1) + ",{\"image\":\"" + Base64.getEncoder().encodeToString(sample(7)) + "\"}]";
        assertThat(ok(http.post(PREDICT, "application/json", mixed)).get("predictions"))
                .extracting(p -> p.get("label").asInt()).containsExactly(mnist.labels()[1], 7);
    }

    @Test
    void csvRowsAreSageMakerPayloads() {
        String csv = mnist.csvRow(0) + "\n" + mnist.csvRow(1) + "\n" + mnist.csvRow(2) + "\n";
        JsonNode r = ok(http.post(PREDICT, "text/csv", csv));
        assertThat(r.get("predictions")).extracting(p -> p.get("label").asInt())
                .containsExactly(mnist.labels()[0], mnist.labels()[1], mnist.labels()[2]);
        assertThat(ok(http.post("/mnistpredict", "text/csv", mnist.csvRow(3))).get("label").asInt()).isEqualTo(mnist.labels()[3]);
    }

    @Test
    void invocationsHonourContentTypeAndAccept() {
        String csv = mnist.csvRow(0) + "\n" + mnist.csvRow(1) + "\n";
        HttpResponse<String> asCsv = http.send(HttpRequest.newBuilder(http.uri("/invocations"))
                .header("Content-Type", "text/csv").header("Accept", "text/csv").POST(HttpRequest.BodyPublishers.ofString(csv)));
        assertThat(asCsv.statusCode()).isEqualTo(200);
        assertThat(asCsv.headers().firstValue("Content-Type").orElse("")).startsWith("text/csv");
        String[] lines = asCsv.body().strip().split("\n");
        assertThat(lines).hasSize(2);
        for (int i = 0; i < 2; i++) assertThat(argmax(lines[i].split(","))).isEqualTo(mnist.labels()[i]);

        JsonNode asJson = ok(http.post("/invocations", "text/csv", csv));
        assertThat(asJson.isArray()).isTrue();
        assertThat(asJson.get(0)).hasSize(10);

        JsonNode image = ok(http.post("/endpoints/default/invocations", "image/png", sample(6)));
        assertThat(image).hasSize(10);
        int best = 0;
        for (int i = 1; i < 10; i++) if (image.get(i).asDouble() > image.get(best).asDouble()) best = i;
        assertThat(best).isEqualTo(6);
    }

    @Test
    void debugAddsTheModelInputsAndThePreprocessingReport() throws IOException {
        JsonNode r = ok(http.post(PREDICT + "?debug=true", "image/png", sample(9)));
        JsonNode debug = r.get("debug");
        assertThat(debug.get("images")).hasSize(1);
        BufferedImage seen = ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(debug.get("images").get(0).asText())));
        assertThat(seen.getWidth()).isEqualTo(28);
        assertThat(seen.getHeight()).isEqualTo(28);
        assertThat(debug.at("/report/profile").asText()).isEqualTo("mnist");
        assertThat(debug.at("/report/sourceWidth").asInt()).isEqualTo(28);
    }

    @Test
    void aWrittenNumberIsReadDigitByDigit() throws IOException {
        BufferedImage canvas = new BufferedImage(28 * 3 + 20, 40, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = canvas.createGraphics();
        int x = 4;
        for (int digit : new int[] {2, 0, 7}) {
            g.drawImage(toRgb(ImageIO.read(new ByteArrayInputStream(sample(digit)))), x, 6, null);
            x += 34;
        }
        g.dispose();
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ImageIO.write(canvas, "png", png);
        JsonNode r = ok(http.post(PREDICT + "?debug=true", "image/png", png.toByteArray()));
        assertThat(r.get("number").asText()).isEqualTo("207");
        assertThat(r.get("digits")).hasSize(3);
        assertThat(r.at("/debug/images")).hasSize(3);
        assertThat(r.get("digits").get(0).at("/box/x").asInt()).isLessThan(r.get("digits").get(1).at("/box/x").asInt());
    }

    @Test
    void healthRoutesAndSeedHealthcheck() {
        assertThat(json(http.get("/healthcheck")).get("status").asText()).isEqualTo("healthy");
        assertThat(http.get("/ping").statusCode()).isEqualTo(200);
        assertThat(http.get("/health/live").statusCode()).isEqualTo(200);
        assertThat(http.get("/health/ready").statusCode()).isEqualTo(200);
        JsonNode list = json(http.get("/v1/endpoints"));
        assertThat(list.at("/endpoints/0/name").asText()).isEqualTo("default");
        assertThat(list.at("/endpoints/0/model/name").asText()).isEqualTo("mnist-8");
        assertThat(list.at("/endpoints/0/classes")).hasSize(10);
    }

    @Test
    void metricsCountRequestsPredictionsAndModelLoad() {
        ok(http.post(PREDICT, "image/png", sample(7)));
        String metrics = http.get("/metrics").body();
        assertThat(metrics).contains("inkwell_predictions_total{class=\"7\",endpoint=\"default\",variant=\"main\"}");
        assertThat(metrics).contains("inkwell_variant_requests_total{endpoint=\"default\",shadow=\"false\",variant=\"main\"}");
        assertThat(metrics).contains("inkwell_prediction_confidence_bucket{endpoint=\"default\",variant=\"main\",le=\"0.93\"}");
        assertThat(metrics).contains("inkwell_http_requests_total{method=\"POST\",route=\"/v1/endpoints/{name}/predict\",status=\"200\"}");
        assertThat(metrics).contains("inkwell_http_request_duration_seconds_bucket{route=\"/v1/endpoints/{name}/predict\",le=\"0.005\"}");
        assertThat(metrics).contains("inkwell_model_load_seconds{model=\"mnist-8:onnx-model-zoo-8\"}");
        assertThat(metrics).contains("inkwell_model_batch_size_count{model=\"mnist-8:onnx-model-zoo-8\"}");
        assertThat(metrics).contains("inkwell_endpoint_deploys_total{endpoint=\"default\",outcome=\"ok\"}");
        // the HorizontalPodAutoscaler's Pods metric (deploy/kubernetes): the scrape itself is one request in flight
        assertThat(metrics).containsPattern("(?m)^inkwell_http_requests_in_flight [1-9]");
    }

    @Test
    void webPageAndAssetsAreServed() {
        HttpResponse<String> page = http.get("/");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("<canvas id=\"pad\"").doesNotContain("https://");
        assertThat(http.get("/app.js").statusCode()).isEqualTo(200);
        assertThat(http.get("/app.css").statusCode()).isEqualTo(200);
    }

    private HttpRequest.Builder multipart(List<byte[]> files) {
        String boundary = "----inkwell" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (int i = 0; i < files.size(); i++) {
            body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"image\"; filename=\"d" + i
                    + ".png\"\r\nContent-Type: image/png\r\n\r\n").getBytes(StandardCharsets.UTF_8));
            body.writeBytes(files.get(i));
            body.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
        }
        body.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return HttpRequest.newBuilder(http.uri(PREDICT)).header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()));
    }

    private static BufferedImage toRgb(BufferedImage src) {
        BufferedImage rgb = new BufferedImage(src.getWidth(), src.getHeight(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = rgb.createGraphics();
        g.drawImage(src, 0, 0, null);
        g.dispose();
        return rgb;
    }

    private static int argmax(String[] values) {
        int best = 0;
        for (int i = 1; i < values.length; i++) if (Double.parseDouble(values[i]) > Double.parseDouble(values[best])) best = i;
        return best;
    }
}
