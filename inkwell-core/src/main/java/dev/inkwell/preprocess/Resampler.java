package dev.inkwell.preprocess;

import dev.inkwell.image.GrayImage;

/**
 * Separable resampling of grey images. Shrinking averages every source pixel by the area it covers (a box filter
 * with exact fractional coverage, like PIL's BOX / area interpolation) so thin strokes fade to grey instead of
 * vanishing or aliasing as with nearest-neighbour; enlarging interpolates linearly.
 */
final class Resampler {
    private Resampler() {
    }

    static GrayImage resize(GrayImage src, int newWidth, int newHeight) {
        if (newWidth == src.width() && newHeight == src.height()) {
            return new GrayImage(newWidth, newHeight, src.pixels().clone());
        }
        Kernel kx = Kernel.of(src.width(), newWidth);
        Kernel ky = Kernel.of(src.height(), newHeight);
        int w = src.width();
        int h = src.height();
        float[] in = src.pixels();
        float[] mid = new float[newWidth * h];
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
        float[] out = new float[newWidth * newHeight];
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
            for (int k = ky.start[y]; k < ky.start[y + 1]; k++) {
                int srcRow = ky.index[k] * newWidth;
                float wgt = ky.weight[k];
                int dst = y * newWidth;
                for (int x = 0; x < newWidth; x++) {
                    out[dst + x] += mid[srcRow + x] * wgt;
                }
            }
        }
        return new GrayImage(newWidth, newHeight, out);
    }

    /**
     * Sparse weights of one axis: output i reads index[start[i]..start[i+1]) with the matching weights; a
     * {@code linear} one (enlarging) reads exactly two, from 2i.
     */
    record Kernel(int[] start, int[] index, float[] weight, boolean linear) {
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
