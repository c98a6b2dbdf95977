package dev.inkwell.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.inkwell.bucket.Buckets;
import dev.inkwell.core.Json;
import dev.inkwell.core.Progress;
import dev.inkwell.dataset.Datasets;
import dev.inkwell.image.GrayImage;
import dev.inkwell.image.ImageDecoder;
import dev.inkwell.monitor.report.MonitorReport;
import dev.inkwell.monitor.stats.FeatureDrift;
import dev.inkwell.testing.SharedData;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Monitoring with real data: a baseline of the bundled {@code mnist} on MNIST's test split; MNIST test images through
 * the endpoint in 20 disjoint windows of 500 (drawn at random) raise no violation; a window of Fashion-MNIST, of inverted digits and of
 * rotated digits each raise violations in their first window.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MonitorRunTest {
    private static final Logger LOG = LoggerFactory.getLogger(MonitorRunTest.class);
    private static final int WINDOWS = 20;
    private static final int PER_WINDOW = 500;
    private static final int FASHION = WINDOWS;
    private static final int INVERTED = WINDOWS + 1;
    private static final int ROTATED = WINDOWS + 2;

    @TempDir
    static Path temp;
    private Buckets buckets;
    private Baseline baseline;

    @BeforeAll
    void captureTraffic() {
        TestModels.TestModel model = TestModels.model("mnist");
        baseline = BaselineBuilder.build(model.recognizer(), Datasets.open(SharedData.mnist()).split("test"), 0, Progress.NONE);
        // shuffled (seeded): the test split is ordered by writer population (its first 5,000 images come from NIST's
        // SD-3, Census employees; the last 5,000 from SD-1, students) and in-order windows do differ in ink
        List<GrayImage> mnist = new ArrayList<>(TestModels.images(SharedData.mnist(), "test", 0, WINDOWS * PER_WINDOW));
        Collections.shuffle(mnist, new Random(20261122));
        List<List<GrayImage>> windows = new ArrayList<>();
        for (int w = 0; w < WINDOWS; w++) windows.add(mnist.subList(w * PER_WINDOW, (w + 1) * PER_WINDOW));
        windows.add(TestModels.images(SharedData.fashionMnist(), "test", 0, PER_WINDOW));
        windows.add(mnist.subList(0, PER_WINDOW).stream().map(TestModels::inverted).toList());
        windows.add(mnist.subList(PER_WINDOW, 2 * PER_WINDOW).stream().map(TestModels::rotated).toList());
        buckets = Buckets.folder(temp.resolve("buckets"));
        DriftScenario.capture(buckets, model, "mnist", 0, windows);
    }

    @AfterAll
    void close() {
        if (buckets != null) buckets.close();
    }

    private MonitorResult run(int window) {
        return MonitorRun.run(buckets, "mnist", baseline, DriftScenario.window(window));
    }

    @Test
    void theBaselineDescribesMnistThroughTheModel() {
        assertThat(baseline.statistics().itemCount()).isEqualTo(10_000);
        assertThat(baseline.statistics().feature("predicted_class").orElseThrow().categoryCounts()).hasSize(10);
        assertThat(baseline.statistics().feature("top_probability").orElseThrow().numericalStatistics().mean()).isGreaterThan(0.97);
        assertThat(baseline.constraints().monitoringConfig().distributionConstraints().comparisonThreshold()).isEqualTo(0.1);
    }

    @Test
    void mnistWindowsRaiseNoViolation() {
        int violated = 0;
        double[] worst = new double[baseline.constraints().features().size()];
        List<String> names = new ArrayList<>();
        for (int w = 0; w < WINDOWS; w++) {
            MonitorResult r = run(w);
            assertThat(r.readings()).isEqualTo(PER_WINDOW);
            assertThat(r.scan().skippedLines() + r.unusable()).isZero();
            if (r.hasViolations()) {
                violated++;
                LOG.warn("MNIST window {}: {}", w, r.violations());
            }
            names.clear();
            for (int f = 0; f < r.drifts().size(); f++) {
                worst[f] = Math.max(worst[f], r.drifts().get(f).distance());
                names.add(r.drifts().get(f).feature());
            }
        }
        StringBuilder s = new StringBuilder();
        for (int f = 0; f < names.size(); f++) s.append(String.format(Locale.ROOT, " %s=%.3f", names.get(f), worst[f]));
        LOG.info("MNIST test through mnist: {} of {} windows of {} with a violation; largest distance per feature over the windows:{}",
                violated, WINDOWS, PER_WINDOW, s);
        assertThat(violated).isZero();
    }

    @Test
    void fashionInvertedAndRotatedRaiseViolationsInTheirFirstWindow() {
        for (int w : List.of(FASHION, INVERTED, ROTATED)) {
            MonitorResult r = run(w);
            String name = w == FASHION ? "Fashion-MNIST" : w == INVERTED ? "inverted digits" : "rotated digits";
            LOG.info("{} through mnist: {} violations in the first window; distances: {}; low-confidence share {}", name, r.violations().size(),
                    r.drifts().stream().map(d -> String.format(Locale.ROOT, "%s=%.3f%s", d.feature(), d.distance(), d.violated() ? "!" : ""))
                            .collect(Collectors.joining(" ")), String.format(Locale.ROOT, "%.3f", r.lowConfidenceShare()));
            assertThat(r.readings()).isEqualTo(PER_WINDOW);
            assertThat(r.violations()).as(name).isNotEmpty().allMatch(v -> v.constraintCheckType().equals("baseline_drift_check"));
        }
        MonitorResult fashion = run(FASHION);
        assertThat(fashion.drifts().stream().filter(d -> d.feature().equals("top_probability")).map(FeatureDrift::violated).findFirst())
                .as("the model is unsure of clothes").contains(true);
        assertThat(fashion.lowConfidenceShare()).isGreaterThan(10 * run(0).lowConfidenceShare());
        MonitorResult inverted = run(INVERTED);
        assertThat(inverted.drifts().stream().filter(d -> d.feature().equals("mean_intensity")).findFirst().orElseThrow().distance()).isEqualTo(1.0);
    }

    @Test
    void aWindowSpanningHoursReadsThemAll() {
        MonitorResult r = MonitorRun.run(buckets, "mnist", baseline, new CaptureWindow(DriftScenario.window(2).since(), DriftScenario.window(4).until()));
        assertThat(r.readings()).isEqualTo(3 * PER_WINDOW);
        assertThat(r.scan().objects()).isGreaterThanOrEqualTo(3);
        assertThat(r.timeline()).hasSize(36); // three hours of 5-minute bins
        assertThat(r.timeline().stream().mapToLong(MonitorResult.TimeBin::readings).sum()).isEqualTo(3 * PER_WINDOW);
    }

    @Test
    void anEmptyWindowHasNothingToJudge() throws Exception {
        MonitorResult r = MonitorRun.run(buckets, "mnist", baseline, DriftScenario.window(100));
        assertThat(r.readings()).isZero();
        assertThat(r.violations()).isEmpty();
        assertThat(MonitorRun.run(buckets, "no-such-endpoint", baseline, DriftScenario.window(0)).readings()).isZero();
        // a schedule reports empty windows too: the files say so, without charts
        Path dir = temp.resolve("empty-report");
        MonitorReport.write(dir, r, baseline);
        JsonNode summary = Json.mapper().readTree(dir.resolve("summary.json").toFile());
        assertThat(summary.get("readings").asLong()).isZero();
        assertThat(summary.at("/latency_ms/p50").isNull()).isTrue();
        assertThat(summary.get("low_confidence_share").isNull()).isTrue();
        assertThat(dir.resolve("report.html")).isRegularFile();
        assertThat(dir.resolve("confidence.png")).doesNotExist();
    }

    @Test
    void theReportDrawsTheWindowAgainstTheBaseline() throws Exception {
        MonitorResult r = run(FASHION);
        Path dir = temp.resolve("report");
        MonitorReport.write(dir, r, baseline);
        JsonNode violations = Json.mapper().readTree(dir.resolve("constraint_violations.json").toFile());
        assertThat(violations.get("violations")).isNotEmpty();
        assertThat(violations.get("violations").get(0).fieldNames()).toIterable()
                .containsExactly("feature_name", "constraint_check_type", "description");
        assertThat(Json.mapper().readTree(dir.resolve("statistics.json").toFile()).get("dataset").get("item_count").asLong()).isEqualTo(PER_WINDOW);
        JsonNode summary = Json.mapper().readTree(dir.resolve("summary.json").toFile());
        assertThat(summary.get("readings").asLong()).isEqualTo(PER_WINDOW);
        assertThat(summary.get("drift")).hasSize(12);
        for (String png : List.of("confidence.png", "class-mix.png", "low-confidence.png", "latency.png", "captured.png")) {
            BufferedImage image = ImageDecoder.decode(Files.readAllBytes(dir.resolve(png)));
            assertThat(image.getWidth()).as(png).isGreaterThan(300);
        }
        String html = Files.readString(dir.resolve("report.html"));
        assertThat(html).contains("violation", "top_probability", "captured.png", "class-mix.png", "Low-confidence");
        assertThat(r.leastConfident()).hasSize(48);
        assertThat(r.leastConfident().getFirst().probability()).isLessThanOrEqualTo(r.leastConfident().getLast().probability());
    }
}
