package dev.inkwell.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.inkwell.core.InkwellException;
import dev.inkwell.core.Progress;
import dev.inkwell.dataset.Datasets;
import dev.inkwell.inference.FineTuneSettings;
import dev.inkwell.inference.ModelCard;
import dev.inkwell.inference.ModelCards;
import dev.inkwell.inference.ModelSource;
import dev.inkwell.inference.ParentModel;
import dev.inkwell.model.BundledModels;
import dev.inkwell.model.ModelFiles;
import dev.inkwell.model.ModelRef;
import dev.inkwell.testing.SharedData;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What fine-tuning promises (docs/training.md): the user's samples are read at least as well as before, and with
 * replay the original test accuracy stays within 0.2 points, also for a calibrated base (the bundled compact model).
 */
class FineTuningTest {
    private static final ModelRef BASE = new ModelRef.Bundled("mnist-compact");

    static FineTuneRequest request(Path out, int replayCount, int evalLimit) {
        return new FineTuneRequest(BASE, Datasets.open(SharedData.handwritten28px()), Datasets.open(SharedData.mnist()), out, null,
                2, 5e-4, 64, replayCount, 0.1, false, 1, evalLimit);
    }

    @Test
    void keepsTheUsersSamplesAndTheOriginalAccuracyAndRecordsItsParent(@TempDir Path dir) {
        Path out = dir.resolve("my-digits");
        FineTuneResult r = FineTuning.run(request(out, 2000, 1000), Progress.NONE, "v");

        assertThat(r.userSamples()).isEqualTo(10);
        assertThat(r.userAccuracyAfter()).isGreaterThanOrEqualTo(r.userAccuracyBefore());
        assertThat(r.originalTestCount()).isEqualTo(1000);
        assertThat(r.originalAccuracyBefore()).isGreaterThan(0.98);
        assertThat(r.originalDropPoints()).as("points of original test accuracy lost").isLessThanOrEqualTo(0.2);

        ModelCard base = ModelCards.parse(BundledModels.file("mnist-compact", ModelFiles.CARD), "bundled");
        ModelCard card = ModelCards.read(ModelFiles.in(out).card());
        assertThat(card).isEqualTo(r.card());
        assertThat(card.name()).isEqualTo("my-digits");
        assertThat(card.source()).isEqualTo(ModelSource.FINETUNE);
        assertThat(card.training().parent()).isEqualTo(new ParentModel("mnist-compact", base.version(), "bundled:mnist-compact", ModelSource.TRAIN));
        assertThat(card.datasetFingerprint()).isEqualTo(TrainingData.load(SharedData.handwritten28px(), "train", 0, null).fingerprint());
        assertThat(card.seed()).isEqualTo(1L);
        assertThat(card.epochs()).isEqualTo(2);
        assertThat(card.options().fineTune()).isEqualTo(new FineTuneSettings(2000, 0.1, false));
        assertThat(card.options().learningRate()).isEqualTo(5e-4);
        assertThat(card.options().schedule()).isEqualTo("cosine");
        assertThat(card.training().engine()).isEqualTo(TorchRuntime.describe());
        // the base's calibration is put back; its log losses described the base, so they are not carried over
        assertThat(card.temperature()).isEqualTo(base.temperature()).isNotEqualTo(1.0);
        assertThat(card.calibration().logLossBefore()).isNull();
        assertThat(card.input()).isEqualTo(base.input());
        assertThat(card.metrics()).containsEntry("testAccuracy", r.originalAccuracyAfter()).containsEntry("testCount", 1000.0)
                .containsEntry("userAccuracyAfter", r.userAccuracyAfter());
        assertThat(ModelFiles.in(out).hasParams()).isTrue();
        assertThat(out.resolve("finetune-metrics.json")).isRegularFile();
    }

    @Test
    void theBaseMustBeTrainableAndTheSamplesTheBasesSize(@TempDir Path dir) {
        FineTuneRequest external = new FineTuneRequest(new ModelRef.LocalPath(SharedData.mnist8Onnx()),
                Datasets.open(SharedData.handwritten28px()), null, dir, null, 1, 5e-4, 64, 0, 0.1, false, 1, 0);
        assertThatThrownBy(() -> FineTuning.run(external, Progress.NONE, "v")).isInstanceOf(InkwellException.class)
                .hasMessageContaining("fine-tuning needs a model folder").hasMessageContaining("model.params");
        FineTuneRequest missing = new FineTuneRequest(new ModelRef.LocalPath(dir.resolve("nowhere")),
                Datasets.open(SharedData.handwritten28px()), null, dir, null, 1, 5e-4, 64, 0, 0.1, false, 1, 0);
        assertThatThrownBy(() -> FineTuning.run(missing, Progress.NONE, "v")).isInstanceOf(InkwellException.class)
                .hasMessageContaining("nowhere").hasMessageContaining("not found");
    }
}
