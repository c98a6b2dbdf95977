package dev.inkwell.monitor.stats;

/**
 * How far one feature of a window is from the baseline.
 *
 * @param method        "KolmogorovSmirnov" (numbers), "LInfinity" or "ChiSquared" (the class)
 * @param distance      the KS or L∞ distance; for ChiSquared the test's p-value
 * @param threshold     the configured threshold
 * @param critical      for a Robust comparison, the distance sampling alone stays under at 99 % (else 0)
 * @param windowCount   the window's values of this feature
 * @param baselineCount the baseline's values of this feature
 * @param violated      whether this is a {@code baseline_drift_check} violation
 */
public record FeatureDrift(String feature, String method, double distance, double threshold, double critical,
                           long windowCount, long baselineCount, boolean violated) {
}
