package dev.inkwell.train;

import ai.djl.metric.Metric;
import ai.djl.metric.Metrics;
import ai.djl.training.Trainer;

/** Names of the metrics the training loop records on DJL's {@link Trainer#getMetrics()} for listeners to read. */
final class TrainingMetrics {
    static final String EPOCH = "inkwell_epoch";
    static final String RUNNING_LOSS = "inkwell_running_loss";
    static final String RUNNING_ACCURACY = "inkwell_running_accuracy";
    static final String TRAIN_LOSS = "inkwell_train_loss";
    static final String TRAIN_ACCURACY = "inkwell_train_accuracy";
    static final String VALIDATION_LOSS = "inkwell_validation_loss";
    static final String VALIDATION_ACCURACY = "inkwell_validation_accuracy";
    static final String LEARNING_RATE = "inkwell_learning_rate";
    static final String IMAGES_PER_SECOND = "inkwell_images_per_second";
    static final String EPOCH_SECONDS = "inkwell_epoch_seconds";

    private TrainingMetrics() {
    }

    static double latest(Trainer trainer, String name) {
        Metrics m = trainer.getMetrics();
        if (m == null || !m.hasMetric(name)) return Double.NaN;
        Metric metric = m.latestMetric(name);
        return metric.getValue().doubleValue();
    }

    static EpochRecord latestEpoch(Trainer trainer) {
        return new EpochRecord((int) latest(trainer, EPOCH), latest(trainer, TRAIN_LOSS), latest(trainer, TRAIN_ACCURACY),
                latest(trainer, VALIDATION_LOSS), latest(trainer, VALIDATION_ACCURACY), latest(trainer, LEARNING_RATE),
                latest(trainer, IMAGES_PER_SECOND), latest(trainer, EPOCH_SECONDS));
    }
}
