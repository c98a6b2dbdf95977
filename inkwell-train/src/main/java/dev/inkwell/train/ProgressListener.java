package dev.inkwell.train;

import ai.djl.training.Trainer;
import ai.djl.training.listener.TrainingListenerAdapter;
import dev.inkwell.core.Progress;

/** Drives a {@link Progress} bar per epoch (images done, rate, ETA) with the running loss and accuracy as its message. */
final class ProgressListener extends TrainingListenerAdapter {
    private final Progress progress;
    private final int epochs;
    private final long imagesPerEpoch;
    private boolean started;

    ProgressListener(Progress progress, int epochs, long imagesPerEpoch) {
        this.progress = progress;
        this.epochs = epochs;
        this.imagesPerEpoch = imagesPerEpoch;
    }

    @Override
    public void onTrainingBatch(Trainer trainer, BatchData batchData) {
        if (!started) {
            started = true;
            int epoch = (int) TrainingMetrics.latest(trainer, TrainingMetrics.EPOCH) + 1;
            progress.start("epoch " + epoch + "/" + epochs, imagesPerEpoch);
        }
        progress.message(String.format("loss %.4f acc %.2f%%", TrainingMetrics.latest(trainer, TrainingMetrics.RUNNING_LOSS),
                100 * TrainingMetrics.latest(trainer, TrainingMetrics.RUNNING_ACCURACY)));
        progress.advance(batchData.getBatch().getSize());
    }

    @Override
    public void onEpoch(Trainer trainer) {
        if (started) progress.close();
        started = false;
    }

    @Override
    public void onTrainingEnd(Trainer trainer) {
        if (started) progress.close();
        started = false;
    }
}
