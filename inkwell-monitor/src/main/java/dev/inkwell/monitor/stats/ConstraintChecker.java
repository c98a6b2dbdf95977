package dev.inkwell.monitor.stats;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Evaluates a window's statistics against a baseline's statistics and constraints, as Model Monitor's prebuilt
 * container does: {@code baseline_drift_check} (KS distance for numbers, L∞ or chi-squared for the class),
 * {@code completeness_check}, {@code categorical_values_check} (classes the baseline never produced) and
 * {@code missing_column_check} (a constrained feature the window lacks).
 */
public final class ConstraintChecker {
    private ConstraintChecker() {
    }

    /** The drift of every compared feature and the violations found. */
    public record Outcome(List<FeatureDrift> drifts, List<Violation> violations) {
        public Outcome {
            drifts = List.copyOf(drifts);
            violations = List.copyOf(violations);
        }
    }

    public static Outcome check(Statistics baseline, Constraints constraints, Statistics window) {
        List<FeatureDrift> drifts = new ArrayList<>();
        List<Violation> violations = new ArrayList<>();
        Constraints.MonitoringConfig config = constraints.monitoringConfig();
        if (!config.evaluates()) return new Outcome(drifts, violations);
        Constraints.DistributionConstraints distribution = config.distributionConstraints();
        for (Constraints.FeatureConstraint constraint : constraints.features()) {
            Optional<Statistics.FeatureStatistics> current = window.feature(constraint.name());
            if (current.isEmpty()) {
                violations.add(new Violation(constraint.name(), Violation.MISSING_COLUMN_CHECK,
                        "There are missing columns in current dataset: the window has no feature " + constraint.name()));
                continue;
            }
            Statistics.FeatureStatistics w = current.get();
            long windowPresent = w.common().numPresent();
            if (windowPresent + w.common().numMissing() == 0) continue; // an empty window has nothing to judge
            if (constraint.completeness() != null && w.completeness() < constraint.completeness() - 1e-9) {
                violations.add(new Violation(constraint.name(), Violation.COMPLETENESS_CHECK,
                        String.format(Locale.ROOT, "Data completeness: %.4f is below the baseline's %.4f", w.completeness(), constraint.completeness())));
            }
            Optional<Statistics.FeatureStatistics> base = baseline.feature(constraint.name());
            if (constraint.stringConstraints() != null && constraint.stringConstraints().domains() != null && !constraint.stringConstraints().domains().isEmpty()) {
                unknownValues(constraint, w, config.domainContentThreshold()).ifPresent(violations::add);
            }
            if (base.isEmpty() || !distribution.compares() || windowPresent == 0) continue;
            FeatureDrift drift = w.numericalStatistics() != null || base.get().numericalStatistics() != null
                    ? numeric(constraint.name(), base.get(), w, distribution)
                    : categorical(constraint.name(), base.get(), w, distribution);
            drifts.add(drift);
            if (drift.violated()) violations.add(new Violation(constraint.name(), Violation.BASELINE_DRIFT_CHECK, describe(drift)));
        }
        return new Outcome(drifts, violations);
    }

    private static FeatureDrift numeric(String name, Statistics.FeatureStatistics base, Statistics.FeatureStatistics window,
                                        Constraints.DistributionConstraints config) {
        double distance = Distances.kolmogorovSmirnov(base.sketchValues(), window.sketchValues());
        long n = base.common().numPresent();
        long m = window.common().numPresent();
        double critical = config.robust() ? Distances.kolmogorovSmirnovCritical(n, m, Distances.ROBUST_CONFIDENCE) : 0;
        double threshold = config.comparisonThreshold();
        boolean violated = distance > threshold && distance > critical;
        return new FeatureDrift(name, "KolmogorovSmirnov", distance, threshold, critical, m, n, violated);
    }

    private static FeatureDrift categorical(String name, Statistics.FeatureStatistics base, Statistics.FeatureStatistics window,
                                            Constraints.DistributionConstraints config) {
        Map<String, Long> expected = base.categoryCounts();
        Map<String, Long> observed = window.categoryCounts();
        double threshold = config.categoricalComparisonThreshold();
        long n = base.common().numPresent();
        long m = window.common().numPresent();
        double pValue = Distances.chiSquaredPValue(observed, expected);
        if (config.chiSquared()) {
            return new FeatureDrift(name, "ChiSquared", pValue, threshold, 0, m, n, pValue < threshold);
        }
        double distance = Distances.lInfinity(expected, observed);
        // Robust: the class shares must also differ beyond what sampling explains (chi-squared at 99 %)
        boolean significant = !config.robust() || pValue < 1 - Distances.ROBUST_CONFIDENCE;
        return new FeatureDrift(name, "LInfinity", distance, threshold, 0, m, n, distance > threshold && significant);
    }

    private static Optional<Violation> unknownValues(Constraints.FeatureConstraint constraint, Statistics.FeatureStatistics window,
                                                     double threshold) {
        Map<String, Long> counts = window.categoryCounts();
        long all = counts.values().stream().mapToLong(Long::longValue).sum();
        if (all == 0) return Optional.empty();
        long unknown = counts.entrySet().stream().filter(e -> !constraint.stringConstraints().domains().contains(e.getKey()))
                .mapToLong(Map.Entry::getValue).sum();
        double share = (double) unknown / all;
        if (share <= threshold) return Optional.empty();
        return Optional.of(new Violation(constraint.name(), Violation.CATEGORICAL_VALUES_CHECK, String.format(Locale.ROOT,
                "Data contains values unknown to the baseline: %.2f %% of values, above the threshold of %.2f %%", 100 * share, 100 * threshold)));
    }

    static String describe(FeatureDrift d) {
        if (d.method().equals("ChiSquared")) {
            return String.format(Locale.ROOT, "Baseline drift: chi-squared p-value %.3g is below threshold %s", d.distance(), fmt(d.threshold()));
        }
        return String.format(Locale.ROOT, "Baseline drift distance: %.4f exceeds threshold: %s (%s)", d.distance(), fmt(d.threshold()),
                d.method().equals("LInfinity") ? "L-infinity distance of the class shares" : "Kolmogorov-Smirnov distance");
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%s", v);
    }
}
