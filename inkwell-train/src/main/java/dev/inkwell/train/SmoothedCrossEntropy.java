package dev.inkwell.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.loss.Loss;

/**
 * Softmax cross-entropy against label-smoothed targets: the true class gets 1-ε+ε/K, every class ε/K. Keeps the
 * network from becoming over-confident, which helps calibration of the probabilities the API returns.
 */
final class SmoothedCrossEntropy extends Loss {
    private final int classes;
    private final float smoothing;

    SmoothedCrossEntropy(int classes, float smoothing) {
        super("SmoothedCrossEntropy");
        if (smoothing < 0 || smoothing >= 1) throw new IllegalArgumentException("label smoothing must be in [0, 1), got " + smoothing);
        this.classes = classes;
        this.smoothing = smoothing;
    }

    @Override
    public NDArray evaluate(NDList labels, NDList predictions) {
        NDArray logProbabilities = predictions.singletonOrThrow().logSoftmax(1);
        NDArray target = labels.singletonOrThrow().toType(DataType.INT64, false)
                .oneHot(classes, 1f - smoothing + smoothing / classes, smoothing / classes, DataType.FLOAT32);
        return target.mul(logProbabilities).sum(new int[] {1}).neg().mean();
    }
}
