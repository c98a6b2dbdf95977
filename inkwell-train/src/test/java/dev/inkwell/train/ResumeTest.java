package dev.inkwell.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.training.Trainer;
import ai.djl.training.listener.TrainingListenerAdapter;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.inkwell.core.InkwellException;
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
    private static final ObjectMapper MAPPER = new ObjectMapper();

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

    /** Runs {@code config} to the end; the caller owns the model. */
    static TrainedModel fit(TrainingConfig config) {
        try (Training training = Training.open(config)) {
            return training.fit();
        }
    }

    @Test
    void resumedRunEqualsUninterruptedRun(@TempDir Path dir) {
        Path straight = dir.resolve("straight");
        Path broken = dir.resolve("broken");
        byte[] expected;
        List<EpochRecord> expectedHistory;
        try (TrainedModel m = fit(TrainingConfig.of(OPTIONS, train, validation).checkpointingTo(straight))) {
            expected = BestParametersListener.snapshot(m.block());
            expectedHistory = m.history();
        }
        assertThatThrownBy(() -> fit(TrainingConfig.of(OPTIONS, train, validation).checkpointingTo(broken).withListener(new Crash(1))))
                .hasMessageContaining("simulated crash");
        assertThat(broken.resolve("checkpoint.json")).exists();
        try (Training resumed = Training.open(TrainingConfig.of(OPTIONS, train, validation).checkpointingTo(broken)
                .startingAs(TrainingStart.RESUME))) {
            assertThat(resumed.completedEpochs()).isEqualTo(1);
            assertThat(resumed.history()).hasSize(1);
        }
        try (TrainedModel m = fit(TrainingConfig.of(OPTIONS, train, validation).checkpointingTo(broken).startingAs(TrainingStart.RESUME))) {
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
        try (TrainedModel m = fit(TrainingConfig.of(o, small, none).checkpointingTo(dir.resolve("a")))) {
            expected = BestParametersListener.snapshot(m.block());
            assertThat(m.bestEpoch()).isEqualTo(2);
        }
        assertThatThrownBy(() -> fit(TrainingConfig.of(o, small, none).checkpointingTo(dir.resolve("b")).withListener(new Crash(1))))
                .hasMessageContaining("simulated crash");
        try (TrainedModel m = fit(TrainingConfig.of(o, small, none).checkpointingTo(dir.resolve("b")).startingAs(TrainingStart.RESUME))) {
            assertThat(BestParametersListener.snapshot(m.block())).isEqualTo(expected);
        }
    }

    /**
     * A checkpoint written before the canonical run key carries the digest of the options' record text
     * ({@link RunKey#legacy}, checked against the former code's values in {@link RunKeyTest}): it keeps resuming, and
     * the resumed run still ends where an uninterrupted one does.
     */
    @Test
    void aCheckpointKeyedTheFormerWayKeepsResuming(@TempDir Path dir) throws Exception {
        ImageSet small = train.limit(300);
        ImageSet none = train.limit(0);
        TrainingOptions o = TrainingOptions.defaults(Architecture.COMPACT, 2, 8).withBatchSize(100);
        byte[] expected;
        try (TrainedModel m = fit(TrainingConfig.of(o, small, none))) {
            expected = BestParametersListener.snapshot(m.block());
        }
        assertThatThrownBy(() -> fit(TrainingConfig.of(o, small, none).checkpointingTo(dir).withListener(new Crash(1))))
                .hasMessageContaining("simulated crash");
        Path state = dir.resolve(Checkpoints.STATE);
        ObjectNode json = (ObjectNode) MAPPER.readTree(state.toFile());
        assertThat(json.get("runKey").asText()).isEqualTo(RunKey.of(o, small.fingerprint(), none.fingerprint()));
        json.put("runKey", RunKey.legacy(o, small.fingerprint(), none.fingerprint()));
        MAPPER.writeValue(state.toFile(), json);
        try (TrainedModel m = fit(TrainingConfig.of(o, small, none).checkpointingTo(dir).startingAs(TrainingStart.RESUME))) {
            assertThat(BestParametersListener.snapshot(m.block())).isEqualTo(expected);
        }
        // the checkpoints the resumed run wrote carry the current key
        assertThat(MAPPER.readTree(state.toFile()).get("runKey").asText()).isEqualTo(RunKey.of(o, small.fingerprint(), none.fingerprint()));
    }

    @Test
    void resumingWithOtherOptionsOrWithoutACheckpointIsRefused(@TempDir Path dir) throws Exception {
        assertThatThrownBy(() -> Training.open(TrainingConfig.of(OPTIONS, train, validation).checkpointingTo(dir)
                .startingAs(TrainingStart.RESUME))).isInstanceOf(InkwellException.class).hasMessageContaining("nothing to resume");
        TrainingOptions oneEpoch = TrainingOptions.defaults(Architecture.COMPACT, 1, 11).withBatchSize(64);
        fit(TrainingConfig.of(oneEpoch, train.limit(200), validation).checkpointingTo(dir)).close();
        assertThatThrownBy(() -> Training.open(TrainingConfig.of(oneEpoch.withLearningRate(0.02), train.limit(200), validation)
                .checkpointingTo(dir).startingAs(TrainingStart.RESUME)))
                .isInstanceOf(InkwellException.class).hasMessageContaining("different run");
        Files.writeString(dir.resolve("checkpoint.json"), "{ broken");
        assertThatThrownBy(() -> Training.open(TrainingConfig.of(oneEpoch, train.limit(200), validation).checkpointingTo(dir)
                .startingAs(TrainingStart.RESUME)))
                .isInstanceOf(InkwellException.class).hasMessageContaining("unreadable checkpoint");
    }
}
