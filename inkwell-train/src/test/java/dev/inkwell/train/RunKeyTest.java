package dev.inkwell.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class RunKeyTest {
    private static final TrainingOptions COMPACT = TrainingOptions.defaults(Architecture.COMPACT, 3, 11).withBatchSize(64);
    private static final TrainingOptions STANDARD = TrainingOptions.defaults(Architecture.STANDARD, 30, 20261122).withPatience(0)
            .withAugmentation(Augmentation.DIGITS.withElastic()).withLabelSmoothing(0.05);
    private static final String MNIST = "ccf49078c539a4b865cafdc8305b82f930e6b2205d45d5e45de86b78a8a9b911";
    private static final String EMPTY = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    /** Keys computed by the former {@code TrainingSession.runKey} (digest of the options record's text) for these runs. */
    @Test
    void theFormerKeyIsComputedExactlyAsBefore() {
        assertThat(RunKey.legacy(COMPACT, "sha256:train", "sha256:validation"))
                .isEqualTo("6e6ec2e65056477b3cf6cb1405f171384df48c5e42e876583315beb39272f46b");
        assertThat(RunKey.legacy(STANDARD, MNIST, EMPTY)).isEqualTo("7d4e3481d0880c0f6f6e59496976bd43deb8dfd3a28deb200c4f6dc1a45eb110");
    }

    @Test
    void checkpointsOfEitherFormatMatchOnlyTheirOwnRun() {
        String current = RunKey.of(COMPACT, "a", "b");
        String former = RunKey.legacy(COMPACT, "a", "b");
        assertThat(current).isNotEqualTo(former).hasSize(64);
        assertThat(RunKey.matches(current, COMPACT, "a", "b")).isTrue();
        assertThat(RunKey.matches(former, COMPACT, "a", "b")).isTrue();
        assertThat(RunKey.matches(current, COMPACT.withLearningRate(0.02), "a", "b")).isFalse();
        assertThat(RunKey.matches(former, COMPACT.withLearningRate(0.02), "a", "b")).isFalse();
        assertThat(RunKey.matches(current, COMPACT, "a", "other validation data")).isFalse();
        assertThat(RunKey.matches(null, COMPACT, "a", "b")).isFalse();
    }

    @Test
    void theKeyIsTheSortedNamesAndValuesOfEveryOption() {
        assertThat(RunKey.canonical(COMPACT.canonicalForm(), Map.of())).isEqualTo("""
                architecture=compact
                augmentation.elasticAlpha=0.0
                augmentation.elasticSigma=0.0
                augmentation.maxRotationDegrees=8.0
                augmentation.maxScaleChange=0.08
                augmentation.maxShearDegrees=8.0
                augmentation.maxShift=0.08
                batchSize=64
                epochs=3
                labelSmoothing=0.1
                maxLearningRate=0.01
                patience=0
                schedule=onecycle
                seed=11
                weightDecay=1.0E-4
                """);
        // pinned: a change of this value orphans every checkpoint written since the canonical format
        assertThat(RunKey.of(COMPACT, "sha256:train", "sha256:validation"))
                .isEqualTo("a9f0343df9e6c0485cd86fa8d85f1305dfae619952a221534940e71bc3e338e1");
    }

    /** A new option (a record component) that is not in the canonical form would not separate runs: this fails then. */
    @Test
    void everyOptionIsInTheKey() {
        String expected = Arrays.stream(TrainingOptions.class.getRecordComponents()).flatMap(c -> c.getType() == Augmentation.class
                        ? Arrays.stream(Augmentation.class.getRecordComponents()).map(a -> "augmentation." + a.getName())
                        : Stream.of(c.getName()))
                .sorted().collect(Collectors.joining(","));
        assertThat(String.join(",", COMPACT.canonicalForm().keySet())).isEqualTo(expected);
        assertThat(COMPACT.canonicalForm().keySet()).containsExactlyInAnyOrderElementsOf(RunKey.OPTIONS_OF_FORMAT_1);
        assertThat(Arrays.stream(TrainingOptions.class.getRecordComponents()).map(RecordComponent::getName)).contains("seed", "patience");
    }

    @Test
    void anOptionAddedLaterLeavesTheKeyAloneAtItsDefault() {
        SortedMap<String, String> before = COMPACT.canonicalForm();
        SortedMap<String, String> withNewOption = new TreeMap<>(before);
        withNewOption.put("gradientClipping", "0.0");
        Map<String, String> defaults = Map.of("gradientClipping", "0.0");
        assertThat(RunKey.canonical(withNewOption, defaults)).isEqualTo(RunKey.canonical(before, defaults));
        withNewOption.put("gradientClipping", "1.0");
        assertThat(RunKey.canonical(withNewOption, defaults)).isNotEqualTo(RunKey.canonical(before, defaults))
                .contains("gradientClipping=1.0\n");
        assertThatThrownBy(() -> RunKey.canonical(withNewOption, Map.of())).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("gradientClipping");
    }
}
