package dev.inkwell.train;

import java.util.Random;

/**
 * On-the-fly augmentation: a random rotation, shift, scale and shear about the image centre, sampled with
 * bilinear interpolation; pixels from outside the image are background (0). Applied to every channel alike.
 *
 * @param maxRotationDegrees rotation drawn uniformly from ±this
 * @param maxShift           shift in x and y drawn uniformly from ±this fraction of the image size
 * @param maxScaleChange     scale drawn uniformly from 1±this
 * @param maxShearDegrees    horizontal shear drawn uniformly from ±this
 */
public record RandomAffine(double maxRotationDegrees, double maxShift, double maxScaleChange, double maxShearDegrees) {
    public static final RandomAffine NONE = new RandomAffine(0, 0, 0, 0);
    /** Mild enough to keep digits legible (a 6 must not become a 9). */
    public static final RandomAffine DIGITS = new RandomAffine(8, 0.08, 0.08, 8);

    public boolean changesNothing() {
        return maxRotationDegrees == 0 && maxShift == 0 && maxScaleChange == 0 && maxShearDegrees == 0;
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

    private static int at(byte[] px, int base, int w, int h, int x, int y) {
        return x < 0 || y < 0 || x >= w || y >= h ? 0 : px[base + y * w + x] & 0xff;
    }

    private static double uniform(Random random, double max) {
        return max == 0 ? 0 : (random.nextDouble() * 2 - 1) * max;
    }
}
