package dev.inkwell.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.inkwell.core.InkwellException;
import dev.inkwell.core.NotFoundException;
import dev.inkwell.core.Progress;
import dev.inkwell.dataset.Datasets;
import dev.inkwell.evaluation.ModelEvaluator;
import dev.inkwell.inference.ModelCard;
import dev.inkwell.inference.ModelCards;
import dev.inkwell.inference.ModelSource;
import dev.inkwell.inference.OnnxImageClassifier;
import dev.inkwell.inference.ParentModel;
import dev.inkwell.inference.TrainingProvenance;
import dev.inkwell.inference.TrainingSettings;
import dev.inkwell.model.ModelFiles;
import dev.inkwell.model.ModelRef;
import dev.inkwell.testing.SharedData;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code calibrate} on a model trained without calibration (600 MNIST images, one epoch, trained once for the class). */
class ModelCalibrationTest {
    @TempDir
    static Path dir;
    static Path raw;
    static ModelCard rawCard;

    @BeforeAll
    static void trainUncalibrated() {
        raw = dir.resolve("raw");
        TrainingOptions o = TrainingOptions.defaults(Architecture.COMPACT, 1, 9).withBatchSize(32).withPatience(0);
        rawCard = ModelTraining.run(new TrainRequest(Datasets.open(SharedData.mnist()), raw, null, o, 0.1, 600, TrainingStart.FRESH,
                null, false), Progress.NONE, "v").card();
    }

    @Test
    void fitsTheTemperatureOnTheValidationImagesOfTheModelsOwnRun() {
        assertThat(rawCard.calibration()).isNull();
        Path out = dir.resolve("calibrated");
        ModelRef ref = new ModelRef.LocalPath(raw);
        ModelCard card = ModelCalibration.run(ref, Datasets.open(SharedData.mnist()), out, "v2");

        // the validation split rebuilt from the card's seed and fraction, calibrated independently
        ImageSet validation = TrainingData.load(SharedData.mnist(), "train", 600, null).images().split(0.1, 9).validation();
        WarmStart start = new WarmStart(readParams(raw), (float) rawCard.mean(), (float) rawCard.std(), false, 1);
        Calibration expected;
        try (TrainedModel m = TrainedModel.load(Architecture.COMPACT, new InputShape(1, 28, 28), rawCard.classNames(), start)) {
            expected = Calibration.fit(m.probabilities(validation), validation.labels(), 10);
        }
        assertThat(card.temperature()).isEqualTo(expected.temperature()).isNotEqualTo(1.0);
        assertThat(card.calibration().logLossBefore()).isEqualTo(expected.logLossBefore());
        assertThat(card.calibration().logLossAfter()).isEqualTo(expected.logLossAfter()).isLessThan(expected.logLossBefore());

        assertThat(card.source()).isEqualTo(ModelSource.CALIBRATE);
        assertThat(card.training().parent()).isEqualTo(new ParentModel("raw", rawCard.version(), ref.toString(), ModelSource.TRAIN));
        assertThat(card.training().derived(ModelSource.TRAIN, null)).as("the rest of the provenance is the parent's")
                .isEqualTo(rawCard.training());
        assertThat(card.inkwellVersion()).isEqualTo("v2");
        assertThat(card.metrics()).isEqualTo(rawCard.metrics());
        assertThat(ModelCards.read(ModelFiles.in(out).card())).isEqualTo(card);

        // arg-max cannot change: the same answers through ONNX Runtime
        assertThat(testAccuracy(out)).isEqualTo(testAccuracy(raw));
    }

    @Test
    void refusesDataTheModelWasNotTrainedOn() {
        assertThatThrownBy(() -> ModelCalibration.run(new ModelRef.LocalPath(raw), Datasets.open(SharedData.fashionMnist()),
                dir.resolve("x"), "v")).isInstanceOf(InkwellException.class).hasMessageContaining("is not the data");
    }

    @Test
    void refusesAModelWithoutHeldOutImagesOrSeed() throws IOException {
        TrainingProvenance t = rawCard.training();
        Path noSplit = copyWithTraining("no-split", new TrainingProvenance(t.source(), null, t.dataFingerprint(), t.seed(), t.epochs(),
                t.bestEpoch(), t.stoppedEarly(), options(0.0), t.engine()));
        assertThatThrownBy(() -> ModelCalibration.run(new ModelRef.LocalPath(noSplit), Datasets.open(SharedData.mnist()),
                dir.resolve("y"), "v")).isInstanceOf(InkwellException.class)
                .hasMessage(noSplit + " was trained without a validation split: there are no held-out images to calibrate on");
        Path noSeed = copyWithTraining("no-seed", new TrainingProvenance(t.source(), null, t.dataFingerprint(), null, t.epochs(),
                t.bestEpoch(), t.stoppedEarly(), t.options(), t.engine()));
        assertThatThrownBy(() -> ModelCalibration.run(new ModelRef.LocalPath(noSeed), Datasets.open(SharedData.mnist()),
                dir.resolve("z"), "v")).isInstanceOf(InkwellException.class).hasMessageContaining("has no seed");
    }

    @Test
    void anOnnxFileAloneCannotBeCalibrated() throws IOException {
        Path onnxOnly = Files.createDirectories(dir.resolve("onnx-only"));
        Files.copy(ModelFiles.in(raw).onnx(), onnxOnly.resolve(ModelFiles.ONNX));
        assertThatThrownBy(() -> ModelCalibration.run(new ModelRef.LocalPath(onnxOnly), Datasets.open(SharedData.mnist()),
                dir.resolve("w"), "v")).isInstanceOf(NotFoundException.class)
                .hasMessage(onnxOnly + ": calibration needs a model folder written by 'inkwell train' (model.card.json and "
                        + "model.params); an ONNX file alone cannot be trained further");
    }

    private static TrainingSettings options(double validationSplit) {
        TrainingSettings o = rawCard.options();
        return new TrainingSettings(o.batchSize(), o.learningRate(), o.weightDecay(), o.labelSmoothing(),
                o.schedule(), o.augmentation(), validationSplit, o.limit(), o.patience(), null);
    }

    private static Path copyWithTraining(String name, TrainingProvenance training) throws IOException {
        Path copy = Files.createDirectories(dir.resolve(name));
        ModelFiles from = ModelFiles.in(raw);
        ModelFiles to = ModelFiles.in(copy);
        Files.copy(from.onnx(), to.onnx());
        Files.copy(from.params(), to.params());
        ModelCards.write(to.card(), rawCard.toBuilder().training(training).build());
        return copy;
    }

    private static byte[] readParams(Path folder) {
        try {
            return Files.readAllBytes(ModelFiles.in(folder).params());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static double testAccuracy(Path folder) {
        try (OnnxImageClassifier c = OnnxImageClassifier.load(ModelFiles.in(folder), 1)) {
            return ModelEvaluator.evaluate(c, SharedData.mnist(), 300, Progress.NONE).evaluation().accuracy();
        }
    }
}
