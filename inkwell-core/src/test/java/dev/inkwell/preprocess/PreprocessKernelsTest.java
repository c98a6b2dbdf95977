package dev.inkwell.preprocess;

import static org.assertj.core.api.Assertions.assertThat;

import dev.inkwell.image.GrayImage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/** The hot loops rewritten for speed give what the plain loops gave, to the bit. */
class PreprocessKernelsTest {

    /** The cell means as one cell at a time, each cell row's values summed left to right: the reference. */
    private static float[] plainCellMeans(float[] g, int w, int ox, int oy, int f, int nw, int nh) {
        float[] out = new float[nw * nh];
        float[] sums = new float[nw];
        float k = 1f / (f * f);
        for (int cy = 0; cy < nh; cy++) {
            Arrays.fill(sums, 0);
            for (int y = oy + cy * f; y < oy + (cy + 1) * f; y++) {
                int p = y * w + ox;
                for (int cx = 0; cx < nw; cx++) {
                    float s = 0;
                    for (int i = 0; i < f; i++) s += g[p++];
                    sums[cx] += s;
                }
            }
            for (int cx = 0; cx < nw; cx++) out[cy * nw + cx] = sums[cx] * k;
        }
        return out;
    }

    @Property(tries = 300)
    void cellMeansAreTheSameFloatsAsOneCellAtATime(@ForAll @IntRange(min = 1, max = 7) int f, @ForAll @IntRange(min = 1, max = 60) int w,
                                                   @ForAll @IntRange(min = 1, max = 40) int h, @ForAll long seed) {
        Random r = new Random(seed);
        float[] g = new float[w * h];
        for (int i = 0; i < g.length; i++) g[i] = r.nextInt(5) == 0 ? r.nextInt(256) : r.nextFloat() * 255; // whole and fractional grey
        int ox = r.nextInt(Math.min(f, w));
        int oy = r.nextInt(Math.min(f, h));
        int nw = (w - ox) / f;
        int nh = (h - oy) / f;
        if (nw == 0 || nh == 0) return;
        float[] fast = Preprocessor.cellMeans(g, w, ox, oy, f, nw, nh);
        assertThat(Arrays.equals(fast, plainCellMeans(g, w, ox, oy, f, nw, nh))).isTrue();
    }

    /** Grey values as pictures hold them, with now and then a value no picture should hold (NaN, -0, ±∞, out of range). */
    private static float[] picture(Random r, int n, boolean odd) {
        float[] g = new float[n];
        float[] strange = {Float.NaN, -0f, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, -3.5f, 300f};
        for (int i = 0; i < n; i++) {
            g[i] = switch (r.nextInt(6)) {
                case 0 -> 0;
                case 1 -> 255;
                case 2 -> r.nextInt(256);
                default -> r.nextFloat() * 255;
            };
            if (odd && r.nextInt(40) == 0) g[i] = strange[r.nextInt(strange.length)];
        }
        return g;
    }

    /** The chamfer distance as a mask and two passes with a border check for every neighbour: the reference. */
    private static long[] plainInkDistances(float[] px, int w, int h, float cut) {
        boolean[] ink = new boolean[px.length];
        for (int i = 0; i < px.length; i++) ink[i] = px[i] > cut;
        int[] d = new int[w * h];
        for (int i = 0; i < d.length; i++) d[i] = ink[i] ? 1 << 28 : 0;
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
        long sum = 0;
        int n = 0;
        for (int i = 0; i < px.length; i++) {
            if (ink[i]) {
                sum += d[i];
                n++;
            }
        }
        return new long[] {sum, n};
    }

    @Property(tries = 400)
    void inkDistancesAreThoseOfTheBorderCheckedPasses(@ForAll @IntRange(min = 1, max = 90) int w,
                                                      @ForAll @IntRange(min = 1, max = 90) int h, @ForAll long seed) {
        Random r = new Random(seed);
        float[] px = picture(r, w * h, r.nextBoolean());
        float cut = r.nextInt(4) == 0 ? 0 : r.nextFloat() * 255;
        Filters.InkDistances fast = Filters.inkDistances(px, w, h, cut);
        assertThat(new long[] {fast.sumThirds(), fast.count()}).containsExactly(plainInkDistances(px, w, h, cut));
    }

