package dev.inkwell.monitor.features;

import dev.inkwell.image.GrayImage;

/**
 * Computes a reading's {@link FeatureRow} from the probabilities the model gave and the model input it saw. Baselines
 * and captured traffic go through this one method, so their statistics are comparable. Pixels are read as the
 * capture stores them (rounded and clamped to 0–255), so a reading gives the same features before and after a
 * round trip through a capture record's PNG.
 */
public final class FeatureExtractor {
    /** A pixel counts as ink for {@link Feature#INK_FRACTION} from this value (0–1) up. */
    public static final double INK_THRESHOLD = 0.5;
    /** A pixel belongs to the ink box from this value (0–1) up: anti-aliased edges count, faint noise does not. */
    public static final double BOX_THRESHOLD = 0.2;

    private FeatureExtractor() {
    }

    /**
     * @param label         the predicted class's name
     * @param probabilities every class's probability (summing to about 1)
     * @param modelInput    the image the model saw, 0–255 with ink high
     */
    public static FeatureRow of(String label, float[] probabilities, GrayImage modelInput) {
        double[] n = new double[Feature.NUMERIC.size()];
        scores(probabilities, n);
        image(modelInput, n);
        return new FeatureRow(label, n);
    }

    private static void scores(float[] p, double[] n) {
        double top = 0;
        double second = 0;
        double entropy = 0;
        for (float v : p) {
            double x = Float.isFinite(v) ? Math.max(0, v) : 0;
            if (x > top) {
                second = top;
                top = x;
            } else if (x > second) {
                second = x;
            }
            if (x > 0) entropy -= x * Math.log(x);
        }
        n[Feature.TOP_PROBABILITY.numericIndex()] = top;
        n[Feature.ENTROPY.numericIndex()] = Math.max(0, entropy);
        n[Feature.MARGIN.numericIndex()] = top - second;
    }

    private static void image(GrayImage image, double[] n) {
        int w = image.width();
        int h = image.height();
        float[] px = image.pixels();
        double sum = 0;
        double sumX = 0;
        double sumY = 0;
        int ink = 0;
        int minX = w;
        int minY = h;
        int maxX = -1;
        int maxY = -1;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double v = asStored(px[y * w + x]) / 255.0;
                sum += v;
                sumX += v * x;
                sumY += v * y;
                if (v >= INK_THRESHOLD) ink++;
                if (v >= BOX_THRESHOLD) {
                    minX = Math.min(minX, x);
                    maxX = Math.max(maxX, x);
                    minY = Math.min(minY, y);
                    maxY = Math.max(maxY, y);
                }
            }
        }
        int count = w * h;
        n[Feature.MEAN_INTENSITY.numericIndex()] = sum / count;
        n[Feature.INK_FRACTION.numericIndex()] = (double) ink / count;
        boolean box = maxX >= 0;
        n[Feature.INK_BOX_WIDTH.numericIndex()] = box ? maxX - minX + 1 : Double.NaN;
        n[Feature.INK_BOX_HEIGHT.numericIndex()] = box ? maxY - minY + 1 : Double.NaN;
        n[Feature.INK_BOX_X.numericIndex()] = box ? minX : Double.NaN;
        n[Feature.INK_BOX_Y.numericIndex()] = box ? minY : Double.NaN;
        // pixel centres: a single lit pixel at column 0 has its centre at 0.5
        n[Feature.CENTER_OF_MASS_X.numericIndex()] = sum > 0 ? sumX / sum + 0.5 : Double.NaN;
        n[Feature.CENTER_OF_MASS_Y.numericIndex()] = sum > 0 ? sumY / sum + 0.5 : Double.NaN;
    }

    /** The value a PNG of the image holds: rounded and clamped to 0–255 (NaN as 0). */
    private static int asStored(float v) {
        if (!(v > 0)) return 0;
        return v >= 255 ? 255 : Math.round(v);
    }
}
