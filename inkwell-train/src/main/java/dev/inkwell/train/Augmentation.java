package dev.inkwell.train;

import dev.inkwell.inference.AugmentationSettings;
import java.util.Random;

/**
 * On-the-fly augmentation: a random rotation, shift, scale and shear about the image centre, optionally followed by
 * an elastic distortion (Simard et al. 2003: a random displacement field smoothed with a Gaussian), sampled with
 * bilinear interpolation; pixels from outside the image are background (0). Applied to every channel alike.
 *
 * @param maxRotationDegrees rotation drawn uniformly from ±this
 * @param maxShift           shift in x and y drawn uniformly from ±this fraction of the image size
 * @param maxScaleChange     scale drawn uniformly from 1±this
 * @param maxShearDegrees    horizontal shear drawn uniformly from ±this
 * @param elasticAlpha       strength of the elastic displacement in pixels (0: none)
 * @param elasticSigma       smoothness of the displacement field (Gaussian σ in pixels)
 */
public record Augmentation(double maxRotationDegrees, double maxShift, double maxScaleChange, double maxShearDegrees,
                           double elasticAlpha, double elasticSigma) {
    public static final Augmentation NONE = new Augmentation(0, 0, 0, 0, 0, 0);
    /** Mild enough to keep digits legible (a 6 must not become a 9). */
    public static final Augmentation DIGITS = new Augmentation(8, 0.08, 0.08, 8, 0, 0);
    /**
     * Elastic setting for 28×28 digits: Simard et al.'s σ = 4 with a milder α than their 34, which on top of the
     * affine part warps thin strokes beyond recognition (a 4-pixel bar's ink varied 0.8–2× at α 34, 0.8–1.2× at 12).
     */
    public static final double ELASTIC_ALPHA = 12;
    public static final double ELASTIC_SIGMA = 4;

    public Augmentation {
        if (elasticAlpha < 0 || elasticSigma < 0 || (elasticAlpha > 0 && elasticSigma == 0)) {
            throw new IllegalArgumentException("elastic alpha and sigma must be >= 0 (sigma > 0 when alpha > 0)");
        }
    }

    /** These settings plus Simard's elastic distortion. */
    public Augmentation withElastic() {
        return new Augmentation(maxRotationDegrees, maxShift, maxScaleChange, maxShearDegrees, ELASTIC_ALPHA, ELASTIC_SIGMA);
    }

    /** These settings as a model card records them. */
    public AugmentationSettings settings() {
        return new AugmentationSettings(maxRotationDegrees, maxShift, maxScaleChange, maxShearDegrees, elasticAlpha, elasticSigma);
    }

    public boolean changesNothing() {
        return maxRotationDegrees == 0 && maxShift == 0 && maxScaleChange == 0 && maxShearDegrees == 0 && elasticAlpha == 0;
    }

    /**
     * Writes image {@code index} of {@code set}, transformed and normalised as {@code (x/255 - mean)/std}, to
     * {@code dst} at {@code dstOffset} (C×H×W floats).
     */
    public void apply(ImageSet set, int index, float[] dst, int dstOffset, Random random, float mean, float std) {
        InputShape s = set.shape();
        int h = s.height();
        int w = s.width();
        int plane = h * w;
        int src = index * s.pixels();
        byte[] px = set.pixels();
        float scale = 1f / (255f * std);
        float shift = mean / std;
        if (changesNothing()) {
            for (int i = 0; i < s.pixels(); i++) dst[dstOffset + i] = (px[src + i] & 0xff) * scale - shift;
            return;
        }
        double angle = Math.toRadians(uniform(random, maxRotationDegrees));
        double shear = Math.toRadians(uniform(random, maxShearDegrees));
        double zoom = 1 + uniform(random, maxScaleChange);
        double tx = uniform(random, maxShift) * w;
        double ty = uniform(random, maxShift) * h;
        double[][] field = elasticAlpha > 0 ? displacementField(w, h, random) : null;
        // forward map M = R(angle) · Shear(shear) · zoom; we sample with its inverse from output to input
        double cos = Math.cos(angle);
        double sin = Math.sin(angle);
        double k = Math.tan(shear);
        double a = zoom * cos;
        double b = zoom * (cos * k - sin);
        double c = zoom * sin;
        double d = zoom * (sin * k + cos);
        double det = a * d - b * c;
        double ia = d / det;
        double ib = -b / det;
        double ic = -c / det;
        double id = a / det;
        double cx = (w - 1) / 2.0;
        double cy = (h - 1) / 2.0;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double ox = x - cx - tx;
                double oy = y - cy - ty;
                double sx = ia * ox + ib * oy + cx;
                double sy = ic * ox + id * oy + cy;
                if (field != null) {
                    sx += field[0][y * w + x];
                    sy += field[1][y * w + x];
                }
                int x0 = (int) Math.floor(sx);
                int y0 = (int) Math.floor(sy);
                double fx = sx - x0;
                double fy = sy - y0;
                for (int ch = 0; ch < s.channels(); ch++) {
                    int base = src + ch * plane;
                    double v = (1 - fy) * ((1 - fx) * at(px, base, w, h, x0, y0) + fx * at(px, base, w, h, x0 + 1, y0))
                            + fy * ((1 - fx) * at(px, base, w, h, x0, y0 + 1) + fx * at(px, base, w, h, x0 + 1, y0 + 1));
                    dst[dstOffset + ch * plane + y * w + x] = (float) v * scale - shift;
                }
            }
        }
    }

    /** Two fields (dx, dy) of uniform noise in ±1, Gaussian-smoothed with σ and scaled by α. */
    private double[][] displacementField(int w, int h, Random random) {
        double[] kernel = gaussian(elasticSigma);
        double[][] out = new double[2][];
        for (int f = 0; f < 2; f++) {
            double[] noise = new double[w * h];
            for (int i = 0; i < noise.length; i++) noise[i] = random.nextDouble() * 2 - 1;
            out[f] = blur(noise, w, h, kernel, elasticAlpha);
        }
        return out;
    }

    private static double[] gaussian(double sigma) {
        int r = (int) Math.ceil(3 * sigma);
        double[] k = new double[2 * r + 1];
        double sum = 0;
        for (int i = -r; i <= r; i++) {
            k[i + r] = Math.exp(-(i * i) / (2 * sigma * sigma));
            sum += k[i + r];
        }
        for (int i = 0; i < k.length; i++) k[i] /= sum;
        return k;
    }

    /** Separable convolution with edge replication, times {@code gain}. */
    private static double[] blur(double[] in, int w, int h, double[] k, double gain) {
        int r = k.length / 2;
        double[] rows = new double[in.length];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double acc = 0;
                for (int i = -r; i <= r; i++) acc += k[i + r] * in[y * w + Math.clamp(x + i, 0, w - 1)];
                rows[y * w + x] = acc;
            }
        }
        double[] out = new double[in.length];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double acc = 0;
                for (int i = -r; i <= r; i++) acc += k[i + r] * rows[Math.clamp(y + i, 0, h - 1) * w + x];
                out[y * w + x] = acc * gain;
            }
        }
        return out;
    }

    private static int at(byte[] px, int base, int w, int h, int x, int y) {
        return x < 0 || y < 0 || x >= w || y >= h ? 0 : px[base + y * w + x] & 0xff;
    }

    private static double uniform(Random random, double max) {
        return max == 0 ? 0 : (random.nextDouble() * 2 - 1) * max;
    }
}
