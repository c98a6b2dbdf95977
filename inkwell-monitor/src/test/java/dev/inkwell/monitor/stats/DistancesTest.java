package dev.inkwell.monitor.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import java.util.Arrays;
import java.util.Map;
import java.util.TreeSet;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

class DistancesTest {
    @Example
    void kolmogorovSmirnovOfKnownSamples() {
        double[] a = {1, 2, 3, 4};
        assertThat(Distances.kolmogorovSmirnov(a, a.clone())).isZero();
        assertThat(Distances.kolmogorovSmirnov(a, new double[] {5, 6})).isEqualTo(1);
        assertThat(Distances.kolmogorovSmirnov(a, new double[] {3, 4, 5, 6})).isEqualTo(0.5);
        // ties: half of b sits on one value that a has once
        assertThat(Distances.kolmogorovSmirnov(new double[] {1, 2, 2, 3}, new double[] {2, 2, 2, 2})).isEqualTo(0.25);
        assertThat(Distances.kolmogorovSmirnov(new double[0], a)).isZero();
    }

    /** The merge walk equals the definition: the largest CDF gap over every value of either sample. */
    @Property(tries = 300)
    void kolmogorovSmirnovIsTheLargestCdfGap(@ForAll @Size(min = 1, max = 40) int[] x, @ForAll @Size(min = 1, max = 40) int[] y) {
        double[] a = Arrays.stream(x).mapToDouble(v -> v % 7).sorted().toArray(); // few distinct values: many ties
        double[] b = Arrays.stream(y).mapToDouble(v -> v % 5).sorted().toArray();
        TreeSet<Double> points = new TreeSet<>();
        for (double v : a) points.add(v);
        for (double v : b) points.add(v);
        double expected = 0;
        for (double p : points) expected = Math.max(expected, Math.abs(cdf(a, p) - cdf(b, p)));
        assertThat(Distances.kolmogorovSmirnov(a, b)).isCloseTo(expected, offset(1e-12));
        assertThat(Distances.kolmogorovSmirnov(b, a)).isCloseTo(expected, offset(1e-12));
    }

    private static double cdf(double[] sorted, double x) {
        return (double) Arrays.stream(sorted).filter(v -> v <= x).count() / sorted.length;
    }

    @Example
    void criticalValueOfTheTwoSampleTest() {
        // c(0.01) = 1.628; n = m = 100: 1.628 * sqrt(2 / 100)
        assertThat(Distances.kolmogorovSmirnovCritical(100, 100, 0.99)).isCloseTo(0.2302, offset(1e-4));
        assertThat(Distances.kolmogorovSmirnovCritical(500, 10_000, 0.99)).isCloseTo(0.0746, offset(1e-4));
        assertThat(Distances.kolmogorovSmirnovCritical(0, 10, 0.99)).isInfinite();
    }

    @Example
    void lInfinityOfClassShares() {
        Map<String, Long> base = Map.of("0", 50L, "1", 50L);
        assertThat(Distances.lInfinity(base, Map.of("0", 5L, "1", 5L))).isZero();
        assertThat(Distances.lInfinity(base, Map.of("0", 8L, "1", 2L))).isCloseTo(0.3, offset(1e-12));
        assertThat(Distances.lInfinity(base, Map.of("2", 4L))).isEqualTo(1);
    }

    @Example
    void chiSquaredPValuesMatchTheTables() {
        // statistic 3.841 with 1 degree of freedom: p = 0.05; 21.666 with 9: p = 0.01
        assertThat(Gamma.regularizedUpper(0.5, 3.841459 / 2)).isCloseTo(0.05, offset(1e-6));
        assertThat(Gamma.regularizedUpper(4.5, 21.665994 / 2)).isCloseTo(0.01, offset(1e-6));
        assertThat(Gamma.regularizedUpper(4.5, 0.5)).isCloseTo(0.999438, offset(1e-6)); // 1 with 9: p = 0.99944;
        assertThat(Gamma.logGamma(5)).isCloseTo(Math.log(24), offset(1e-12));

        // observed 60/40 where 50/50 is expected: statistic 4, p = 0.0455
        assertThat(Distances.chiSquaredPValue(Map.of("a", 60L, "b", 40L), Map.of("a", 5L, "b", 5L))).isCloseTo(0.0455, offset(1e-4));
        assertThat(Distances.chiSquaredPValue(Map.of("a", 10L, "c", 1L), Map.of("a", 5L, "b", 5L))).isZero();
        assertThat(Distances.chiSquaredPValue(Map.of(), Map.of("a", 5L))).isEqualTo(1);
    }

    @Property(tries = 100)
    void pValuesAreProbabilities(@ForAll @IntRange(min = 1, max = 30) int df, @ForAll @IntRange(min = 0, max = 200) int statistic) {
        double p = Gamma.regularizedUpper(df / 2.0, statistic / 2.0);
        assertThat(p).isBetween(0.0, 1.0);
        assertThat(Gamma.regularizedUpper(df / 2.0, (statistic + 1) / 2.0)).isLessThanOrEqualTo(p + 1e-12);
    }
}