    @Property(tries = 300)
    void strokeWidthIsTheBorderCheckedOne(@ForAll @IntRange(min = 1, max = 90) int w, @ForAll @IntRange(min = 1, max = 90) int h,
                                          @ForAll long seed) {
        Random r = new Random(seed);
        float[] px = picture(r, w * h, r.nextInt(4) == 0);
        float peak = 0;
        for (float v : px) peak = Math.max(peak, v);
        long[] plain = plainInkDistances(px, w, h, Math.min(127.5f, peak / 2));
        double expected = plain[1] == 0 ? 0 : Math.max(1, 4 * (plain[0] / 3.0) / plain[1] - 2);
        assertThat(Preprocessor.strokeWidth(new GrayImage(w, h, px))).isEqualTo(expected);
    }

    /** Resampling with one loop over every output's taps (Resampler's kernels), as before enlarging had its two-tap loops. */
    private static float[] plainResize(float[] in, int w, int h, int nw, int nh) {
        Resampler.Kernel kx = Resampler.Kernel.of(w, nw);
        Resampler.Kernel ky = Resampler.Kernel.of(h, nh);
        float[] mid = new float[nw * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < nw; x++) {
                float sum = 0;
                for (int k = kx.start()[x]; k < kx.start()[x + 1]; k++) sum += in[y * w + kx.index()[k]] * kx.weight()[k];
                mid[y * nw + x] = sum;
            }
        }
        float[] out = new float[nw * nh];
        for (int y = 0; y < nh; y++) {
            for (int k = ky.start()[y]; k < ky.start()[y + 1]; k++) {
                for (int x = 0; x < nw; x++) out[y * nw + x] += mid[ky.index()[k] * nw + x] * ky.weight()[k];
            }
        }
        return out;
    }

    @Property(tries = 400)
    void resizingGivesTheOneLoopFloats(@ForAll @IntRange(min = 1, max = 60) int w, @ForAll @IntRange(min = 1, max = 60) int h,
                                       @ForAll @IntRange(min = 1, max = 100) int nw, @ForAll @IntRange(min = 1, max = 100) int nh,
                                       @ForAll long seed) {
        float[] in = picture(new Random(seed), w * h, false);
        float[] fast = Resampler.resize(new GrayImage(w, h, in), nw, nh).pixels();
        assertThat(Arrays.equals(fast, plainResize(in, w, h, nw, nh))).isTrue();
    }

    /** Whether any set pixel lies in the (2r+1)² square around each pixel, looked at one by one: the reference. */
    private static boolean[] plainNear(boolean[] mask, int w, int h, int r) {
        boolean[] out = new boolean[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                for (int v = Math.max(0, y - r); v <= Math.min(h - 1, y + r) && !out[y * w + x]; v++) {
                    for (int u = Math.max(0, x - r); u <= Math.min(w - 1, x + r); u++) {
                        if (mask[v * w + u]) {
                            out[y * w + x] = true;
                            break;
                        }
                    }
                }
            }
        }
        return out;
    }

    private static boolean[] mask(Random r, int n) {
        boolean[] mask = new boolean[n];
        int density = 1 + r.nextInt(30);
        for (int i = 0; i < n; i++) mask[i] = r.nextInt(density) == 0;
        return mask;
    }

    @Property(tries = 300)
    void nearIsTheSquareDilation(@ForAll @IntRange(min = 1, max = 70) int w, @ForAll @IntRange(min = 1, max = 70) int h,
                                 @ForAll @IntRange(min = 0, max = 6) int radius, @ForAll long seed) {
        boolean[] mask = mask(new Random(seed), w * h);
        assertThat(Filters.near(mask, w, h, radius)).isEqualTo(plainNear(mask, w, h, radius));
    }

    @Property(tries = 200)
    void aKeptKernelIsTheOneMadeAnew(@ForAll @IntRange(min = 1, max = 300) int n, @ForAll @IntRange(min = 1, max = 300) int m) {
        Resampler.Kernel kept = Resampler.Kernel.cached(n, m);
        Resampler.Kernel made = Resampler.Kernel.of(n, m);
        assertThat(kept.start()).isEqualTo(made.start());
        assertThat(kept.index()).isEqualTo(made.index());
        assertThat(kept.weight()).isEqualTo(made.weight());
        assertThat(kept.linear()).isEqualTo(made.linear());
        assertThat(Resampler.Kernel.cached(n, m)).as("kept for small sides only").matches(
                k -> (k == kept) == (n <= Resampler.Kernel.CACHED_SIDE && m <= Resampler.Kernel.CACHED_SIDE));
    }

    /**
     * The distances, the dilation and resampling reuse their working arrays (Scratch), and resampling writes into
     * arrays used before: pictures one after another, from four threads at once, every third all ink (a buffer left
     * full of large distances), sizes on both sides of the arrays' smallest size, each get the reference's answer.
     */
    @Example
    void reusedWorkingArraysGiveEveryPictureItsOwnAnswer() throws Exception {
        try (ExecutorService threads = Executors.newFixedThreadPool(4)) {
            List<Future<?>> runs = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                Random r = new Random(t);
                runs.add(threads.submit(() -> {
                    for (int i = 0; i < 150; i++) {
                        int w = 1 + r.nextInt(100);
                        int h = 1 + r.nextInt(100);
                        float[] px = picture(r, w * h, false);
                        if (i % 3 == 0) Arrays.fill(px, 255);
                        float cut = r.nextFloat() * 200;
                        Filters.InkDistances got = Filters.inkDistances(px, w, h, cut);
                        assertThat(new long[] {got.sumThirds(), got.count()}).as("%dx%d #%d", w, h, i)
                                .containsExactly(plainInkDistances(px, w, h, cut));
                        int nw = 1 + r.nextInt(100);
                        int nh = 1 + r.nextInt(100);
                        float[] plain = plainResize(px, w, h, nw, nh);
                        assertThat(Resampler.resize(new GrayImage(w, h, px), nw, nh).pixels()).as("%dx%d to %dx%d", w, h, nw, nh)
                                .isEqualTo(plain);
                        boolean[] mask = mask(r, w * h);
                        int radius = r.nextInt(4);
                        assertThat(Filters.near(mask, w, h, radius)).as("near, %dx%d r=%d", w, h, radius)
                                .isEqualTo(plainNear(mask, w, h, radius));
                        float[] used = new float[nw * nh + r.nextInt(50)]; // a reused array: longer, holding anything
                        Arrays.fill(used, i % 2 == 0 ? Float.NaN : 77f);
                        Resampler.resizeInto(new GrayImage(w, h, px), nw, nh, used);
                        assertThat(Arrays.copyOf(used, nw * nh)).as("into a used array").isEqualTo(plain);
                    }
                    return null;
                }));
            }
            for (Future<?> run : runs) run.get();
        }
    }

    @Provide
    Arbitrary<Float> anyFloat() {
        return Arbitraries.oneOf(Arbitraries.floats(), Arbitraries.floats().between(-2, 300),
                Arbitraries.of(Float.NaN, -0f, 0f, 1f, 255f, Float.MIN_VALUE, -Float.MIN_VALUE, Float.MAX_VALUE,
                        Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY));
    }

    @Property(tries = 500)
    void clampsAreTheMathExpressionsToTheBit(@ForAll("anyFloat") float v) {
        assertThat(Float.floatToIntBits(Filters.clamp(v, 255))).isEqualTo(Float.floatToIntBits(Math.max(0, Math.min(255, v))));
        assertThat(Float.floatToIntBits(Filters.clamp(v, 1))).isEqualTo(Float.floatToIntBits(Math.max(0, Math.min(1, v))));
        assertThat(Float.floatToIntBits(Filters.atMost(v, 255))).isEqualTo(Float.floatToIntBits(Math.min(255, v)));
    }

    @Property(tries = 300)
    void peakIsMathMaxFoldedFromZero(@ForAll @IntRange(min = 0, max = 50) int n, @ForAll long seed) {
        Random r = new Random(seed);
        float[] values = picture(r, n, true);
        for (int i = 0; i < n; i++) if (r.nextInt(5) == 0) values[i] = -values[i];
        float expected = 0;
        for (float v : values) expected = Math.max(expected, v);
        assertThat(Float.floatToIntBits(Filters.peak(values))).isEqualTo(Float.floatToIntBits(expected));
    }
}
