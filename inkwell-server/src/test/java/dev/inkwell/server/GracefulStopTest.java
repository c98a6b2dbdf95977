package dev.inkwell.server;

import static dev.inkwell.server.TestServer.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/** Stopping the server lets the request in flight finish and answers readiness with 503 meanwhile. */
class GracefulStopTest {
    @Test
    void inFlightRequestsFinishWhileReadinessSaysUnavailable() throws Exception {
        TestServer http = TestServer.start();
        String b64 = Base64.getEncoder().encodeToString(canvas());
        List<String> items = new ArrayList<>();
        for (int i = 0; i < 48; i++) items.add("{\"image\":\"" + b64 + "\"}");
        CompletableFuture<HttpResponse<String>> slow = http.client.sendAsync(HttpRequest.newBuilder(http.uri("/v1/endpoints/default/predict"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("[" + String.join(",", items) + "]")).build(), HttpResponse.BodyHandlers.ofString());
        while (http.server.inFlightRequests() == 0 && !slow.isDone()) Thread.sleep(2);
        assertThat(slow).as("the batch should still be running").isNotDone();

        CompletableFuture<Void> stopping = CompletableFuture.runAsync(http::close);
        int readiness = 0;
        while (!slow.isDone() && readiness != 503) {
            try {
                readiness = http.get("/health/ready").statusCode();
            } catch (RuntimeException connectionClosed) {
                break;
            }
        }
        HttpResponse<String> answer = slow.get();
        stopping.get();
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        assertThat(json(answer).get("predictions")).hasSize(48);
        assertThat(json(answer).at("/predictions/0/label").asText()).isEqualTo("7");
        assertThat(readiness).isEqualTo(503);
    }

    private static byte[] canvas() throws IOException {
        BufferedImage img = new BufferedImage(600, 600, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, 600, 600);
        g.setColor(Color.BLACK);
        g.setStroke(new BasicStroke(30, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        g.drawPolyline(new int[] {180, 420, 360, 250}, new int[] {140, 140, 300, 480}, 4);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(img, "png", out);
        return out.toByteArray();
    }
}
