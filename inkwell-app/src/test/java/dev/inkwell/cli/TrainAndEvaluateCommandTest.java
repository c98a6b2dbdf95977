package dev.inkwell.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.inkwell.inference.ModelCards;
import dev.inkwell.model.BundledModels;
import dev.inkwell.model.ModelFiles;
import dev.inkwell.testing.SharedData;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainAndEvaluateCommandTest {
    static final String MNIST = SharedData.mnist().toString();

    @Test
    void trainsAModelFolderThatEvaluateReadsBack(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("tiny");
        CliTest.Result train = CliTest.run("train", "--data", MNIST, "--arch", "compact", "--epochs", "2", "--limit", "800",
                "--batch-size", "32", "--seed", "5", "--out", out.toString(), "--json");
        assertThat(train.code()).as(train.err()).isZero();
        JsonNode result = JsonOutput.mapper().readTree(train.out());
        double accuracy = result.get("accuracy").asDouble();
        assertThat(accuracy).isGreaterThan(0.5);
        assertThat(result.at("/card/schemaVersion").asInt()).isEqualTo(2);
        assertThat(result.at("/card/model/parameterCount").asLong()).isEqualTo(9_698); // compact: under 10,000
        JsonNode calibration = result.at("/card/calibration"); // calibrated on the 80 validation images
        assertThat(calibration.get("temperature").asDouble()).isPositive();
        assertThat(calibration.get("logLossAfter").asDouble()).isLessThanOrEqualTo(calibration.get("logLossBefore").asDouble());
        for (String f : new String[] {"model.onnx", "model.card.json", "history.json", "training-curves.png", "test-metrics.json",
                "test-report.txt", "test-confusion.png", "test-mistakes.png", "checkpoints/checkpoint.json"}) {
            assertThat(out.resolve(f)).isRegularFile();
        }
        assertThat(Files.list(out).filter(p -> p.getFileName().toString().endsWith(".part"))).isEmpty();

        Path report = dir.resolve("report");
        CliTest.Result eval = CliTest.run("evaluate", "--model", out.resolve("model.onnx").toString(), "--data", MNIST,
                "--limit", "800", "--report", report.toString(), "--json");
        assertThat(eval.code()).as(eval.err()).isZero();
        JsonNode metrics = JsonOutput.mapper().readTree(eval.out());
        assertThat(metrics.get("count").asInt()).isEqualTo(800);
        // ONNX Runtime on the exported file agrees with what training measured in DJL
        assertThat(metrics.get("accuracy").asDouble()).isEqualTo(accuracy);
        assertThat(metrics.get("perClass")).hasSize(10);
        assertThat(report.resolve("confusion.png")).isRegularFile();
        assertThat(report.resolve("mistakes.png")).isRegularFile();

        CliTest.Result text = CliTest.run("evaluate", "--model", out.toString(), "--data", MNIST, "--limit", "100");
        assertThat(text.code()).isZero();
        assertThat(text.out()).contains("accuracy").contains("confusion matrix");

        Path tuned = dir.resolve("tuned");
        CliTest.Result finetune = CliTest.run("finetune", "--base", out.toString(), "--data", SharedData.handwritten28px().toString(),
                "--replay", MNIST, "--replay-count", "400", "--eval-limit", "300", "--epochs", "1", "--out", tuned.toString(), "--json");
        assertThat(finetune.code()).as(finetune.err()).isZero();
        JsonNode ft = JsonOutput.mapper().readTree(finetune.out());
        assertThat(ft.get("userSamples").asInt()).isEqualTo(10);
        assertThat(ft.get("originalTestCount").asInt()).isEqualTo(300);
        assertThat(ft.get("accuracy").asDouble()).isBetween(0.0, 1.0);
        assertThat(tuned.resolve("model.onnx")).isRegularFile();
        assertThat(tuned.resolve("model.params")).isRegularFile();
        CliTest.Result evalTuned = CliTest.run("evaluate", "--model", tuned.toString(), "--data", MNIST, "--limit", "300", "--json");
        assertThat(JsonOutput.mapper().readTree(evalTuned.out()).get("accuracy").asDouble()).isEqualTo(ft.get("accuracy").asDouble());
    }

    /**
     * CIFAR-10 binary batches (planar R, G, B) whose class is where the red is: left half (0) or right half (1), green
     * and blue random. A channel or plane mix-up anywhere between training, export and ONNX Runtime moves the red.
     */
    private static void writeRedHalves(Path file, int count, long seed) throws IOException {
        Random r = new Random(seed);
        byte[] out = new byte[count * 3073];
        for (int n = 0; n < count; n++) {
            int label = n % 2;
            int at = n * 3073;
            out[at] = (byte) label;
            for (int c = 0; c < 3; c++) {
                for (int y = 0; y < 32; y++) {
                    for (int x = 0; x < 32; x++) {
                        boolean red = c == 0 && (x < 16) == (label == 0);
                        out[at + 1 + c * 1024 + y * 32 + x] = (byte) (red ? 150 + r.nextInt(100) : r.nextInt(120));
                    }
                }
            }
        }
        Files.write(file, out);
    }

    @Test
    void rgbModelsTrainAndEvaluateInColour(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("cifar");
        Files.createDirectories(data);
        writeRedHalves(data.resolve("data_batch_1.bin"), 400, 1);
        writeRedHalves(data.resolve("test_batch.bin"), 200, 2);
        Path out = dir.resolve("rgb");
        CliTest.Result train = CliTest.run("train", "--data", data.toString(), "--arch", "compact", "--epochs", "2",
                "--batch-size", "32", "--seed", "4", "--no-augment", "--out", out.toString(), "--json");
        assertThat(train.code()).as(train.err()).isZero();
        JsonNode t = train.json();
        assertThat(t.at("/card/input/channels").asInt()).isEqualTo(3);
        assertThat(t.get("accuracy").asDouble()).isGreaterThan(0.9);

        Path report = dir.resolve("report");
        CliTest.Result eval = CliTest.run("evaluate", "--model", out.toString(), "--data", data.toString(),
                "--report", report.toString(), "--json");
        assertThat(eval.code()).as(eval.err()).isZero();
        assertThat(eval.json().get("count").asInt()).isEqualTo(200);
        assertThat(eval.json().get("accuracy").asDouble()).isEqualTo(t.get("accuracy").asDouble()); // ONNX Runtime = DJL
        assertThat(ImageIO.read(report.resolve("mistakes.png").toFile())).isNotNull();
    }

    @Test
    void bundledModelsEvaluateByNameAndFineTuneFromTheirParameters(@TempDir Path dir) throws Exception {
        CliTest.Result eval = CliTest.run("evaluate", "--model", "mnist-compact", "--data", MNIST, "--limit", "1000", "--json");
        assertThat(eval.code()).as(eval.err()).isZero();
        assertThat(JsonOutput.mapper().readTree(eval.out()).get("accuracy").asDouble()).isGreaterThan(0.98);

        // the bundled compact model is calibrated (temperature folded into its last layer): fine-tuning starts from the
        // logits it was trained with and puts the calibration back, so MNIST does not drop (it fell ~1 point before)
        CliTest.Result tuned = CliTest.run("finetune", "--base", "mnist-compact", "--data", SharedData.handwritten28px().toString(),
                "--replay", MNIST, "--eval-limit", "2000", "--out", dir.toString(), "--json");
        assertThat(tuned.code()).as(tuned.err()).isZero();
        JsonNode ft = JsonOutput.mapper().readTree(tuned.out());
        assertThat(ft.get("originalAccuracyBefore").asDouble()).isGreaterThan(0.98);
        assertThat(ft.get("accuracy").asDouble()).isGreaterThanOrEqualTo(ft.get("originalAccuracyBefore").asDouble() - 0.002);
        var base = ModelCards.parse(BundledModels.file("mnist-compact", ModelFiles.CARD), "bundled");
        var card = ModelCards.read(dir.resolve(ModelFiles.CARD));
        assertThat(base.temperature()).isNotEqualTo(1.0);
        assertThat(card.temperature()).isEqualTo(base.temperature());
    }

    @Test
    void fineTuningNeedsATrainedModelFolder(@TempDir Path dir) throws Exception {
        Files.copy(SharedData.mnist8Onnx(), dir.resolve("model.onnx"));
        CliTest.Result r = CliTest.run("finetune", "--base", dir.toString(), "--data", SharedData.handwritten28px().toString(),
                "--out", dir.resolve("out").toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("model.params");
        assertUsage(CliTest.run("finetune", "--data", MNIST, "--out", dir.toString(), "--user-share", "0"), "user share");

        // a model folder from a build whose 'standard' was the 585,130-parameter design: a clear error, not a shape mismatch
        Path old = dir.resolve("old-standard");
        Files.createDirectories(old);
        String card = new String(BundledModels.file("mnist", ModelFiles.CARD), StandardCharsets.UTF_8);
        Files.writeString(old.resolve("model.card.json"), card.replace("\"parameterCount\" : 222810", "\"parameterCount\" : 585130"));
        Files.write(old.resolve("model.params"), BundledModels.file("mnist", ModelFiles.PARAMS));
        CliTest.Result stale = CliTest.run("finetune", "--base", old.toString(), "--data", SharedData.handwritten28px().toString(),
                "--out", dir.resolve("out2").toString());
        assertThat(stale.code()).isEqualTo(1);
        assertThat(stale.err()).contains("585130 parameters").contains("--arch wide");
    }

    @Test
    void badArgumentsAreUsageErrors(@TempDir Path dir) {
        String out = dir.resolve("m").toString();
        assertUsage(CliTest.run("train", "--out", out), "--data");
        assertUsage(CliTest.run("train", "--data", MNIST, "--out", out, "--epochs", "0"), "epochs must be");
        assertUsage(CliTest.run("train", "--data", MNIST, "--out", out, "--elastic", "--no-augment"), "contradict");
        assertUsage(CliTest.run("train", "--data", MNIST, "--out", out, "--arch", "huge"), "unknown architecture 'huge', expected one of compact, standard, wide");
        assertUsage(CliTest.run("train", "--data", MNIST, "--out", out, "--val-split", "1.5"), "validation split");
        assertUsage(CliTest.run("train", "--data", MNIST, "--out", out, "--schedule", "step"), "unknown schedule");
        assertUsage(CliTest.run("train", "--data", MNIST, "--out", out, "--lr", "-1"), "learning rate");
        assertUsage(CliTest.run("train", "--data", MNIST, "--out", out, "--epochs", "many"), "--epochs");
        assertUsage(CliTest.run("evaluate", "--data", MNIST, "--limit", "-3"), "--limit");
    }

    @Test
    void missingDataOrCheckpointsAreClearFailures(@TempDir Path dir) {
        CliTest.Result missing = CliTest.run("train", "--data", dir.resolve("nowhere").toString(), "--out", dir.resolve("m").toString());
        assertThat(missing.code()).isEqualTo(1);
        assertThat(missing.err()).contains("nowhere").contains("no such file or folder");

        CliTest.Result labels = CliTest.run("train", "--data", SharedData.mnist().resolve("train-labels-idx1-ubyte.gz").toString(),
                "--out", dir.resolve("m").toString());
        assertThat(labels.code()).isEqualTo(1);
        assertThat(labels.err()).contains("labels file");

        CliTest.Result resume = CliTest.run("train", "--data", MNIST, "--out", dir.resolve("fresh").toString(), "--resume");
        assertThat(resume.code()).isEqualTo(1);
        assertThat(resume.err()).contains("nothing to resume");

        CliTest.Result model = CliTest.run("evaluate", "--model", dir.resolve("none.onnx").toString(), "--data", MNIST);
        assertThat(model.code()).isEqualTo(1);
        assertThat(model.err()).contains("none.onnx").contains("not found");
    }

    @Test
    void calibrateRebuildsTheValidationSplitAndMatchesCalibrationDuringTraining(@TempDir Path dir) throws Exception {
        String[] common = {"train", "--data", MNIST, "--arch", "compact", "--epochs", "1", "--limit", "600", "--batch-size", "32",
                "--seed", "9", "--json"};
        CliTest.Result calibrated = CliTest.run(CliTest.concat(common, "--out", dir.resolve("on").toString()));
        CliTest.Result raw = CliTest.run(CliTest.concat(common, "--out", dir.resolve("off").toString(), "--no-calibrate"));
        assertThat(calibrated.code()).as(calibrated.err()).isZero();
        assertThat(raw.code()).as(raw.err()).isZero();
        assertThat(JsonOutput.mapper().readTree(raw.out()).at("/card/model").has("name")).isTrue();
        assertThat(JsonOutput.mapper().readTree(raw.out()).at("/card").has("calibration")).isFalse();
        double during = JsonOutput.mapper().readTree(calibrated.out()).at("/card/calibration/temperature").asDouble();

        CliTest.Result after = CliTest.run("calibrate", "--model", dir.resolve("off").toString(), "--data", MNIST,
                "--out", dir.resolve("later").toString(), "--json");
        assertThat(after.code()).as(after.err()).isZero();
        JsonNode json = JsonOutput.mapper().readTree(after.out());
        assertThat(json.get("temperature").asDouble()).isCloseTo(during, org.assertj.core.api.Assertions.within(1e-6));
        assertThat(json.get("validationLogLoss").asDouble()).isLessThanOrEqualTo(json.get("validationLogLossUncalibrated").asDouble());
        String rawVersion = JsonOutput.mapper().readTree(raw.out()).at("/card/model/version").asText();
        assertThat(rawVersion).isNotBlank();
        assertThat(json.at("/card/training/parent/version").asText()).isEqualTo(rawVersion);
        assertThat(json.at("/card/training/source").asText()).isEqualTo("calibrate");
        // same predictions through ONNX Runtime, calibrated or not
        double before = JsonOutput.mapper().readTree(CliTest.run("evaluate", "--model", dir.resolve("off").toString(), "--data", MNIST,
                "--limit", "300", "--json").out()).get("accuracy").asDouble();
        double later = JsonOutput.mapper().readTree(CliTest.run("evaluate", "--model", dir.resolve("later").toString(), "--data", MNIST,
                "--limit", "300", "--json").out()).get("accuracy").asDouble();
        assertThat(later).isEqualTo(before);

        CliTest.Result otherData = CliTest.run("calibrate", "--model", dir.resolve("off").toString(), "--data",
                SharedData.fashionMnist().toString(), "--out", dir.resolve("x").toString());
        assertThat(otherData.code()).isEqualTo(1);
        assertThat(otherData.err()).contains("is not the data");
        CliTest.Result noSplit = CliTest.run(CliTest.concat(common, "--out", dir.resolve("all").toString(), "--val-split", "0"));
        assertThat(noSplit.code()).as(noSplit.err()).isZero();
        CliTest.Result nothingHeldOut = CliTest.run("calibrate", "--model", dir.resolve("all").toString(), "--data", MNIST,
                "--out", dir.resolve("y").toString());
        assertThat(nothingHeldOut.code()).isEqualTo(1);
        assertThat(nothingHeldOut.err()).contains("without a validation split");
    }

    private static void assertUsage(CliTest.Result r, String message) {
        assertThat(r.code()).as(r.err()).isEqualTo(2);
        assertThat(r.err()).contains(message);
    }
}
