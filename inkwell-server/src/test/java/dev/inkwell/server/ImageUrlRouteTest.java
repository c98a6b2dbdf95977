package dev.inkwell.server;

import static dev.inkwell.server.TestServer.json;
import static dev.inkwell.server.TestServer.sample;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Seed 000's {"data": url} body on its /mnistpredict route, fetched from a real (allow-listed) origin. */
class ImageUrlRouteTest {
    @Test
    void fetchesTheImageUrlAndRefusesPrivateTargetsByDefault() throws IOException {
        HttpServer origin = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        origin.createContext("/IMG_0502.PNG", ex -> {
            byte[] png = sample(6);
            ex.getResponseHeaders().add("Content-Type", "image/png");
            ex.sendResponseHeaders(200, png.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(png);
            }
        });
        origin.start();
        String url = "http://127.0.0.1:" + origin.getAddress().getPort() + "/IMG_0502.PNG";
        try (TestServer allowing = TestServer.start(c -> c.fetch(c.serving().fetch().allowing(List.of("127.0.0.1"), true)));
             TestServer strict = TestServer.start()) {
            HttpResponse<String> r = allowing.post("/mnistpredict", "application/json", "{\"data\": \"" + url + "\"}");
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            assertThat(json(r).get("label").asText()).isEqualTo("6");
            assertThat(json(r).at("/timing/fetch_ms").asDouble()).isPositive();

            HttpResponse<String> refused = strict.post("/mnistpredict", "application/json", "{\"data\": \"" + url + "\"}");
            assertThat(refused.statusCode()).isEqualTo(400);
            assertThat(json(refused).at("/error/message").asText()).contains("only https://");
            HttpResponse<String> loopback = strict.post("/mnistpredict", "application/json",
                    "{\"data\": \"https://127.0.0.1:" + origin.getAddress().getPort() + "/IMG_0502.PNG\"}");
            assertThat(json(loopback).at("/error/message").asText()).contains("loopback");
            assertThat(strict.get("/metrics").body()).contains("inkwell_image_fetches_total{outcome=\"refused_or_failed\"}");
        } finally {
            origin.stop(0);
        }
    }

    @Test
    void theUrlsOfABatchAreFetchedAtOnce() throws Exception {
        // Each answer waits until all three requests have arrived: fetched one after another, the first would fail.
        CountDownLatch arrived = new CountDownLatch(3);
        HttpServer origin = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        origin.setExecutor(Executors.newCachedThreadPool());
        origin.createContext("/", ex -> {
            arrived.countDown();
            boolean together;
            try {
                together = arrived.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                together = false;
            }
            int digit = ex.getRequestURI().getPath().charAt(1) - '0';
            byte[] png = together ? sample(digit) : new byte[0];
            ex.getResponseHeaders().add("Content-Type", "image/png");
            ex.sendResponseHeaders(together ? 200 : 503, together ? png.length : -1);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(png);
            }
        });
        origin.start();
        String base = "http://127.0.0.1:" + origin.getAddress().getPort() + "/";
        try (TestServer http = TestServer.start(c -> c.fetch(c.serving().fetch().allowing(List.of("127.0.0.1"), true)))) {
            HttpResponse<String> r = http.post("/v1/endpoints/default/predict", "application/json",
                    "[{\"data\": \"" + base + "3.png\"}, {\"data\": \"" + base + "5.png\"}, {\"data\": \"" + base + "8.png\"}]");
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            assertThat(json(r).get("predictions")).extracting(p -> p.get("label").asText()).containsExactly("3", "5", "8");
        } finally {
            origin.stop(0);
            ((ExecutorService) origin.getExecutor()).shutdownNow();
        }
    }
}
