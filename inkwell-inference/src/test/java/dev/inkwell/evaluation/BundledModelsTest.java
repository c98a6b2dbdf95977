package dev.inkwell.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.inkwell.core.Progress;
import dev.inkwell.inference.ModelCard;
import dev.inkwell.inference.OnnxImageClassifier;
import dev.inkwell.model.ModelRef;
import dev.inkwell.model.ModelResolvers;
import dev.inkwell.testing.SharedData;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The models shipped in the jar, run through ONNX Runtime on their whole test set, score exactly what their cards
 * record and at least the floor given here.
 */
class BundledModelsTest {
    @TempDir
    static Path cache;

    @ParameterizedTest
    @CsvSource({"mnist-compact,mnist,0.994", "mnist,mnist,0.9965", "fashion-mnist,fashion-mnist,0.93"})
    void bundledModelScoresWhatItsCardSays(String name, String dataset, double floor) {
        Path data = "mnist".equals(dataset) ? SharedData.mnist() : SharedData.fashionMnist();
        try (OnnxImageClassifier classifier = OnnxImageClassifier.load(ModelResolvers.builtIn(cache).resolve(new ModelRef.Bundled(name)), 0)) {
            ModelCard card = classifier.card();
            assertThat(card.name()).isEqualTo(name);
            assertThat(card.seed()).isNotNull();
            Evaluation e = ModelEvaluator.evaluate(classifier, data, 0, Progress.NONE).evaluation();
            assertThat(e.count()).isEqualTo(10_000);
            // training measured it with DJL; parity is to 1e-4 in probability, so allow two near-tie flips in 10,000
            assertThat(e.accuracy()).isCloseTo(card.metrics().get("testAccuracy"), within(2e-4));
            assertThat(e.accuracy()).isGreaterThanOrEqualTo(floor);
            if ("compact".equals(card.architecture())) assertThat(card.parameterCount()).isLessThanOrEqualTo(10_000);
        }
    }
}
