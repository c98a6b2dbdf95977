package dev.inkwell.server;

import static dev.inkwell.server.TestServer.json;
import static dev.inkwell.server.TestServer.sample;
import static org.assertj.core.api.Assertions.assertThat;

import dev.inkwell.serving.ServingConfig;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/** Caps, refusals and the management-key guard, over real HTTP. */
class SafetyAndAuthTest {
    private static final String PREDICT = "/v1/endpoints/default/predict";

    private static void assertError(HttpResponse<String> r, int status, String messagePart) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(json(r).at("/error/status").asInt()).isEqualTo(status);
        assertThat(json(r).at("/error/message").asText()).contains(messagePart);
    }

    @Test
    void refusesOversizedUnsupportedAndMalformedInputWithClearStatuses() throws IOException {
        try (TestServer http = TestServer.start(c -> c.limits(new ServingConfig.Limits(64 * 1024, 4_000_000, 4)))) {
            byte[] big = new byte[64 * 1024 + 1];
            Arrays.fill(big, (byte) 'x');
            assertError(http.post(PREDICT, "image/png", big), 413, "at most 65536 bytes");
            assertError(http.post(PREDICT, "text/xml", "<digit/>"), 415, "text/xml is not supported");
            assertError(http.post(PREDICT, "application/json", "{\"image\": "), 400, "not valid JSON");
            assertError(http.post(PREDICT, "application/json", "{\"pixels\": [1, 2]}"), 400, "holds 2 values: expected 784");
            assertError(http.post(PREDICT, "image/png", Arrays.copyOf(sample(3), 60)), 400, "png");
            assertError(http.post(PREDICT, "image/png", new byte[0]), 400, "empty");
            assertError(http.post(PREDICT, "text/csv", "1,2,3\n"), 400, "line 1");
            assertError(http.post(PREDICT, "application/json", "[{\"image\":\"AAAA\"},{\"image\":\"AAAA\"},{\"image\":\"AAAA\"},"
                    + "{\"image\":\"AAAA\"},{\"image\":\"AAAA\"}]"), 413, "at most 4");
            assertError(http.post("/v1/endpoints/nope/predict", "image/png", sample(1)), 404, "no endpoint named 'nope'");
            assertThat(http.get(PREDICT).statusCode()).isEqualTo(405);
            assertThat(http.get("/no/such/route").statusCode()).isEqualTo(404);

            // a small PNG whose header announces more pixels than allowed: refused before decoding
            BufferedImage huge = new BufferedImage(2100, 2100, BufferedImage.TYPE_BYTE_BINARY);
            ByteArrayOutputStream png = new ByteArrayOutputStream();
            ImageIO.write(huge, "png", png);
            assertThat(png.size()).isLessThan(64 * 1024);
            assertError(http.post(PREDICT, "image/png", png.toByteArray()), 413, "more than the limit");

            // a blank picture is bad input, not a server error
            BufferedImage blank = new BufferedImage(50, 50, BufferedImage.TYPE_BYTE_GRAY);
            ByteArrayOutputStream blankPng = new ByteArrayOutputStream();
            ImageIO.write(blank, "png", blankPng);
            assertError(http.post(PREDICT, "image/png", blankPng.toByteArray()), 400, "no ink");
            assertThat(http.get("/health/ready").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void aBodyShorterThanItsContentLengthIsA400AndTheServerLivesOn() throws IOException {
        try (TestServer http = TestServer.start();
             Socket socket = new Socket("127.0.0.1", http.server.port())) {
            socket.setSoTimeout(10_000);
            byte[] part = Arrays.copyOf(sample(3), 100);
            var out = socket.getOutputStream();
            out.write(("POST " + PREDICT + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: image/png\r\n"
                    + "Content-Length: 1000\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(part);
            out.flush();
            socket.shutdownOutput(); // the client gives up after 100 of the 1000 bytes it announced
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(answer).startsWith("HTTP/1.1 400");
            assertThat(answer).contains("the request body could not be read");
            assertThat(json(http.post(PREDICT, "image/png", sample(5))).get("label").asText()).isEqualTo("5");
        }
    }

    @Test
    void managementRoutesAreClosedWithoutAKeyAndGuardedWithOne() {
        try (TestServer closed = TestServer.start()) {
            assertError(closed.post("/v1/endpoints/default/reload", null, new byte[0]), 403, "INKWELL_API_KEY");
            assertThat(closed.get("/v1/endpoints").statusCode()).isEqualTo(200);
        }
        try (TestServer http = TestServer.start(c -> c.auth(new ServerConfig.Auth("s3cret-key")))) {
            HttpResponse<String> none = http.post("/v1/endpoints/default/reload", null, new byte[0]);
            assertError(none, 401, "needs the API key");
            assertThat(none.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
            assertError(http.send(reload(http).header("Authorization", "Bearer wrong")), 401, "not valid");
            assertError(http.send(reload(http).header("X-Api-Key", "s3cret-key-and-more")), 401, "not valid");
            HttpResponse<String> bearer = http.send(reload(http).header("Authorization", "Bearer s3cret-key"));
            assertThat(bearer.statusCode()).as(bearer.body()).isEqualTo(200);
            assertThat(json(bearer).get("name").asText()).isEqualTo("default");
            assertThat(http.send(reload(http).header("X-Api-Key", "s3cret-key")).statusCode()).isEqualTo(200);
            // the reloaded model answers
            assertThat(json(http.post(PREDICT, "image/png", sample(5))).get("label").asText()).isEqualTo("5");
            // the public routes need no key
            assertThat(http.post(PREDICT, "image/png", sample(5)).statusCode()).isEqualTo(200);
        }
    }

    private static HttpRequest.Builder reload(TestServer http) {
        return HttpRequest.newBuilder(http.uri("/v1/endpoints/default/reload")).POST(HttpRequest.BodyPublishers.noBody());
    }
}
