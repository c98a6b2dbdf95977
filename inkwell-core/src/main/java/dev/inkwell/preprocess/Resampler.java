package dev.inkwell.preprocess;

import dev.inkwell.image.GrayImage;
import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Separable resampling of grey images. Shrinking averages every source pixel by the area it covers (a box filter
 * with exact fractional coverage, like PIL's BOX / area interpolation) so thin strokes fade to grey instead of
 * vanishing or aliasing as with nearest-neighbour; enlarging interpolates linearly.
 */
final class Resampler {
    private Resampler() {
    }

    static GrayImage resize(GrayImage src, int newWidth, int newHeight) {
        float[] out = new float[newWidth * newHeight];
        resizeInto(src, newWidth, newHeight, out);
        return new GrayImage(newWidth, newHeight, out);
    }

    /**
     * {@link #resize} into {@code out[0..newWidth·newHeight)}, for a picture that is only looked at (out may be
     * longer and hold anything: every element in that range is written).
     */
    static void resizeInto(GrayImage src, int newWidth, int newHeight, float[] out) {
        if (newWidth == src.width() && newHeight == src.height()) {
            System.arraycopy(src.pixels(), 0, out, 0, newWidth * newHeight);
            return;
        }
        Kernel kx = Kernel.cached(src.width(), newWidth);
        Kernel ky = Kernel.cached(src.height(), newHeight);
        float[] mid = Scratch.floats(newWidth * src.height()); // every element written before it is read
        try {
            resize(src, newWidth, newHeight, kx, ky, mid, out);
        } finally {
            Scratch.give(mid);
        }
    }

    private static void resize(GrayImage src, int newWidth, int newHeight, Kernel kx, Kernel ky, float[] mid, float[] out) {
        int w = src.width();
        int h = src.height();
        float[] in = src.pixels();
        for (int y = 0; y < h; y++) {
            int row = y * w;
            if (kx.linear()) { // two taps an output, summed in the general loop's order (the same floats)
                int[] index = kx.index;
                float[] weight = kx.weight;
                for (int x = 0, k = 0, dst = y * newWidth; x < newWidth; x++, k += 2) {
                    mid[dst + x] = 0f + in[row + index[k]] * weight[k] + in[row + index[k + 1]] * weight[k + 1];
                }
                continue;
            }
            for (int x = 0; x < newWidth; x++) {
                float sum = 0;
                for (int k = kx.start[x]; k < kx.start[x + 1]; k++) {
                    sum += in[row + kx.index[k]] * kx.weight[k];
                }
                mid[y * newWidth + x] = sum;
            }
        }
        for (int y = 0; y < newHeight; y++) {
            if (ky.linear()) {
                int a = ky.index[2 * y] * newWidth;
                int b = ky.index[2 * y + 1] * newWidth;
                float wa = ky.weight[2 * y];
                float wb = ky.weight[2 * y + 1];
                for (int x = 0, dst = y * newWidth; x < newWidth; x++) {
                    out[dst + x] = 0f + mid[a + x] * wa + mid[b + x] * wb;
                }
                continue;
            }
            Arrays.fill(out, y * newWidth, (y + 1) * newWidth, 0f); // the sums start from 0, as in a new array
            for (int k = ky.start[y]; k < ky.start[y + 1]; k++) {
                int srcRow = ky.index[k] * newWidth;
                float wgt = ky.weight[k];
                int dst = y * newWidth;
                for (int x = 0; x < newWidth; x++) {
                    out[dst + x] += mid[srcRow + x] * wgt;
                }
            }
        }
    }

    /**
     * Sparse weights of one axis: output i reads index[start[i]..start[i+1]) with the matching weights; a
     * {@code linear} one (enlarging) reads exactly two, from 2i.
     */
    record Kernel(int[] start, int[] index, float[] weight, boolean linear) {
        /** Sides up to this are kept: a digit's crop, its working image and the model's box. */
        static final int CACHED_SIDE = 128;
        /** About this many pairs of sides at most are kept (2–6 KB each: a few hundred KB for the usual sizes, ~3 MB at most). */
        static final int CACHED_PAIRS = 512;
        private static final ConcurrentHashMap<Integer, Kernel> CACHE = new ConcurrentHashMap<>();

        /**
         * {@link #of}, kept for small sides: every digit resamples between a handful of sizes, and its kernels were a
         * twentieth of what a small picture's preprocessing allocated. Kernels are only read, so one serves all.
         */
        static Kernel cached(int n, int m) {
            if (n > CACHED_SIDE || m > CACHED_SIDE || n < 1 || m < 1) return of(n, m);
            Integer key = n << 16 | m;
            Kernel k = CACHE.get(key);
            if (k != null) return k;
            k = of(n, m);
            if (CACHE.size() < CACHED_PAIRS) CACHE.putIfAbsent(key, k);
            return k;
        }

        static Kernel of(int n, int m) {
            int[] start = new int[m + 1];
            int cap = m * (n / m + 3) + 2 * m;
            int[] index = new int[cap];
            float[] weight = new float[cap];
            int k = 0;
            double scale = (double) n / m;
            for (int i = 0; i < m; i++) {
                start[i] = k;
                if (scale >= 1) { // area: average the source span [i*scale, (i+1)*scale)
                    double a = i * scale;
                    double b = (i + 1) * scale;
                    for (int j = (int) Math.floor(a); j < Math.min(n, (int) Math.ceil(b)); j++) {
                        double cover = Math.min(b, j + 1) - Math.max(a, j);
                        if (cover > 1e-9) {
                            index[k] = j;
                            weight[k++] = (float) (cover / scale);
                        }
                    }
                } else { // linear, pixel centres aligned
                    double c = (i + 0.5) * scale - 0.5;
                    int j0 = (int) Math.floor(c);
                    double t = c - j0;
                    int a = Math.max(0, Math.min(n - 1, j0));
                    int b = Math.max(0, Math.min(n - 1, j0 + 1));
                    index[k] = a;
                    weight[k++] = (float) (1 - t);
                    index[k] = b;
                    weight[k++] = (float) t;
                }
            }
            start[m] = k;
            return new Kernel(start, index, weight, scale < 1);
        }
    }
}
