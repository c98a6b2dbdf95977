package dev.inkwell.preprocess;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * Counting many values at once (in lanes) gives the counts that counting them one by one gives; a histogram handed
 * out again after {@code close} counts from empty.
 */
class HistogramTest {

    @Property(tries = 40)
    void addAllCountsWhatAddCounts(@ForAll @IntRange(min = 0, max = 70_000) int count, @ForAll long seed,
                                   @ForAll @IntRange(min = 0, max = 3) int kind) {
        Random r = new Random(seed);
        float[] values = new float[count + 3];
        for (int i = 0; i < values.length; i++) {
            values[i] = switch (kind) {
                case 0 -> 255f; // a drawing's paper: one level throughout
                case 1 -> r.nextFloat() * 255;
                case 2 -> r.nextInt(20) == 0 ? Float.NaN : r.nextFloat() * 400 - 50; // out of range and NaN too
                default -> r.nextInt(2) * 255f;
            };
        }
        Filters.Histogram one = new Filters.Histogram();
        for (int i = 0; i < count; i++) one.add(values[i]);
        Filters.Histogram all = new Filters.Histogram();
        all.addAll(values, count); // the 3 values past count are left out
        assertThat(all.wholeLevels()).isEqualTo(one.wholeLevels());
        for (double q : new double[] {0, 0.01, 0.25, 0.5, 0.9, 1}) assertThat(all.quantile(q)).as("q=%s", q).isEqualTo(one.quantile(q));
    }

    @Property(tries = 30)
    void aReopenedHistogramCountsFromEmpty(@ForAll @IntRange(min = 0, max = 3000) int count, @ForAll long seed) {
        Random r = new Random(seed);
        float[] values = new float[count];
        for (int i = 0; i < count; i++) values[i] = r.nextInt(10) == 0 ? Float.NaN : r.nextFloat() * 300 - 20;
        Filters.Histogram fresh = new Filters.Histogram();
        fresh.addAll(values, count);
        for (int round = 0; round < 12; round++) { // from the second round on, one closed before is handed out again
            try (Filters.Histogram h = Filters.Histogram.open()) {
                assertThat(h.wholeLevels()).containsOnly(0L);
                assertThat(h.quantile(0.5)).isZero();
                h.addAll(values, count);
                assertThat(h.wholeLevels()).isEqualTo(fresh.wholeLevels());
                for (double q : new double[] {0, 0.5, 0.99, 1}) assertThat(h.quantile(q)).isEqualTo(fresh.quantile(q));
            }
        }
    }
}
