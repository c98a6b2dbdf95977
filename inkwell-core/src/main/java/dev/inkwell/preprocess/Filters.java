package dev.inkwell.preprocess;

import dev.inkwell.core.IdlePool;
import dev.inkwell.image.GrayImage;
import java.util.Arrays;

/** Small image filters used by preprocessing: rank filters, blur, distance transform, thresholds. */
final class Filters {
    private Filters() {
    }

    // Math.max and Math.min on floats are calls in the client compiler's code (their NaN and signed-zero rules make
    // them too long to inline, and it has no intrinsic for them): the per-pixel loops use these, which give exactly
    // what the Math expressions in their comments give, NaN and -0 included, and are short enough to be inlined.

    /** {@code Math.max(0, Math.min(hi, v))} for a positive {@code hi}. */
    static float clamp(float v, float hi) {
        return v > 0 ? (v < hi ? v : hi) : (v == v ? 0f : v);
    }

    /** {@code Math.min(hi, v)} for a positive {@code hi}. */
    static float atMost(float v, float hi) {
        return v >= hi ? hi : v;
    }

    /** The values' maximum from 0 as {@code Math.max} folds it: NaN if any is NaN, never -0. */
    static float peak(float[] values) {
        return peak(values, values.length);
    }

    /** {@link #peak(float[])} of {@code values[0..count)}. */
    static float peak(float[] values, int count) {
        float peak = 0;
        for (int i = 0; i < count; i++) {
            float v = values[i];
            if (v > peak) {
                peak = v;
            } else if (v != v) {
                return v;
            }
        }
        return peak;
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

    /** Mean over a 3×3 square, borders clamped (separable: rows, then columns). */
    static GrayImage blur3(GrayImage src) {
        int w = src.width();
        int h = src.height();
        float[] in = src.pixels();
        float[] mid = new float[w * h];
        for (int y = 0; y < h; y++) {
            int row = y * w;
            for (int x = 0; x < w; x++) {
                mid[row + x] = in[row + Math.max(0, x - 1)] + in[row + x] + in[row + Math.min(w - 1, x + 1)];
            }
        }
        float[] out = new float[w * h];
        for (int y = 0; y < h; y++) {
            int up = Math.max(0, y - 1) * w;
            int row = y * w;
            int down = Math.min(h - 1, y + 1) * w;
            for (int x = 0; x < w; x++) {
                out[row + x] = (mid[up + x] + mid[row + x] + mid[down + x]) / 9f;
            }
        }
        return new GrayImage(w, h, out);
    }

    /**
     * The pixels within {@code r} (Chebyshev distance) of a set pixel: a binary dilation by a (2r+1)² square in
     * linear time, by running counts along rows and then columns.
     */
    static boolean[] near(boolean[] mask, int w, int h, int r) {
        int[] rowCount = Scratch.ints(w * h); // every element written before it is read
        try {
            return near(mask, w, h, r, rowCount);
        } finally {
            Scratch.give(rowCount);
        }
    }

    private static boolean[] near(boolean[] mask, int w, int h, int r, int[] rowCount) {
        for (int y = 0; y < h; y++) {
            int row = y * w;
            int count = 0;
            for (int x = 0; x < Math.min(r, w); x++) if (mask[row + x]) count++;
            for (int x = 0; x < w; x++) {
                int enter = x + r;
                int leave = x - r - 1;
                if (enter < w && mask[row + enter]) count++;
                if (leave >= 0 && mask[row + leave]) count--;
                rowCount[row + x] = count;
            }
        }
        boolean[] out = new boolean[w * h];
        for (int x = 0; x < w; x++) {
            int count = 0;
            for (int y = 0; y < Math.min(r, h); y++) if (rowCount[y * w + x] > 0) count++;
            for (int y = 0; y < h; y++) {
                int enter = y + r;
                int leave = y - r - 1;
                if (enter < h && rowCount[enter * w + x] > 0) count++;
                if (leave >= 0 && rowCount[leave * w + x] > 0) count--;
                out[y * w + x] = count > 0;
            }
        }
        return out;
    }

    /**
     * Otsu's threshold of values in 0–255 (256 bins): the level maximising the between-class variance of
     * "at or below" and "above". Returns 0 when all values are equal.
     */
    static int otsu(float[] values) {
        return otsuSplit(values).threshold();
    }

    /**
     * Otsu's split: the threshold and its separability, the share of the values' variance that lies between the
     * two classes (1 for two pure levels, 0.75 for evenly spread values, 0 when all are equal).
     */
    record Split(int threshold, double separability) {
    }

    static Split otsuSplit(float[] values) {
        long[] hist = new long[256];
        for (float v : values) {
            hist[bin(v)]++;
        }
        return otsuSplit(hist, values.length);
    }

    /** Otsu's split of a 256-bin histogram holding {@code total} values. */
    static Split otsuSplit(long[] hist, long total) {
        double sumAll = 0;
        double squares = 0;
        for (int i = 0; i < 256; i++) {
            sumAll += (double) i * hist[i];
            squares += (double) i * i * hist[i];
        }
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
        double variance = total == 0 ? 0 : squares / total - (sumAll / total) * (sumAll / total);
        double separability = best > 0 && variance > 0 ? Math.min(1, best / ((double) total * total) / variance) : 0;
        return new Split(threshold, separability);
    }

    static int bin(float v) {
        if (!(v > 0)) return 0;
        if (v >= 255) return 255;
        return (int) v;
    }

    /**
     * The q-quantile (0..1) of the first {@code count} values, which lie in 0–255: read from a histogram of
     * quarter-level bins, linear time (sorting a 1024×1024 picture's values took longer than everything else).
     */
    static float quantile(float[] values, int count, double q) {
        try (Histogram h = Histogram.open()) {
            h.addAll(values, count);
            return h.quantile(q);
        }
    }

    /**
     * Counts of values in 0–255 by quarter level, for quantiles without copying or sorting. A picture's preprocessing
     * counts six or more (4 KB each): {@link #open} reuses one that was closed, emptied.
     */
    static final class Histogram implements AutoCloseable {
        private static final int BINS = 1024;
        private static final IdlePool<Histogram> IDLE = new IdlePool<>(4 * Runtime.getRuntime().availableProcessors());
        private final int[] counts = new int[BINS];
        private long total;

        /** An empty histogram; {@link #close} it when done (try-with-resources), and touch it no more. */
        static Histogram open() {
            Histogram h = IDLE.poll();
            return h != null ? h : new Histogram();
        }

        /** Empties this histogram and keeps it for the next {@link #open}. */
        @Override
        public void close() {
            Arrays.fill(counts, 0);
            total = 0;
            IDLE.offer(this);
        }

        /** Values from which {@link #addAll} counts in lanes: below, the lanes' allocation costs more than it saves. */
        private static final int LANES_FROM = 16_384;

        void add(float v) {
            counts[bin(v)]++;
            total++;
        }

        /**
         * Adds {@code values[0..count)}. Many values are counted in four interleaved lanes, summed at the end (the same
         * counts): a drawing's paper is one level, and one lane's increments would each wait for the one before.
         */
        void addAll(float[] values, int count) {
            if (count < LANES_FROM) {
                for (int i = 0; i < count; i++) add(values[i]);
                return;
            }
            int[] lanes = new int[3 * BINS]; // lanes 1-3; lane 0 is counts itself
            int i = 0;
            for (; i + 3 < count; i += 4) {
                counts[bin(values[i])]++;
                lanes[bin(values[i + 1])]++;
                lanes[BINS + bin(values[i + 2])]++;
                lanes[2 * BINS + bin(values[i + 3])]++;
            }
            for (; i < count; i++) counts[bin(values[i])]++;
            for (int b = 0; b < BINS; b++) counts[b] += lanes[b] + lanes[BINS + b] + lanes[2 * BINS + b];
            total += count;
        }

        private static int bin(float v) {
            int b = !(v > 0) ? 0 : v >= 255 ? BINS - 1 : (int) (v * 4);
            return Math.min(BINS - 1, b);
        }

        /** The counts by whole level (bin 0–255 as {@link Filters#bin} puts a value): four quarter levels each. */
        long[] wholeLevels() {
            long[] out = new long[256];
            for (int b = 0; b < BINS; b++) out[b >> 2] += counts[b];
            return out;
        }

        float quantile(double q) {
            if (total == 0) return 0;
            long rank = Math.min(total - 1, Math.max(0, Math.round(q * (total - 1))));
            long seen = 0;
            for (int b = 0; b < BINS; b++) {
                seen += counts[b];
                if (seen > rank) return b / 4f;
            }
            return 255;
        }
    }

    /** The chamfer distances of a picture's ink to its background: their sum (in thirds of a pixel) and count. */
    record InkDistances(long sumThirds, int count) {
    }

    /**
     * Chamfer (3-4) distance of every pixel above {@code cut} (the ink) to the nearest pixel at or below it, in
     * thirds of a pixel (3 for ink touching the background), summed over the ink; pixels outside the picture count
     * as background. Two raster passes over one buffer with a ring of background around the picture, so no
     * neighbour needs a border check (this runs on every digit's 80-px working image), and the sum is taken as the
     * second pass settles each distance.
     */
    static InkDistances inkDistances(float[] px, int w, int h, float cut) {
        int[] d = Scratch.ints((w + 2) * (h + 2));
        try {
            return inkDistances(px, w, h, cut, d);
        } finally {
            Scratch.give(d);
        }
    }

    private static InkDistances inkDistances(float[] px, int w, int h, float cut, int[] d) {
        int big = 1 << 28;
        int pw = w + 2;
        // every element written first (a reused buffer holds the last picture's distances): the ring, then the picture
        Arrays.fill(d, 0, pw, 0);
        Arrays.fill(d, (h + 1) * pw, (h + 2) * pw, 0);
        for (int y = 0; y < h; y++) {
            int row = (y + 1) * pw;
            d[row] = 0;
            for (int x = 0, src = y * w, dst = row + 1; x < w; x++) {
                d[dst + x] = px[src + x] > cut ? big : 0;
            }
            d[row + w + 1] = 0;
        }
        for (int y = 1; y <= h; y++) {
            for (int i = y * pw + 1, end = i + w; i < end; i++) {
                int v = d[i];
                if (v == 0) continue;
                v = Math.min(v, d[i - 1] + 3);
                v = Math.min(v, d[i - pw] + 3);
                v = Math.min(v, d[i - pw - 1] + 4);
                d[i] = Math.min(v, d[i - pw + 1] + 4);
            }
        }
        long sum = 0;
        int count = 0;
        for (int y = h; y >= 1; y--) {
            for (int i = y * pw + w, end = y * pw; i > end; i--) {
                int v = d[i];
                if (v == 0) continue;
                v = Math.min(v, d[i + 1] + 3);
                v = Math.min(v, d[i + pw] + 3);
                v = Math.min(v, d[i + pw + 1] + 4);
                v = Math.min(v, d[i + pw - 1] + 4);
                d[i] = v;
                sum += v;
                count++;
            }
        }
        return new InkDistances(sum, count);
    }
}
