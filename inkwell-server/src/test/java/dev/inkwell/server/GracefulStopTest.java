package dev.inkwell.server;

import static dev.inkwell.server.TestServer.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Stopping the server lets the request in flight finish and answers readiness with 503 meanwhile. */
class GracefulStopTest {
    @Test
    void inFlightRequestsFinishWhileReadinessSaysUnavailable() throws Exception {
        // The request in flight fetches its image from a server that answers only when the test says so: the request
        // lasts exactly as long as the test needs, however fast or loaded the machine is.
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch fetching = new CountDownLatch(1);
        HttpServer images = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        images.createContext("/7.png", exchange -> {
            fetching.countDown();
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            byte[] png = TestServer.sample(7);
            exchange.getResponseHeaders().set("Content-Type", "image/png");
            exchange.sendResponseHeaders(200, png.length);
            exchange.getResponseBody().write(png);
            exchange.close();
        });
        images.start();
        try {
            TestServer http = TestServer.start(c -> c.fetch(c.serving().fetch().allowing(List.of("127.0.0.1"), true)));
            String url = "http://127.0.0.1:" + images.getAddress().getPort() + "/7.png";
            CompletableFuture<HttpResponse<String>> slow = http.client.sendAsync(HttpRequest.newBuilder(http.uri("/v1/endpoints/default/predict"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"data\":\"" + url + "\"}")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(fetching.await(30, TimeUnit.SECONDS)).as("the server fetches the image").isTrue();
            assertThat(http.server.inFlightRequests()).isEqualTo(1);

            CompletableFuture<Void> stopping = CompletableFuture.runAsync(http::close);
            int readiness = 0;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (readiness != 503 && System.nanoTime() < deadline) readiness = http.get("/health/ready").statusCode();
            assertThat(readiness).isEqualTo(503);
            assertThat(stopping).as("stop waits for the request in flight").isNotDone();

            release.countDown();
            HttpResponse<String> answer = slow.get(30, TimeUnit.SECONDS);
            stopping.get(30, TimeUnit.SECONDS);
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
            assertThat(json(answer).get("label").asText()).isEqualTo("7");
        } finally {
            release.countDown();
            images.stop(0);
        }
    }
}
