package dev.inkwell.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.inkwell.bucket.Buckets;
import dev.inkwell.dataset.Datasets;
import dev.inkwell.dataset.Sample;
import dev.inkwell.dataset.SampleReader;
import dev.inkwell.image.GrayImage;
import dev.inkwell.inference.OnnxImageClassifier;
import dev.inkwell.model.ModelFiles;
import dev.inkwell.model.ModelResolvers;
import dev.inkwell.monitor.capture.CaptureOptions;
import dev.inkwell.monitor.capture.CaptureWriter;
import dev.inkwell.preprocess.PreprocessOptions;
import dev.inkwell.recognition.Recognizer;
import dev.inkwell.registry.endpoint.CaptureSettings;
import dev.inkwell.serving.PredictionEvent;
import dev.inkwell.serving.endpoint.ResolvedModel;
import dev.inkwell.serving.input.PredictInput;
import dev.inkwell.testing.SharedData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * inkwell monitor baseline and run as a user types them: a baseline of mnist-compact on MNIST, traffic captured by
 * the real capture writer into a folder bucket (an hour of MNIST digits, an hour of Fashion-MNIST clothes), then runs
 * over each hour.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MonitorCommandsTest {
    private static final String MNIST_HOUR = "2026-11-23T10:00:00Z";
    private static final String FASHION_HOUR = "2026-11-23T11:00:00Z";

    @TempDir
    static Path temp;
    private Path baseline;
    private String buckets;

    @BeforeAll
    void baselineAndTraffic() {
        baseline = temp.resolve("baseline");
        CliTest.Result r = CliTest.run("monitor", "baseline", "--model", "mnist-compact", "--data", SharedData.mnist().toString(),
                "--limit", "2000", "--out", baseline.toString());
        assertThat(r.code()).as(r.err()).isZero();
        buckets = temp.resolve("buckets").toString();
        List<GrayImage> digits = new ArrayList<>(images(SharedData.mnist(), 2000));
        Collections.shuffle(digits, new Random(11)); // traffic drawn from what the baseline saw
        capture(digits.subList(0, 300), Instant.parse(MNIST_HOUR));
        capture(images(SharedData.fashionMnist(), 300), Instant.parse(FASHION_HOUR));
    }

    private static List<GrayImage> images(Path dataset, int count) {
        List<GrayImage> out = new ArrayList<>();
        try (SampleReader r = Datasets.open(dataset).split("test").open()) {
            for (Sample s = r.next(); s != null && out.size() < count; s = r.next()) {
                float[] px = new float[s.pixels().length];
                for (int i = 0; i < px.length; i++) px[i] = s.pixels()[i] & 0xff;
                out.add(new GrayImage(28, 28, px));
            }
        }
        return out;
    }

    /** Requests of ten pixel rows each, read by mnist-compact and captured as serving would. */
    private void capture(List<GrayImage> images, Instant hour) {
        ModelFiles files = ModelResolvers.defaults().resolve("mnist-compact");
        try (OnnxImageClassifier classifier = OnnxImageClassifier.load(files, 1);
             Buckets b = Buckets.folder(Path.of(buckets));
             CaptureWriter writer = CaptureWriter.start(b, CaptureOptions.defaults())) {
            Recognizer recognizer = new Recognizer(classifier, PreprocessOptions.DEFAULT);
            ResolvedModel model = new ResolvedModel("bundled:mnist-compact", "mnist-compact", classifier.card().version(), "sha", files);
            CaptureSettings capture = new CaptureSettings(100, "s3://captures/");
            for (int i = 0; i < images.size(); i += 10) {
                List<GrayImage> batch = images.subList(i, Math.min(images.size(), i + 10));
                List<PredictInput> inputs = batch.stream().map(g -> (PredictInput) new PredictInput.ModelPixels(g, "row")).toList();
                writer.onPrediction(new PredictionEvent("digits", "primary", model, false, inputs, recognizer.recognizeModelInputs(batch),
                        List.of(), capture, hour.plusSeconds(i), 2_000_000));
            }
        }
    }

    private CliTest.Result run(String... args) {
        return CliTest.run(CliTest.concat(new String[] {"monitor", "run"}, CliTest.concat(args, "--buckets", buckets)));
    }

    @Test
    void baselineWritesModelMonitorsFiles() throws Exception {
        assertThat(baseline.resolve("statistics.json")).isRegularFile();
        assertThat(baseline.resolve("constraints.json")).isRegularFile();
        JsonNode stats = JsonOutput.mapper().readTree(baseline.resolve("statistics.json").toFile());
        assertThat(stats.at("/dataset/item_count").asLong()).isEqualTo(2000);

        Path other = temp.resolve("baseline-json");
        CliTest.Result r = CliTest.run("monitor", "baseline", "--model", "mnist-compact", "--data", SharedData.mnist().toString(),
                "--split", "train", "--limit", "300", "--out", other.toString(), "--json");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode json = r.json();
        assertThat(json.get("split").asText()).isEqualTo("train");
        assertThat(json.get("items").asLong()).isEqualTo(300);
        assertThat(json.get("means").get("top_probability").asDouble()).isGreaterThan(0.9);

        CliTest.Result text = CliTest.run("monitor", "baseline", "--model", "mnist-compact", "--data", SharedData.mnist().toString(),
                "--limit", "100", "--out", temp.resolve("baseline-text").toString());
        assertThat(text.out()).startsWith("baseline of mnist-compact on ").contains("(test split, 100 images)").contains("top_probability");
    }

    @Test
    void digitsLikeTheBaselineRaiseNoViolation() throws Exception {
        CliTest.Result json = run("--endpoint", "digits", "--baseline", baseline.toString(), "--since", MNIST_HOUR, "--until", "2026-11-23T11:00:00Z",
                "--json", "--fail-on-violations");
        assertThat(json.code()).as(json.err()).isZero();
        assertThat(json.json().get("violations")).isEmpty();

        CliTest.Result text = run("--endpoint", "digits", "--baseline", baseline.toString(), "--since", "1h", "--until", "2026-11-23T11:00:00Z");
        assertThat(text.code()).as(text.err()).isZero();
        assertThat(text.out()).contains("endpoint digits: 300 readings").contains("top_probability").contains("no violations");
    }

    @Test
    void clothesRaiseViolationsWrittenToTheReport() throws Exception {
        Path report = temp.resolve("report");
        CliTest.Result json = run("--endpoint", "digits", "--baseline", baseline.toString(), "--since", FASHION_HOUR, "--until", "2026-11-23T12:00:00Z",
                "--json", "--report", report.toString());
        assertThat(json.code()).as(json.err()).isZero();
        JsonNode violations = json.json().get("violations");
        assertThat(violations).isNotEmpty();
        assertThat(violations.get(0).get("constraint_check_type").asText()).isEqualTo("baseline_drift_check");
        assertThat(JsonOutput.mapper().readTree(report.resolve("constraint_violations.json").toFile())).isEqualTo(json.json());
        assertThat(report.resolve("report.html")).isRegularFile();
        assertThat(report.resolve("captured.png")).isRegularFile();
        assertThat(Files.readString(report.resolve("report.html"))).contains("violations");

        CliTest.Result failing = run("--endpoint", "digits", "--baseline", baseline.toString(), "--since", FASHION_HOUR, "--until", "PT0S",
                "--fail-on-violations");
        assertThat(failing.code()).as(failing.err()).isEqualTo(MonitorRunCommand.VIOLATIONS);
        assertThat(failing.out()).contains("violations:").contains("baseline_drift_check").contains("DRIFT");
    }

    @Test
    void mistakesGiveOneClearLine() {
        CliTest.Result none = run("--endpoint", "nobody", "--baseline", baseline.toString(), "--since", MNIST_HOUR, "--until", FASHION_HOUR);
        assertThat(none.code()).isEqualTo(1);
        assertThat(none.err()).startsWith("inkwell: no captures of endpoint nobody from 2026-11-23T10:00:00Z to 2026-11-23T11:00:00Z in s3://captures/");
        assertThat(none.err().lines()).hasSize(1);

        CliTest.Result missing = run("--endpoint", "digits", "--baseline", temp.resolve("no-baseline").toString());
        assertThat(missing.code()).isEqualTo(1);
        assertThat(missing.err()).contains("statistics.json: no such file");

        CliTest.Result badSince = run("--endpoint", "digits", "--baseline", baseline.toString(), "--since", "yesterday");
        assertThat(badSince.code()).isEqualTo(2);
        assertThat(badSince.err()).contains("--since yesterday: not an ISO time");

        CliTest.Result backwards = run("--endpoint", "digits", "--baseline", baseline.toString(), "--since", FASHION_HOUR, "--until", MNIST_HOUR);
        assertThat(backwards.code()).isEqualTo(2);

        CliTest.Result badDestination = run("--endpoint", "digits", "--baseline", baseline.toString(), "--destination", "captures");
        assertThat(badDestination.code()).isEqualTo(2);
        assertThat(badDestination.err()).contains("expected s3://BUCKET/PREFIX");

        CliTest.Result noData = CliTest.run("monitor", "baseline", "--data", temp.resolve("nothing").toString(), "--out", temp.resolve("x").toString());
        assertThat(noData.code()).isEqualTo(1);
        assertThat(noData.err().lines()).hasSize(1);
    }
}
