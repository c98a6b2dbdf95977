package dev.inkwell.server;

import static dev.inkwell.server.TestServer.json;
import static dev.inkwell.server.TestServer.sample;
import static org.assertj.core.api.Assertions.assertThat;

import dev.inkwell.serving.ServingConfig;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/**
 * Thousands of random and mutated bodies (images, JSON, CSV, multipart) with right and wrong Content-Types, sent to
 * every prediction route of a running server on 127.0.0.1: not one may get a 5xx, and the server must still answer
 * correctly afterwards. Bounded in count and in time.
 */
class HostileInputTest {
    private static final int REQUESTS = 3000;
    private static final Duration TIME_BOUND = Duration.ofSeconds(120);
    private static final List<String> ROUTES = List.of("/v1/endpoints/default/predict", "/v1/endpoints/default/predict?debug=true",
            "/predict", "/mnistpredict", "/invocations", "/endpoints/default/invocations");
    private static final List<String> TYPES = List.of("image/png", "image/jpeg", "image/gif", "image/bmp", "application/x-image",
            "application/octet-stream", "application/json", "text/csv", "multipart/form-data; boundary=XyZ", "multipart/form-data",
            "text/plain", "application/x-www-form-urlencoded", "image/svg+xml", "text/html", "application/xml", "", "image/png; charset=utf-8",
            "application/json; charset=latin1", "multipart/mixed; boundary=a");

    private final Random random = new Random(20241122);
    private final List<byte[]> images = new ArrayList<>();
    private final List<byte[]> texts = new ArrayList<>();

    @Test
    void noMutatedBodyCausesA5xxAndTheServerSurvives() throws Exception {
        seeds();
        List<HttpRequest.Builder> requests = new ArrayList<>(REQUESTS);
        try (TestServer http = TestServer.start(c -> c.limits(new ServingConfig.Limits(256 * 1024, 4_000_000, 32)))) {
            for (int i = 0; i < REQUESTS; i++) requests.add(hostileRequest(http));
            Map<Integer, LongAdder> statuses = new ConcurrentHashMap<>();
            ConcurrentLinkedQueue<String> serverErrors = new ConcurrentLinkedQueue<>();
            AtomicInteger sent = new AtomicInteger();
            long deadline = System.nanoTime() + TIME_BOUND.toNanos();
            try (ExecutorService clients = Executors.newFixedThreadPool(8, Thread.ofVirtual().factory())) {
                for (HttpRequest.Builder request : requests) {
                    clients.submit(() -> {
                        if (System.nanoTime() > deadline) return;
                        HttpResponse<String> r = http.send(request);
                        sent.incrementAndGet();
                        statuses.computeIfAbsent(r.statusCode(), s -> new LongAdder()).increment();
                        if (r.statusCode() >= 500 && serverErrors.size() < 5) serverErrors.add(r.statusCode() + " " + r.body());
                    });
                }
                clients.shutdown();
                assertThat(clients.awaitTermination(TIME_BOUND.toSeconds() + 30, TimeUnit.SECONDS)).isTrue();
            }
            assertThat(serverErrors).as("5xx answers; statuses " + statuses).isEmpty();
            assertThat(sent.get()).as("requests sent within the time bound").isGreaterThan(REQUESTS / 2);
            assertThat(statuses.keySet()).as("statuses").allSatisfy(s -> assertThat(s).isIn(200, 400, 413, 415));
            assertThat(statuses).containsKeys(200, 400, 413, 415);
            // still alive, still right
            assertThat(http.get("/health/ready").statusCode()).isEqualTo(200);
            assertThat(json(http.post("/v1/endpoints/default/predict", "image/png", sample(7))).get("label").asText()).isEqualTo("7");
        }
    }

    private HttpRequest.Builder hostileRequest(TestServer http) {
        String route = ROUTES.get(random.nextInt(ROUTES.size()));
        byte[] body = switch (random.nextInt(6)) {
            case 0, 1 -> mutate(images.get(random.nextInt(images.size())));
            case 2, 3 -> mutate(texts.get(random.nextInt(texts.size())));
            case 4 -> mutate(multipart(images.get(random.nextInt(images.size()))));
            default -> randomBytes();
        };
        String type = random.nextInt(3) == 0 ? TYPES.get(random.nextInt(TYPES.size())) : guessType(body);
        HttpRequest.Builder b = HttpRequest.newBuilder(http.uri(route)).POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (!type.isEmpty()) b.header("Content-Type", type);
        if (random.nextInt(4) == 0) b.header("Accept", "text/csv");
        return b;
    }

