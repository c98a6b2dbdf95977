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
    private final float smoothing;

    SmoothedCrossEntropy(float smoothing) {
        super("SmoothedCrossEntropy");
        if (smoothing < 0 || smoothing >= 1) throw new IllegalArgumentException("label smoothing must be in [0, 1), got " + smoothing);
        this.smoothing = smoothing;
    }

    @Override
    public NDArray evaluate(NDList labels, NDList predictions) {
        NDArray logProbabilities = predictions.singletonOrThrow().logSoftmax(1);
        NDArray index = labels.singletonOrThrow().toType(DataType.INT64, false).reshape(-1, 1);
        // (1-ε)·(-log p_y) + ε·mean_k(-log p_k) equals cross-entropy with the smoothed targets
        NDArray nll = logProbabilities.gather(index, 1).neg().mean();
        NDArray uniform = logProbabilities.mean(new int[] {1}).neg().mean();
        return nll.mul(1f - smoothing).add(uniform.mul(smoothing));
    }
}
