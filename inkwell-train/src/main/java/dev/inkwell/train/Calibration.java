package dev.inkwell.train;

/**
 * Temperature scaling (Guo et al. 2017): one scalar {@code T} that divides the logits so the softmax probabilities
 * match how often the model is right. Training with label smoothing leaves a network under-confident (a clean digit
 * at ~0.93), which breaks confidence gates; {@code T < 1} sharpens it again. Fitted on held-out images by minimising
 * their log loss, so the test set stays untouched; arg-max (accuracy) never changes.
 *
 * @param temperature      the fitted {@code T}
 * @param logLossBefore    mean negative log-likelihood of the held-out labels at {@code T = 1}
 * @param logLossAfter     the same at the fitted {@code T}
 */
public record Calibration(double temperature, double logLossBefore, double logLossAfter) {
    /** Bounds of 1/T searched: a temperature between 0.05 and 20. */
    private static final double MIN_SHARPNESS = 0.05;
    private static final double MAX_SHARPNESS = 20;
    private static final double SMALLEST_PROBABILITY = 1e-30;

    /**
     * Fits {@code T} to softmax probabilities {@code p} ({@code labels.length × classes}, row-major) and their labels.
     * Works on {@code log p}, which equals the logits up to a per-row constant that softmax ignores.
     */
    public static Calibration fit(float[] p, int[] labels, int classes) {
        if (labels.length == 0) throw new IllegalArgumentException("calibration needs at least one held-out image");
        if (p.length != labels.length * classes) {
            throw new IllegalArgumentException(p.length + " probabilities for " + labels.length + " images of " + classes + " classes");
        }
        double[] logits = new double[p.length];
        for (int i = 0; i < p.length; i++) logits[i] = Math.log(Math.max(SMALLEST_PROBABILITY, p[i]));
        // the log loss is convex in the sharpness b = 1/T (log-sum-exp of a linear function minus a linear one),
        // so a golden-section search finds its minimum
        double lo = MIN_SHARPNESS;
        double hi = MAX_SHARPNESS;
        double g = (Math.sqrt(5) - 1) / 2;
        double a = hi - g * (hi - lo);
        double b = lo + g * (hi - lo);
        double fa = logLoss(logits, labels, classes, a);
        double fb = logLoss(logits, labels, classes, b);
        for (int i = 0; i < 100 && hi - lo > 1e-6; i++) {
            if (fa <= fb) {
                hi = b;
                b = a;
                fb = fa;
                a = hi - g * (hi - lo);
                fa = logLoss(logits, labels, classes, a);
            } else {
                lo = a;
                a = b;
                fa = fb;
                b = lo + g * (hi - lo);
                fb = logLoss(logits, labels, classes, b);
            }
        }
        double sharpness = (lo + hi) / 2;
        double before = logLoss(logits, labels, classes, 1);
        double after = logLoss(logits, labels, classes, sharpness);
        if (after > before) return new Calibration(1, before, before); // never worse than leaving the model alone
        return new Calibration(1 / sharpness, before, after);
    }

    /** Mean negative log-likelihood of {@code labels} under softmax(sharpness · logits). */
    static double logLoss(double[] logits, int[] labels, int classes, double sharpness) {
        double sum = 0;
        for (int i = 0; i < labels.length; i++) {
            int row = i * classes;
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < classes; j++) max = Math.max(max, sharpness * logits[row + j]);
            double z = 0;
            for (int j = 0; j < classes; j++) z += Math.exp(sharpness * logits[row + j] - max);
            sum += max + Math.log(z) - sharpness * logits[row + labels[i]];
        }
        return sum / labels.length;
    }
}
