package dev.inkwell.preprocess;

import dev.inkwell.image.GrayImage;
import java.util.Arrays;

/** Small image filters used by preprocessing: rank filters, blur, distance transform, thresholds. */
final class Filters {
    private Filters() {
    }

    /** Minimum ({@code max=false}) or maximum over a (2r+1)² square, separable, borders clamped. */
    static GrayImage rank(GrayImage src, int r, boolean max) {
        int w = src.width();
        int h = src.height();
        float[] in = src.pixels();
        float[] mid = new float[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                float v = in[y * w + x];
                for (int d = Math.max(0, x - r); d <= Math.min(w - 1, x + r); d++) {
                    float u = in[y * w + d];
                    v = max ? Math.max(v, u) : Math.min(v, u);
                }
                mid[y * w + x] = v;
            }
        }
        float[] out = new float[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                float v = mid[y * w + x];
                for (int d = Math.max(0, y - r); d <= Math.min(h - 1, y + r); d++) {
                    float u = mid[d * w + x];
                    v = max ? Math.max(v, u) : Math.min(v, u);
                }
                out[y * w + x] = v;
            }
        }
        return new GrayImage(w, h, out);
    }

    /** Grey dilation ({@code max=true}) or erosion over a disc of radius {@code r}: keeps round stroke ends round. */
    static GrayImage disc(GrayImage src, int r, boolean max) {
        int w = src.width();
        int h = src.height();
        float[] in = src.pixels();
        float[] out = new float[w * h];
        int[] reach = new int[r + 1];
        for (int dy = 0; dy <= r; dy++) {
            reach[dy] = (int) Math.floor(Math.sqrt((r + 0.5) * (r + 0.5) - dy * dy));
        }
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                float v = max ? Float.NEGATIVE_INFINITY : Float.POSITIVE_INFINITY;
                for (int dy = -r; dy <= r; dy++) {
                    int yy = y + dy;
                    int dx = reach[Math.abs(dy)];
                    if (yy < 0 || yy >= h) {
                        if (!max) v = 0; // outside is background: erosion eats strokes touching the edge
                        continue;
                    }
                    for (int xx = x - dx; xx <= x + dx; xx++) {
                        float u = (xx < 0 || xx >= w) ? 0 : in[yy * w + xx];
                        v = max ? Math.max(v, u) : Math.min(v, u);
                    }
                }
                out[y * w + x] = v;
            }
        }
        return new GrayImage(w, h, out);
    }

    /** Mean over a 3×3 square, borders clamped. */
    static GrayImage blur3(GrayImage src) {
        int w = src.width();
        int h = src.height();
        float[] in = src.pixels();
        float[] out = new float[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                float sum = 0;
                for (int dy = -1; dy <= 1; dy++) {
                    int yy = Math.max(0, Math.min(h - 1, y + dy));
                    for (int dx = -1; dx <= 1; dx++) {
                        int xx = Math.max(0, Math.min(w - 1, x + dx));
                        sum += in[yy * w + xx];
                    }
                }
                out[y * w + x] = sum / 9f;
            }
        }
        return new GrayImage(w, h, out);
    }

    /**
     * Otsu's threshold of values in 0–255 (256 bins): the level maximising the between-class variance of
     * "at or below" and "above". Returns 0 when all values are equal.
     */
    static int otsu(float[] values) {
        long[] hist = new long[256];
        for (float v : values) {
            hist[bin(v)]++;
        }
        long total = values.length;
        double sumAll = 0;
        for (int i = 0; i < 256; i++) sumAll += (double) i * hist[i];
        double sumB = 0;
        long wB = 0;
        double best = -1;
        int threshold = 0;
        for (int t = 0; t < 255; t++) {
            wB += hist[t];
            if (wB == 0) continue;
            long wF = total - wB;
            if (wF == 0) break;
            sumB += (double) t * hist[t];
            double mB = sumB / wB;
            double mF = (sumAll - sumB) / wF;
            double between = (double) wB * wF * (mB - mF) * (mB - mF);
            if (between > best) {
                best = between;
                threshold = t;
            }
        }
        return threshold;
    }

    static int bin(float v) {
        if (!(v > 0)) return 0;
        if (v >= 255) return 255;
        return (int) v;
    }

    /** The q-quantile (0..1) of {@code values}, by sorting a copy. */
    static float quantile(float[] values, int count, double q) {
        if (count == 0) return 0;
        float[] copy = Arrays.copyOf(values, count);
        Arrays.sort(copy);
        int i = (int) Math.min(count - 1, Math.max(0, Math.round(q * (count - 1))));
        return copy[i];
    }

    /**
     * Chamfer (3-4) distance of every {@code ink} pixel to the nearest background pixel, in pixels: 1 for a pixel
     * touching the background. Pixels outside the image count as background.
     */
    static float[] distanceToBackground(boolean[] ink, int w, int h) {
        int big = 1 << 28;
        int[] d = new int[w * h];
        for (int i = 0; i < d.length; i++) d[i] = ink[i] ? big : 0;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int i = y * w + x;
                if (d[i] == 0) continue;
                int v = d[i];
                v = Math.min(v, (x > 0 ? d[i - 1] : 0) + 3);
                v = Math.min(v, (y > 0 ? d[i - w] : 0) + 3);
                v = Math.min(v, (x > 0 && y > 0 ? d[i - w - 1] : 0) + 4);
                v = Math.min(v, (x < w - 1 && y > 0 ? d[i - w + 1] : 0) + 4);
                d[i] = v;
            }
        }
        for (int y = h - 1; y >= 0; y--) {
            for (int x = w - 1; x >= 0; x--) {
                int i = y * w + x;
                if (d[i] == 0) continue;
                int v = d[i];
                v = Math.min(v, (x < w - 1 ? d[i + 1] : 0) + 3);
                v = Math.min(v, (y < h - 1 ? d[i + w] : 0) + 3);
                v = Math.min(v, (x < w - 1 && y < h - 1 ? d[i + w + 1] : 0) + 4);
                v = Math.min(v, (x > 0 && y < h - 1 ? d[i + w - 1] : 0) + 4);
                d[i] = v;
            }
        }
        float[] out = new float[w * h];
        for (int i = 0; i < d.length; i++) out[i] = d[i] / 3f;
        return out;
    }
}