    private String guessType(byte[] body) {
        if (body.length > 2 && body[0] == '-' && body[1] == '-') return "multipart/form-data; boundary=XyZ";
        if (body.length > 0 && (body[0] == '{' || body[0] == '[')) return "application/json";
        if (body.length > 0 && Character.isDigit(body[0])) return "text/csv";
        return "image/png";
    }

    private byte[] mutate(byte[] seed) {
        byte[] b = seed.clone();
        switch (random.nextInt(7)) {
            case 0 -> { // flip a few bytes
                for (int i = 0, n = 1 + random.nextInt(8); i < n && b.length > 0; i++) b[random.nextInt(b.length)] ^= (byte) (1 << random.nextInt(8));
            }
            case 1 -> b = Arrays.copyOf(b, random.nextInt(Math.max(1, b.length))); // truncate
            case 2 -> { // splice a chunk in again, growing the body
                int from = random.nextInt(Math.max(1, b.length));
                int len = Math.min(b.length - from, 1 + random.nextInt(512));
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                out.write(b, 0, from);
                for (int r = 0, n = 1 + random.nextInt(200); r < n; r++) out.write(b, from, Math.max(0, len));
                out.write(b, from, b.length - from);
                b = out.toByteArray();
            }
            case 3 -> { // lie about the size in a PNG header (IHDR width/height)
                if (b.length > 24) {
                    b[16] = (byte) random.nextInt(256);
                    b[20] = (byte) random.nextInt(256);
                }
            }
            case 4 -> { // overwrite a span with random bytes
                if (b.length > 0) {
                    int at = random.nextInt(b.length);
                    for (int i = at; i < Math.min(b.length, at + 1 + random.nextInt(64)); i++) b[i] = (byte) random.nextInt(256);
                }
            }
            case 5 -> { // pad far beyond the body cap
                b = Arrays.copyOf(b, 256 * 1024 + 1 + random.nextInt(1024));
            }
            default -> { } // the untouched seed
        }
        return b;
    }

    private byte[] randomBytes() {
        byte[] b = new byte[random.nextInt(4096)];
        random.nextBytes(b);
        return b;
    }

    private byte[] multipart(byte[] file) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes("--XyZ\r\nContent-Disposition: form-data; name=\"image\"; filename=\"d.png\"\r\nContent-Type: image/png\r\n\r\n"
                .getBytes(StandardCharsets.UTF_8));
        out.writeBytes(file);
        out.writeBytes("\r\n--XyZ--\r\n".getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    private void seeds() throws IOException {
        for (int d = 0; d <= 9; d++) images.add(sample(d));
        BufferedImage rgb = new BufferedImage(28, 28, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = rgb.createGraphics();
        g.drawImage(ImageIO.read(new ByteArrayInputStream(sample(3))), 0, 0, null);
        g.dispose();
        for (String format : List.of("jpeg", "gif", "bmp")) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageIO.write(rgb, format, out);
            images.add(out.toByteArray());
        }
        String b64 = Base64.getEncoder().encodeToString(sample(5));
        StringBuilder pixels = new StringBuilder();
        for (int i = 0; i < 784; i++) pixels.append(i == 0 ? "" : ",").append((i * 37) % 256);
        texts.add(("{\"image\":\"" + b64 + "\"}").getBytes(StandardCharsets.UTF_8));
        texts.add(("{\"image_data\":\"" + b64 + "\",\"s3_bucket\":\"x\"}").getBytes(StandardCharsets.UTF_8));
        texts.add(("{\"pixels\":[" + pixels + "]}").getBytes(StandardCharsets.UTF_8));
        texts.add(("[{\"pixels\":[" + pixels + "]},{\"image\":\"" + b64 + "\"}]").getBytes(StandardCharsets.UTF_8));
        texts.add(Files.readAllBytes(TestServer.kaggleRow()));
        texts.add((pixels + "\n" + pixels + "\n").getBytes(StandardCharsets.UTF_8));
        texts.add(("{\"data\":\"https://127.0.0.1/x.png\"}").getBytes(StandardCharsets.UTF_8));
        texts.add(("[" + "[".repeat(3000) + "]".repeat(3000) + "]").getBytes(StandardCharsets.UTF_8));
        texts.add(("{\"pixels\":[" + "1e308,".repeat(783) + "-0]}").getBytes(StandardCharsets.UTF_8));
    }

}
