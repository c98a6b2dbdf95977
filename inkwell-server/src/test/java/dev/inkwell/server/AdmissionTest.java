package dev.inkwell.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.inkwell.serving.ServingConfig;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/**
 * Admission by pixels through the real server: two request classes at once — a flood of 600×600 PNGs from many
 * clients and a steady stream of 28×28 ones. With room for one large picture at a time and no waiting, large requests
 * are refused with 503 and Retry-After while small ones keep getting 200 beside them; with waiting, large requests
 * sent together are all answered in turn (no timing is asserted: what counts is who is refused).
 */
class AdmissionTest {
    private static final String PREDICT = "/v1/endpoints/default/predict";

    @Test
    void aFloodOfLargePicturesIsRefusedWithRetryAfterWhileSmallOnesAreAnswered() throws Exception {
        byte[] large = canvas(600);
        // one 600×600 (360,000 px) at a time; small pictures (784 px) have a 40,000-pixel reserve the flood cannot take
        ServingConfig.Admission admission = new ServingConfig.Admission(400_000, 40_000, Duration.ofSeconds(2), Duration.ZERO);
        try (TestServer s = TestServer.start(c -> c.admission(admission))) {
            Map<Integer, AtomicInteger> largeStatus = new ConcurrentHashMap<>();
            Map<Integer, AtomicInteger> smallStatus = new ConcurrentHashMap<>();
            List<String> refusals = new ArrayList<>();
            AtomicBoolean stop = new AtomicBoolean();
            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
                List<Future<?>> flood = new ArrayList<>();
                for (int c = 0; c < 16; c++) {
                    flood.add(clients.submit(() -> {
                        // each client floods until enough refusals were seen (or the deadline), ignoring Retry-After
                        while (!stop.get() && System.nanoTime() < deadline) {
                            HttpResponse<String> r = s.post(PREDICT, "image/png", large);
                            largeStatus.computeIfAbsent(r.statusCode(), k -> new AtomicInteger()).incrementAndGet();
                            if (r.statusCode() == 503) {
                                synchronized (refusals) {
                                    refusals.add(r.headers().firstValue("Retry-After").orElse("none") + " " + r.body());
                                    if (refusals.size() >= 20 && count(smallStatus) >= 40) stop.set(true);
                                }
                            }
                        }
                        return null;
                    }));
                }
                for (int i = 0; !stop.get() && System.nanoTime() < deadline; i++) {
                    HttpResponse<String> r = s.post(PREDICT, "image/png", TestServer.sample(i % 10));
                    smallStatus.computeIfAbsent(r.statusCode(), k -> new AtomicInteger()).incrementAndGet();
                    if (r.statusCode() == 200) assertThat(TestServer.json(r).path("label").asText()).isEqualTo(Integer.toString(i % 10));
                    Thread.sleep(5);
                }
                stop.set(true);
                for (Future<?> f : flood) f.get();
            }
            assertThat(refusals).as("large requests refused (statuses %s)", largeStatus).hasSizeGreaterThanOrEqualTo(20);
            assertThat(refusals).allSatisfy(r -> assertThat(r).startsWith("2 ").contains("\"status\":503").contains("pixels"));
            assertThat(largeStatus.keySet()).as("large: admitted and answered, or refused").containsOnly(200, 503);
            assertThat(largeStatus.get(200)).as("large requests admitted one at a time").isNotNull();
            assertThat(smallStatus.keySet()).as("small requests beside the flood: %s", smallStatus).containsOnly(200);
            assertThat(count(smallStatus)).isGreaterThanOrEqualTo(40);
            String metrics = s.get("/metrics").body();
            assertThat(metrics).contains("inkwell_admission_pixels_limit 400000.0");
            long rejected = TestServer.metric(metrics, "inkwell_admission_requests_total{outcome=\"rejected\"}");
            assertThat(rejected).isEqualTo(largeStatus.get(503).get());
        }
    }

    @Test
    void largePicturesSentTogetherWaitTheirTurnInsteadOfBeingRefused() throws Exception {
        byte[] large = canvas(600);
        // room for one 600×600 at a time; the others wait (up to 60 s here: no timing is asserted) in a queue of 64
        ServingConfig.Admission admission = new ServingConfig.Admission(400_000, 40_000, Duration.ofSeconds(2), Duration.ofSeconds(60));
        try (TestServer s = TestServer.start(c -> c.admission(admission))) {
            List<Future<HttpResponse<String>>> answers = new ArrayList<>();
            try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
                for (int c = 0; c < 12; c++) answers.add(clients.submit(() -> s.post(PREDICT, "image/png", large)));
                for (int i = 0; i < 20; i++) { // small ones beside them are answered, never queued behind them
                    HttpResponse<String> r = s.post(PREDICT, "image/png", TestServer.sample(i % 10));
                    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
                }
            }
            for (Future<HttpResponse<String>> f : answers) {
                HttpResponse<String> r = f.get();
                assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
                assertThat(TestServer.json(r).path("label").asText()).isEqualTo("7");
            }
            String metrics = s.get("/metrics").body();
            assertThat(TestServer.metric(metrics, "inkwell_admission_requests_total{outcome=\"rejected\"}")).isZero();
            assertThat(TestServer.metric(metrics, "inkwell_admission_requests_total{outcome=\"admitted\"}")).isEqualTo(32);
            assertThat(TestServer.metric(metrics, "inkwell_admission_waiting_requests")).isZero();
        }
    }

    @Test
    void turnedOffEveryRequestIsAdmittedAndNoAdmissionMetricIsShown() throws Exception {
        try (TestServer s = TestServer.start(c -> c.admission(ServingConfig.Admission.off()))) {
            assertThat(s.post(PREDICT, "image/png", canvas(600)).statusCode()).isEqualTo(200);
            assertThat(s.get("/metrics").body()).doesNotContain("inkwell_admission_");
        }
    }

    @Test
    void aPictureLargerThanTheLargeShareStillRunsAlone() throws Exception {
        ServingConfig.Admission admission = new ServingConfig.Admission(100_000, 10_000, Duration.ofSeconds(1), Duration.ZERO);
        try (TestServer s = TestServer.start(c -> c.admission(admission))) {
            HttpResponse<String> r = s.send(HttpRequest.newBuilder(s.uri(PREDICT)).header("Content-Type", "image/png")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(canvas(600))));
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        }
    }

    private static int count(Map<Integer, AtomicInteger> statuses) {
        return statuses.values().stream().mapToInt(AtomicInteger::get).sum();
    }

    /** A 600×600 canvas PNG with a stroked 7, as the web page sends. */
    private static byte[] canvas(int size) throws IOException {
        BufferedImage img = new BufferedImage(size, size, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = img.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, size, size);
        g.setColor(Color.BLACK);
        g.setStroke(new BasicStroke(size / 20f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        int s = size;
        g.drawPolyline(new int[] {s * 3 / 10, s * 7 / 10, s * 6 / 10, s * 42 / 100}, new int[] {s * 23 / 100, s * 23 / 100, s / 2, s * 8 / 10}, 4);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(img, "png", out);
        return out.toByteArray();
    }
}
