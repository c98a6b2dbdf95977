package dev.inkwell.train;

import static org.assertj.core.api.Assertions.assertThat;

import dev.inkwell.core.Progress;
import dev.inkwell.testing.SharedData;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class TrainingSessionTest {
    static ImageSet train;
    static ImageSet test;

    @BeforeAll
    static void load() {
        train = TrainingData.load(SharedData.mnist(), "train", 3000, null).images();
        test = TrainingData.load(SharedData.mnist(), "test", 1000, null).images();
    }

    @Test
    void lossGoesDownAndAccuracyPassesABarOnAFewThousandImages() {
        ImageSet.Split split = train.split(0.1, 7);
        TrainingOptions o = TrainingOptions.defaults(Architecture.COMPACT, 3, 42).withBatchSize(64);
        try (TrainedModel m = TrainingSession.train(o, split.train(), split.validation(), null, false, Progress.NONE)) {
            assertThat(m.history()).hasSize(3);
            assertThat(m.history().get(2).trainLoss()).isLessThan(m.history().get(0).trainLoss());
            assertThat(m.accuracy(test)).isGreaterThan(0.85);
        }
    }
}
