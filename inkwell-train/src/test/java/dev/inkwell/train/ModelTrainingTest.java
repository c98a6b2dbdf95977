package dev.inkwell.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.inkwell.core.InkwellException;
import dev.inkwell.core.Progress;
import dev.inkwell.dataset.Datasets;
import dev.inkwell.evaluation.ModelEvaluator;
import dev.inkwell.inference.InputScaling;
import dev.inkwell.inference.ModelCard;
import dev.inkwell.inference.ModelCards;
import dev.inkwell.inference.ModelSource;
import dev.inkwell.inference.OnnxImageClassifier;
import dev.inkwell.inference.Preprocessing;
import dev.inkwell.model.ModelFiles;
import dev.inkwell.testing.SharedData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole {@code train} job on 600 MNIST images, run once for the class. */
class ModelTrainingTest {
    @TempDir
    static Path dir;
    static Path out;
    static TrainingOptions options;
    static TrainResult result;

    static TrainRequest request(Path folder, TrainingStart start) {
        return new TrainRequest(Datasets.open(SharedData.mnist()), folder, "tiny", options, 0.1, 600, start, null, true);
    }

    @BeforeAll
    static void train() {
        options = TrainingOptions.defaults(Architecture.COMPACT, 2, 5).withBatchSize(32).withPatience(0);
        out = dir.resolve("tiny");
        result = ModelTraining.run(request(out, TrainingStart.FRESH), Progress.NONE, "test-version");
    }

    @Test
    void writesACompleteModelFolder() throws IOException {
        ModelFiles files = ModelFiles.in(out);
        assertThat(files.onnx()).isRegularFile();
        assertThat(files.hasCard()).isTrue();
        assertThat(files.hasParams()).isTrue();
        for (String f : List.of("history.json", "training-curves.png", "test-metrics.json", "test-report.txt", "test-confusion.png",
                "test-mistakes.png", "checkpoints/checkpoint.json")) {
            assertThat(out.resolve(f)).isRegularFile();
        }
        try (Stream<Path> all = Files.walk(out)) {
            assertThat(all.filter(p -> p.toString().endsWith(".part"))).isEmpty();
        }
        assertThat(result.out()).isEqualTo(out);
        assertThat(result.history()).hasSize(2);
    }

    @Test
    void theCardRecordsHowTheModelWasMade() {
        ModelCard card = ModelCards.read(ModelFiles.in(out).card());
        assertThat(card).isEqualTo(result.card());
        assertThat(card.name()).isEqualTo("tiny");
        assertThat(card.architecture()).isEqualTo("compact");
        assertThat(card.parameterCount()).isEqualTo(9698);
        assertThat(card.inkwellVersion()).isEqualTo("test-version");
        assertThat(card.version()).isEqualTo(card.createdAt().toString());
        assertThat(card.inputScaling()).isEqualTo(InputScaling.MEAN_STD);
        assertThat(card.preprocessing()).isEqualTo(Preprocessing.MNIST);
        assertThat(card.mean()).isBetween(0.05, 0.3);
        assertThat(card.classNames()).containsExactly("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");

        assertThat(card.source()).isEqualTo(ModelSource.TRAIN);
        assertThat(card.training().parent()).isNull();
        assertThat(card.datasetFingerprint()).isEqualTo(TrainingData.load(SharedData.mnist(), "train", 600, null).fingerprint());
        assertThat(card.seed()).isEqualTo(5L);
        assertThat(card.epochs()).isEqualTo(2);
        assertThat(card.training().bestEpoch()).isEqualTo(result.bestEpoch());
        assertThat(card.training().stoppedEarly()).isFalse();
        assertThat(card.options()).isEqualTo(options.settings(0.1, 600, null));
        assertThat(card.training().engine()).isEqualTo(TorchRuntime.describe());
        assertThat(card.training().engine().oneDnnIsa()).isEqualTo(TorchRuntime.oneDnnIsa());

        assertThat(card.metrics().get("testAccuracy")).isEqualTo(result.test().accuracy()).isGreaterThan(0.2); // chance is 0.1
        assertThat(card.metrics().get("testCount")).isEqualTo(600.0);
        assertThat(card.metrics()).containsKeys("validationAccuracy", "trainAccuracy", "trainLoss", "trainingSeconds", "meanEpochSeconds");
        assertThat(card.calibration()).isNotNull();
        assertThat(card.calibration().logLossAfter()).isLessThanOrEqualTo(card.calibration().logLossBefore());
    }

    @Test
    void onnxRuntimeReadsTheFolderAsTrainingMeasuredIt() {
        try (OnnxImageClassifier classifier = OnnxImageClassifier.load(ModelFiles.in(out), 1)) {
            assertThat(classifier.card()).isEqualTo(result.card());
            double accuracy = ModelEvaluator.evaluate(classifier, SharedData.mnist(), 600, Progress.NONE).evaluation().accuracy();
            assertThat(accuracy).isEqualTo(result.test().accuracy());
        }
    }

    @Test
    void resumingAFinishedRunTrainsNothingMoreAndWritesTheSameNetwork() throws IOException {
        Path copy = dir.resolve("copy");
        try (Stream<Path> all = Files.walk(out)) {
            for (Path p : all.toList()) {
                Path target = copy.resolve(out.relativize(p).toString());
                if (Files.isDirectory(p)) Files.createDirectories(target);
                else Files.copy(p, target);
            }
        }
        TrainResult resumed = ModelTraining.run(request(copy, TrainingStart.RESUME), Progress.NONE, "test-version");
        assertThat(resumed.history()).isEqualTo(result.history());
        assertThat(resumed.bestEpoch()).isEqualTo(result.bestEpoch());
        assertThat(Files.readAllBytes(ModelFiles.in(copy).params())).isEqualTo(Files.readAllBytes(ModelFiles.in(out).params()));
        assertThat(resumed.card().temperature()).isEqualTo(result.card().temperature());
    }

    @Test
    void nothingToResumeAndAFileAsOutputAreClearFailures() throws IOException {
        assertThatThrownBy(() -> ModelTraining.run(request(dir.resolve("fresh"), TrainingStart.RESUME), Progress.NONE, "v"))
                .isInstanceOf(InkwellException.class).hasMessageContaining("nothing to resume");
        Path file = Files.writeString(dir.resolve("a-file"), "x");
        assertThatThrownBy(() -> ModelTraining.run(request(file, TrainingStart.FRESH), Progress.NONE, "v"))
                .isInstanceOf(InkwellException.class).hasMessageContaining("is not a folder");
    }
}
