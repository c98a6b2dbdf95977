package dev.inkwell.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.training.Trainer;
import ai.djl.training.listener.TrainingListenerAdapter;
import dev.inkwell.testing.SharedData;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class TrainingTest {
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
        try (Training training = Training.open(TrainingConfig.of(o, split.train(), split.validation()));
             TrainedModel m = training.fit()) {
            assertThat(m.history()).hasSize(3);
            assertThat(m.history().get(2).trainLoss()).isLessThan(m.history().get(0).trainLoss());
            assertThat(m.accuracy(test)).isGreaterThan(0.85);
        }
    }

    /** Counts what the listeners are shown, epoch by epoch. */
    static final class Counting extends TrainingListenerAdapter {
        final List<Long> trainingImages = new ArrayList<>();
        final List<Long> validationImages = new ArrayList<>();
        long training;
        long validation;

        @Override
        public void onTrainingBatch(Trainer trainer, BatchData batchData) {
            training += batchData.getBatch().getSize();
        }

        @Override
        public void onValidationBatch(Trainer trainer, BatchData batchData) {
            assertThat(batchData.getPredictions().values().iterator().next().head().getShape().get(1)).isEqualTo(10);
            validation += batchData.getBatch().getSize();
        }

        @Override
        public void onEpoch(Trainer trainer) {
            trainingImages.add(training);
            validationImages.add(validation);
            training = 0;
            validation = 0;
        }
    }

    @Test
    void aRunIsOpenedFittedOnceAndShowsEveryBatchToItsListeners() {
        ImageSet small = train.limit(300);
        ImageSet held = train.select(IntStream.range(2000, 2120).toArray());
        TrainingOptions o = TrainingOptions.defaults(Architecture.COMPACT, 2, 3).withBatchSize(100);
        Counting counting = new Counting();
        TrainedModel model;
        try (Training training = Training.open(TrainingConfig.of(o, small, held).withListener(counting))) {
            assertThat(training.completedEpochs()).isZero();
            model = training.fit();
            assertThat(training.completedEpochs()).isEqualTo(2);
            assertThat(training.history()).hasSize(2);
            assertThatThrownBy(training::fit).isInstanceOf(IllegalStateException.class).hasMessageContaining("once");
        }
        try (model) { // handed over: closing the run left it open
            assertThat(model.accuracy(held)).isBetween(0.0, 1.0);
            assertThat(model.history()).hasSize(2);
        }
        assertThat(counting.trainingImages).containsExactly(300L, 300L);
        assertThat(counting.validationImages).containsExactly(120L, 120L);
    }

    @Test
    void theSameSeedGivesBitIdenticalParameters() {
        ImageSet small = train.limit(200);
        TrainingOptions o = TrainingOptions.defaults(Architecture.COMPACT, 1, 17).withBatchSize(50);
        byte[] first;
        try (Training a = Training.open(TrainingConfig.of(o, small, small.limit(0))); TrainedModel m = a.fit()) {
            first = BestParametersListener.snapshot(m.block());
        }
        try (Training b = Training.open(TrainingConfig.of(o, small, small.limit(0))); TrainedModel m = b.fit()) {
            assertThat(BestParametersListener.snapshot(m.block())).isEqualTo(first);
        }
        try (Training c = Training.open(TrainingConfig.of(o.withSeed(18), small, small.limit(0))); TrainedModel m = c.fit()) {
            assertThat(BestParametersListener.snapshot(m.block())).isNotEqualTo(first);
        }
    }
}
