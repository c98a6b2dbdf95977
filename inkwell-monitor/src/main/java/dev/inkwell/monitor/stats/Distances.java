package dev.inkwell.monitor.stats;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/** Distances between distributions, as Model Monitor's drift checks use them. */
public final class Distances {
    /** Significance of the "Robust" comparison: a distance must also be this unlikely to come from sampling alone. */
    public static final double ROBUST_CONFIDENCE = 0.99;

    private Distances() {
    }

    /**
     * The Kolmogorov-Smirnov distance (L∞ between the empirical CDFs) of two sorted samples, each item weighing the
     * same within its sample; ties are handled (discrete features are fine). 0 when either sample is empty.
     */
    public static double kolmogorovSmirnov(double[] sortedA, double[] sortedB) {
        int n = sortedA.length;
        int m = sortedB.length;
        if (n == 0 || m == 0) return 0;
        int i = 0;
        int j = 0;
        double d = 0;
        while (i < n && j < m) {
            double x = Math.min(sortedA[i], sortedB[j]);
            while (i < n && sortedA[i] <= x) i++;
            while (j < m && sortedB[j] <= x) j++;
            d = Math.max(d, Math.abs((double) i / n - (double) j / m));
        }
        // past this point one CDF is 1 and the other only rises towards it: the largest gap was already seen
        return d;
    }

    /** The two-sample KS distance above which the samples differ at {@code confidence} (asymptotic formula). */
    public static double kolmogorovSmirnovCritical(long n, long m, double confidence) {
        if (n <= 0 || m <= 0) return Double.POSITIVE_INFINITY;
        double alpha = 1 - confidence;
        double c = Math.sqrt(-Math.log(alpha / 2) / 2);
        return c * Math.sqrt((double) (n + m) / ((double) n * m));
    }

    /** The largest difference between the two distributions' shares of any category (L∞). */
    public static double lInfinity(Map<String, Long> a, Map<String, Long> b) {
        double totalA = total(a);
        double totalB = total(b);
        if (totalA == 0 || totalB == 0) return 0;
        Set<String> keys = new HashSet<>(a.keySet());
        keys.addAll(b.keySet());
        double d = 0;
        for (String k : keys) {
            d = Math.max(d, Math.abs(a.getOrDefault(k, 0L) / totalA - b.getOrDefault(k, 0L) / totalB));
        }
        return d;
    }

    /**
     * The p-value of Pearson's chi-squared test of {@code observed} counts against the shares of {@code expected}
     * counts (goodness of fit, k − 1 degrees of freedom). A category the expected distribution never has but the
     * observed one does makes the p-value 0. 1 when there is nothing to test.
     */
    public static double chiSquaredPValue(Map<String, Long> observed, Map<String, Long> expected) {
        double n = total(observed);
        double totalExpected = total(expected);
        if (n == 0 || totalExpected == 0) return 1;
        double statistic = 0;
        int categories = 0;
        for (Map.Entry<String, Long> e : expected.entrySet()) {
            if (e.getValue() <= 0) continue;
            double exp = n * e.getValue() / totalExpected;
            double obs = observed.getOrDefault(e.getKey(), 0L);
            statistic += (obs - exp) * (obs - exp) / exp;
            categories++;
        }
        for (Map.Entry<String, Long> e : observed.entrySet()) {
            if (e.getValue() > 0 && expected.getOrDefault(e.getKey(), 0L) <= 0) return 0;
        }
        if (categories < 2) return 1;
        return Gamma.regularizedUpper((categories - 1) / 2.0, statistic / 2);
    }

    private static double total(Map<String, Long> counts) {
        double t = 0;
        for (long v : counts.values()) t += Math.max(0, v);
        return t;
    }
}
