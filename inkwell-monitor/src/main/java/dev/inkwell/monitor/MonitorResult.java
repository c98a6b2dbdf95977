package dev.inkwell.monitor;

import dev.inkwell.core.SortedMaps;
import dev.inkwell.monitor.stats.ConstraintViolations;
import dev.inkwell.monitor.stats.FeatureDrift;
import dev.inkwell.monitor.stats.Statistics;
import dev.inkwell.monitor.stats.Violation;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The outcome of one monitoring run: how much was read, the window's statistics, every feature's distance from the
 * baseline, the violations, the low-confidence share, and what the report draws (a timeline, the least confident
 * captured images). {@link #distances()} and {@link #lowConfidenceShare()} are what metrics gauges show.
 *
 * @param readings              the captured readings judged (after the variant filter)
 * @param leftOut               records of other variants or of shadows, not judged
 * @param unusable              records without readable Inkwell details (another writer's, or damaged)
 * @param lowConfidenceShare    share of readings under {@code lowConfidenceThreshold} (NaN without readings)
 * @param baselineLowConfidence the same share in the baseline (from its sketch)
 * @param timeBin               the width of the timeline's bins
 */
public record MonitorResult(String endpoint, String destination, CaptureWindow window, CaptureScanner.Scan scan, long readings,
                            long leftOut, long unusable, Statistics statistics, List<FeatureDrift> drifts, List<Violation> violations,
                            double lowConfidenceThreshold, double lowConfidenceShare, double baselineLowConfidence,
                            Latency latency, Duration timeBin, List<TimeBin> timeline, List<GridImage> leastConfident,
                            Map<String, Long> variants, Map<String, Long> models) {
    public MonitorResult {
        drifts = List.copyOf(drifts);
        violations = List.copyOf(violations);
        timeline = List.copyOf(timeline);
        leastConfident = List.copyOf(leastConfident);
        variants = SortedMaps.copyOf(variants);
        models = SortedMaps.copyOf(models);
    }

    /** Latency percentiles in milliseconds (NaN without readings). */
    public record Latency(double p50, double p90, double p99) {
    }

    /** One bin of the timeline: its readings, how many were low-confidence, latency percentiles (ms). */
    public record TimeBin(Instant start, long readings, long lowConfidence, Latency latency) {
        public double lowConfidenceShare() {
            return readings == 0 ? Double.NaN : (double) lowConfidence / readings;
        }
    }

    /** A captured model input with what the model said of it. */
    public record GridImage(byte[] png, String label, double probability, Instant time, String variant) {
    }

    public boolean hasViolations() {
        return !violations.isEmpty();
    }

    /** The {@code constraint_violations.json} content. */
    public ConstraintViolations constraintViolations() {
        return new ConstraintViolations(violations);
    }

    /** Feature name → distance from the baseline (KS or L∞; a chi-squared p-value for that method), in feature order. */
    public Map<String, Double> distances() {
        Map<String, Double> out = new LinkedHashMap<>();
        for (FeatureDrift d : drifts) out.put(d.feature(), d.distance());
        return out;
    }
}
