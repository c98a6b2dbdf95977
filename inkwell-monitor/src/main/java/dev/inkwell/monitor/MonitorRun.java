package dev.inkwell.monitor;

import dev.inkwell.bucket.Buckets;
import dev.inkwell.monitor.capture.CaptureRecord;
import dev.inkwell.monitor.features.Feature;
import dev.inkwell.monitor.features.FeatureRow;
import dev.inkwell.monitor.stats.ConstraintChecker;
import dev.inkwell.monitor.stats.Statistics;
import dev.inkwell.monitor.stats.StatisticsBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * One monitoring run, as a plain call a scheduler can make: reads an endpoint's captures of a window, computes their
 * statistics with the baseline's features, checks them against the baseline's constraints and returns everything
 * the report and the metrics need. Nothing is written; {@link dev.inkwell.monitor.report.MonitorReport} writes files.
 */
public final class MonitorRun {
    private static final List<Duration> BIN_SIZES = List.of(Duration.ofMinutes(1), Duration.ofMinutes(5), Duration.ofMinutes(15),
            Duration.ofHours(1), Duration.ofHours(6), Duration.ofDays(1), Duration.ofDays(7));
    private static final int MAX_BINS = 120;
    /** The reservoir's seed: the same captures give the same statistics. */
    private static final long SEED = 20261122L;

    private MonitorRun() {
    }

    /** Captures of {@code endpoint} at the default destination ({@code s3://captures/}), judged with the default options. */
    public static MonitorResult run(Buckets buckets, String endpoint, Baseline baseline, CaptureWindow window) {
        return run(buckets, endpoint, baseline, window, MonitorOptions.defaults());
    }

    public static MonitorResult run(Buckets buckets, String endpoint, Baseline baseline, CaptureWindow window, MonitorOptions options) {
        Collector c = new Collector(window, options);
        CaptureScanner.Scan scan = CaptureScanner.scan(buckets, options.location(), endpoint, window, c::add);
        return c.result(endpoint, options, scan, baseline);
    }

    /** A reading kept for the statistics, without its picture. */
    private record Kept(Instant time, double latencyMs, FeatureRow features) {
    }

    private static final class Collector {
        private final CaptureWindow window;
        private final MonitorOptions options;
        private final Duration bin;
        private final long[] binReadings;
        private final long[] binLow;
        private final List<Kept> kept = new ArrayList<>();
        private final SplittableRandom random = new SplittableRandom(SEED);
        /** The least confident readings so far, most confident first (evicted first). */
        private final PriorityQueue<MonitorResult.GridImage> grid =
                new PriorityQueue<>(Comparator.comparingDouble(MonitorResult.GridImage::probability).reversed());
        private final Map<String, Long> variants = new TreeMap<>();
        private final Map<String, Long> models = new TreeMap<>();
        private long readings;
        private long leftOut;
        private long unusable;
        private long low;

        Collector(CaptureWindow window, MonitorOptions options) {
            this.window = window;
            this.options = options;
            this.bin = binSize(window.length());
            int bins = (int) Math.max(1, Math.min(100_000, (window.length().toMillis() + bin.toMillis() - 1) / bin.toMillis()));
            this.binReadings = new long[bins];
            this.binLow = new long[bins];
        }

        void add(CaptureRecord record) {
            CaptureRecord.InkwellDetails details = record.inkwell();
            if (details != null && !selected(details)) {
                leftOut++;
                return;
            }
            Optional<CapturedReading> read = CapturedReading.of(record);
            if (read.isEmpty()) {
                unusable++;
                return;
            }
            CapturedReading r = read.get();
            readings++;
            variants.merge(String.valueOf(r.variant()), 1L, Long::sum);
            models.merge(r.model(), 1L, Long::sum);
            boolean isLow = r.probability() < options.lowConfidenceThreshold();
            if (isLow) low++;
            int b = binOf(r.time());
            binReadings[b]++;
            if (isLow) binLow[b]++;
            Kept k = new Kept(r.time(), r.latencyMs(), r.features());
            if (kept.size() < options.maxReadings()) {
                kept.add(k);
            } else {
                long j = random.nextLong(readings); // reservoir sampling: every reading is kept with the same chance
                if (j < options.maxReadings()) kept.set((int) j, k);
            }
            if (options.gridImages() > 0 && (grid.size() < options.gridImages() || r.probability() < grid.peek().probability())) {
                grid.add(new MonitorResult.GridImage(r.modelInputPng(), r.label(), r.probability(), r.time(), r.variant()));
                if (grid.size() > options.gridImages()) grid.poll();
            }
        }

