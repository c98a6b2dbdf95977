package dev.inkwell.train;

import ai.djl.training.Trainer;
import ai.djl.training.listener.TrainingListenerAdapter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One summary log line per epoch: losses, accuracies, learning rate, throughput and time. */
final class EpochLogListener extends TrainingListenerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger("dev.inkwell.train");
    private final int epochs;

    EpochLogListener(int epochs) {
        this.epochs = epochs;
    }

    @Override
    public void onEpoch(Trainer trainer) {
        LOG.info(describe(TrainingMetrics.latestEpoch(trainer), epochs));
    }

    static String describe(EpochRecord r, int epochs) {
        String validation = Double.isNaN(r.validationAccuracy()) ? ""
                : String.format(" | val loss %.4f acc %.2f%%", r.validationLoss(), 100 * r.validationAccuracy());
        return String.format("epoch %d/%d: loss %.4f acc %.2f%%%s | lr %.2e | %.0f img/s | %.1f s",
                r.epoch(), epochs, r.trainLoss(), 100 * r.trainAccuracy(), validation, r.learningRate(), r.imagesPerSecond(), r.seconds());
    }
}
