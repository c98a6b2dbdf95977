package dev.inkwell.preprocess;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
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
}