        private boolean selected(CaptureRecord.InkwellDetails d) {
            if (options.variant() != null) return options.variant().equals(d.variant());
            return !d.shadow();
        }

        private int binOf(Instant t) {
            long i = Duration.between(window.since(), t).toMillis() / bin.toMillis();
            return (int) Math.max(0, Math.min(binReadings.length - 1, i));
        }

        MonitorResult result(String endpoint, MonitorOptions options, CaptureScanner.Scan scan, Baseline baseline) {
            StatisticsBuilder builder = new StatisticsBuilder();
            for (Kept k : kept) builder.add(k.features());
            Statistics statistics = builder.build();
            ConstraintChecker.Outcome outcome = readings == 0
                    ? new ConstraintChecker.Outcome(List.of(), List.of())
                    : ConstraintChecker.check(baseline.statistics(), baseline.constraints(), statistics);
            List<MonitorResult.TimeBin> timeline = new ArrayList<>(binReadings.length);
            List<List<Double>> binLatencies = new ArrayList<>();
            for (int i = 0; i < binReadings.length; i++) binLatencies.add(new ArrayList<>());
            List<Double> all = new ArrayList<>();
            for (Kept k : kept) {
                if (Double.isNaN(k.latencyMs())) continue;
                binLatencies.get(binOf(k.time())).add(k.latencyMs());
                all.add(k.latencyMs());
            }
            for (int i = 0; i < binReadings.length; i++) {
                timeline.add(new MonitorResult.TimeBin(window.since().plus(bin.multipliedBy(i)), binReadings[i], binLow[i],
                        latency(binLatencies.get(i))));
            }
            List<MonitorResult.GridImage> least = new ArrayList<>(grid);
            least.sort(Comparator.comparingDouble(MonitorResult.GridImage::probability));
            return new MonitorResult(endpoint, options.destination(), window, scan, readings, leftOut, unusable, statistics,
                    outcome.drifts(), outcome.violations(), options.lowConfidenceThreshold(),
                    readings == 0 ? Double.NaN : (double) low / readings, baselineLowShare(baseline, options.lowConfidenceThreshold()),
                    latency(all), bin, timeline, least, variants, models);
        }
    }

    static Duration binSize(Duration window) {
        for (Duration d : BIN_SIZES) {
            if (window.toMillis() / d.toMillis() <= MAX_BINS) return d;
        }
        return BIN_SIZES.getLast();
    }

    static MonitorResult.Latency latency(List<Double> values) {
        if (values.isEmpty()) return new MonitorResult.Latency(Double.NaN, Double.NaN, Double.NaN);
        double[] v = values.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(v);
        return new MonitorResult.Latency(percentile(v, 0.50), percentile(v, 0.90), percentile(v, 0.99));
    }

    /** Nearest-rank percentile of sorted values. */
    static double percentile(double[] sorted, double q) {
        int rank = (int) Math.ceil(q * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    /** The baseline's share of readings under {@code threshold}, from its top-probability sketch. */
    static double baselineLowShare(Baseline baseline, double threshold) {
        double[] sketch = baseline.statistics().feature(Feature.TOP_PROBABILITY.featureName())
                .map(Statistics.FeatureStatistics::sketchValues).orElse(new double[0]);
        if (sketch.length == 0) return Double.NaN;
        int below = 0;
        for (double v : sketch) {
            if (v < threshold) below++;
        }
        return (double) below / sketch.length;
    }
}
