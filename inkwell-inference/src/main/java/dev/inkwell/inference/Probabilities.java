package dev.inkwell.inference;

/** Turning model outputs into a probability distribution. */
final class Probabilities {
    private Probabilities() {
    }

    /** True when {@code row} already is one: every value in 0–1 and their sum 1 (±0.001). */
    static boolean isDistribution(float[] row) {
        double sum = 0;
        for (float v : row) {
            if (!(v >= 0f && v <= 1f)) return false;
            sum += v;
        }
        return Math.abs(sum - 1) <= 1e-3;
    }

    /** Numerically stable softmax (the maximum is subtracted before exponentiating). */
    static float[] softmax(float[] logits) {
        float max = Float.NEGATIVE_INFINITY;
        for (float v : logits) max = Math.max(max, v);
        double[] e = new double[logits.length];
        double sum = 0;
        for (int i = 0; i < logits.length; i++) {
            e[i] = Math.exp(logits[i] - max);
            sum += e[i];
        }
        float[] p = new float[logits.length];
        for (int i = 0; i < p.length; i++) p[i] = (float) (e[i] / sum);
        return p;
    }
}
