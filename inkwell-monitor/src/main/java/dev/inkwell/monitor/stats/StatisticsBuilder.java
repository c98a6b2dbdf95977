package dev.inkwell.monitor.stats;

import dev.inkwell.monitor.features.Feature;
import dev.inkwell.monitor.features.FeatureRow;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Collects {@link FeatureRow}s and computes their {@link Statistics}. Not thread-safe. */
public final class StatisticsBuilder {
    /** Items kept per numeric feature's sketch: KS distances computed from it are within 1/2048 of the exact ones. */
    public static final int SKETCH_SIZE = 2048;
    /** Equal-width buckets of the materialised distribution (Model Monitor's ten). */
    public static final int BUCKETS = 10;

    private final List<double[]> columns = new ArrayList<>();
    private final int[] sizes = new int[Feature.NUMERIC.size()];
    private final long[] missing = new long[Feature.NUMERIC.size()];
    private final Map<String, Long> classes = new TreeMap<>(Comparator.comparing((String s) -> s.length()).thenComparing(s -> s));
    private long classMissing;
    private long items;

    public StatisticsBuilder() {
        for (int i = 0; i < Feature.NUMERIC.size(); i++) columns.add(new double[1024]);
    }

    public StatisticsBuilder add(FeatureRow row) {
        items++;
        if (row.predictedClass() == null) classMissing++;
        else classes.merge(row.predictedClass(), 1L, Long::sum);
        double[] n = row.numbers();
        for (int i = 0; i < n.length; i++) {
            if (!Double.isFinite(n[i])) {
                missing[i]++;
                continue;
            }
            double[] col = columns.get(i);
            if (sizes[i] == col.length) columns.set(i, col = Arrays.copyOf(col, col.length * 2));
            col[sizes[i]++] = n[i];
        }
        return this;
    }

    public long items() {
        return items;
    }

    public Statistics build() {
        List<Statistics.FeatureStatistics> features = new ArrayList<>();
        for (Feature f : Feature.values()) {
            if (f.type().numeric()) {
                int i = f.numericIndex();
                features.add(new Statistics.FeatureStatistics(f.featureName(), f.type().jsonName(),
                        numerical(Arrays.copyOf(columns.get(i), sizes[i]), missing[i]), null));
            } else {
                features.add(new Statistics.FeatureStatistics(f.featureName(), f.type().jsonName(), null, categorical()));
            }
        }
        return new Statistics(0, new Statistics.DatasetSection(items), features);
    }

    private Statistics.StringStatistics categorical() {
        long present = classes.values().stream().mapToLong(Long::longValue).sum();
        List<Statistics.CategoricalBucket> buckets = classes.entrySet().stream()
                .map(e -> new Statistics.CategoricalBucket(e.getKey(), e.getValue())).toList();
        return new Statistics.StringStatistics(new Statistics.Common(present, classMissing), classes.size(),
                new Statistics.StringDistribution(new Statistics.Categorical(buckets)));
    }

    static Statistics.NumericalStatistics numerical(double[] values, long missing) {
        Statistics.Common common = new Statistics.Common(values.length, missing);
        if (values.length == 0) return new Statistics.NumericalStatistics(common, null, null, null, null, null, null);
        Arrays.sort(values);
        double sum = 0;
        for (double v : values) sum += v;
        double mean = sum / values.length;
        double squares = 0;
        for (double v : values) squares += (v - mean) * (v - mean);
        double std = Math.sqrt(squares / values.length);
        double min = values[0];
        double max = values[values.length - 1];
        return new Statistics.NumericalStatistics(common, mean, sum, std, min, max,
                new Statistics.NumericalDistribution(new Statistics.Kll(buckets(values, min, max),
                        new Statistics.KllSketch(new Statistics.KllParameters(0.64, SKETCH_SIZE), List.of(sketch(values))))));
    }

    /** Ten equal-width buckets from min to max (the last one closed); one bucket when all values are equal. */
    private static List<Statistics.KllBucket> buckets(double[] sorted, double min, double max) {
        if (max == min) return List.of(new Statistics.KllBucket(min, max, sorted.length));
        double width = (max - min) / BUCKETS;
        long[] counts = new long[BUCKETS];
        for (double v : sorted) counts[Math.min(BUCKETS - 1, (int) ((v - min) / width))]++;
        List<Statistics.KllBucket> out = new ArrayList<>(BUCKETS);
        for (int b = 0; b < BUCKETS; b++) {
            out.add(new Statistics.KllBucket(min + b * width, b == BUCKETS - 1 ? max : min + (b + 1) * width, counts[b]));
        }
        return out;
    }

    /** Every value when they fit, else {@link #SKETCH_SIZE} midpoint quantiles (each standing for n/SKETCH_SIZE values). */
    static List<Double> sketch(double[] sorted) {
        int n = sorted.length;
        int m = Math.min(n, SKETCH_SIZE);
        List<Double> out = new ArrayList<>(m);
        for (int i = 0; i < m; i++) {
            int at = n == m ? i : (int) Math.min(n - 1, (long) Math.floor((i + 0.5) * n / m));
            out.add(sorted[at]);
        }
        return out;
    }
}
