package dev.inkwell.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

/**
 * Answers are copied out through a small buffer (2 KB, as big as Javalin's smallest compressed size and more): a
 * client that accepts gzip gets answers from 1,500 bytes on compressed, whole, and small ones plain, as before.
 */
class ResponseCompressionTest {
    private static final String PREDICT = "/v1/endpoints/default/predict";

    @Test
    void largeAnswersComeGzippedWholeAndSmallOnesPlain() throws IOException {
        MnistSlice mnist = MnistSlice.firstTest(16);
        try (TestServer http = TestServer.start()) {
            String openApi = http.get("/openapi.json").body();
            HttpResponse<byte[]> zipped = gzip(http, HttpRequest.newBuilder(http.uri("/openapi.json")).GET());
            assertThat(zipped.headers().firstValue("Content-Encoding")).hasValue("gzip");
            assertThat(gunzip(zipped.body())).isEqualTo(openApi).hasSizeGreaterThan(20_000); // many buffers' worth

            List<String> items = new ArrayList<>();
            for (int i = 0; i < 16; i++) items.add(mnist.pixelsJson(i));
            HttpResponse<byte[]> batch = gzip(http, HttpRequest.newBuilder(http.uri(PREDICT))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("[" + String.join(",", items) + "]")));
            assertThat(batch.statusCode()).isEqualTo(200);
            assertThat(batch.headers().firstValue("Content-Encoding")).hasValue("gzip");
            JsonNode answers = TestServer.JSON.readTree(gunzip(batch.body()));
            assertThat(answers.get("predictions")).hasSize(16);
            for (int i = 0; i < 16; i++) assertThat(answers.get("predictions").get(i).get("label").asInt()).isEqualTo(mnist.labels()[i]);

            HttpResponse<byte[]> one = gzip(http, HttpRequest.newBuilder(http.uri(PREDICT))
                    .header("Content-Type", "image/png").POST(HttpRequest.BodyPublishers.ofByteArray(TestServer.sample(7))));
            assertThat(one.headers().firstValue("Content-Encoding")).isEmpty();
            assertThat(one.body().length).isLessThan(1500);
            assertThat(TestServer.JSON.readTree(one.body()).get("number").asText()).isEqualTo("7");
        }
    }

    private static HttpResponse<byte[]> gzip(TestServer http, HttpRequest.Builder request) {
        try {
            return http.client.send(request.header("Accept-Encoding", "gzip").build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static String gunzip(byte[] body) throws IOException {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
