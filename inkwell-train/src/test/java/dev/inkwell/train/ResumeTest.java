package dev.inkwell.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.training.Trainer;
import ai.djl.training.listener.TrainingListenerAdapter;
import dev.inkwell.core.InkwellException;
import dev.inkwell.core.Progress;
import dev.inkwell.testing.SharedData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A run killed after an epoch and resumed from its checkpoint ends exactly where an uninterrupted run ends. */
class ResumeTest {
    static ImageSet train;
    static ImageSet validation;
    static final TrainingOptions OPTIONS = TrainingOptions.defaults(Architecture.COMPACT, 3, 11).withBatchSize(64);

    @BeforeAll
    static void load() {
        ImageSet.Split split = TrainingData.load(SharedData.mnist(), "train", 1200, null).images().split(0.2, 11);
        train = split.train();
        validation = split.validation();
    }

    /** Simulates the process dying right after epoch {@code epoch} was checkpointed. */
    static final class Crash extends TrainingListenerAdapter {
        final int epoch;
        int seen;

        Crash(int epoch) {
            this.epoch = epoch;
        }

        @Override
        public void onEpoch(Trainer trainer) {
            if (++seen == epoch) throw new IllegalStateException("simulated crash after epoch " + epoch);
        }
    }

    @Test
    void resumedRunEqualsUninterruptedRun(@TempDir Path dir) {
        Path straight = dir.resolve("straight");
        Path broken = dir.resolve("broken");
        byte[] expected;
        List<EpochRecord> expectedHistory;
        try (TrainedModel m = TrainingSession.train(OPTIONS, train, validation, straight, false, Progress.NONE)) {
            expected = BestParametersListener.snapshot(m.block());
            expectedHistory = m.history();
        }
        assertThatThrownBy(() -> TrainingSession.train(OPTIONS, train, validation, broken, false, Progress.NONE, List.of(new Crash(1))))
                .hasMessageContaining("simulated crash");
        assertThat(broken.resolve("checkpoint.json")).exists();
        try (TrainedModel m = TrainingSession.train(OPTIONS, train, validation, broken, true, Progress.NONE)) {
            assertThat(BestParametersListener.snapshot(m.block())).isEqualTo(expected);
            assertThat(m.history()).hasSize(3);
            for (int i = 0; i < 3; i++) {
                assertThat(m.history().get(i).trainLoss()).isEqualTo(expectedHistory.get(i).trainLoss());
                assertThat(m.history().get(i).validationAccuracy()).isEqualTo(expectedHistory.get(i).validationAccuracy());
            }
        }
    }

    @Test
    void checkpointsAndResumeWorkWithoutAValidationSplit(@TempDir Path dir) {
        ImageSet small = train.limit(300);
        ImageSet none = train.limit(0);
        TrainingOptions o = TrainingOptions.defaults(Architecture.COMPACT, 2, 5).withBatchSize(100);
        byte[] expected;
        try (TrainedModel m = TrainingSession.train(o, small, none, dir.resolve("a"), false, Progress.NONE)) {
            expected = BestParametersListener.snapshot(m.block());
            assertThat(m.bestEpoch()).isEqualTo(2);
        }
        assertThatThrownBy(() -> TrainingSession.train(o, small, none, dir.resolve("b"), false, Progress.NONE, List.of(new Crash(1))))
                .hasMessageContaining("simulated crash");
        try (TrainedModel m = TrainingSession.train(o, small, none, dir.resolve("b"), true, Progress.NONE)) {
            assertThat(BestParametersListener.snapshot(m.block())).isEqualTo(expected);
        }
    }

    @Test
    void resumingWithOtherOptionsOrWithoutACheckpointIsRefused(@TempDir Path dir) throws Exception {
        assertThatThrownBy(() -> TrainingSession.train(OPTIONS, train, validation, dir, true, Progress.NONE))
                .isInstanceOf(InkwellException.class).hasMessageContaining("nothing to resume");
        TrainingOptions oneEpoch = TrainingOptions.defaults(Architecture.COMPACT, 1, 11).withBatchSize(64);
        TrainingSession.train(oneEpoch, train.limit(200), validation, dir, false, Progress.NONE).close();
        assertThatThrownBy(() -> TrainingSession.train(oneEpoch.withLearningRate(0.02), train.limit(200), validation, dir, true, Progress.NONE))
                .isInstanceOf(InkwellException.class).hasMessageContaining("different run");
        Files.writeString(dir.resolve("checkpoint.json"), "{ broken");
        assertThatThrownBy(() -> TrainingSession.train(oneEpoch, train.limit(200), validation, dir, true, Progress.NONE))
                .isInstanceOf(InkwellException.class).hasMessageContaining("unreadable checkpoint");
    }
}
