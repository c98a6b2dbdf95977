package dev.inkwell.train;

import dev.inkwell.dataset.Dataset;
import dev.inkwell.model.ModelRef;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A fine-tuning job: adapt a trained model to a user's samples, mixing in replay from the original training data so
 * it does not forget.
 *
 * @param base         a model folder written by {@code train} (model.card.json + model.params) or a bundled model
 * @param data         the user's labelled samples (image folder, CSV, …), same size as the model input
 * @param replay       the original training data (train split used for replay, test split to measure forgetting);
 *                     null for no replay
 * @param replayCount  how many original training images to mix in
 * @param userShare    fraction of each epoch made of (augmented, repeated) user samples
 * @param evalLimit    how many original test images to measure forgetting on (0: all)
 */
public record FineTuneRequest(ModelRef base, Dataset data, Dataset replay, Path out, String name, int epochs, double learningRate,
                              int batchSize, int replayCount, double userShare, boolean freezeFeatures, long seed, int evalLimit) {
    public FineTuneRequest {
        Objects.requireNonNull(base, "base");
        if (epochs < 1 || epochs > 1000) throw new IllegalArgumentException("epochs must be 1..1000, got " + epochs);
        if (!(learningRate > 0 && learningRate <= 1)) throw new IllegalArgumentException("learning rate must be in (0, 1], got " + learningRate);
        if (replayCount < 0) throw new IllegalArgumentException("replay count must be >= 0, got " + replayCount);
        if (!(userShare > 0 && userShare <= 1)) throw new IllegalArgumentException("user share must be in (0, 1], got " + userShare);
        if (evalLimit < 0) throw new IllegalArgumentException("eval limit must be >= 0, got " + evalLimit);
    }
}
