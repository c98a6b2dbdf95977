package dev.inkwell.monitor.stats;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.inkwell.core.AtomicFiles;
import dev.inkwell.core.Json;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A dataset's statistics in SageMaker Model Monitor's {@code statistics.json} shape: the item count, and per feature
 * the numerical statistics (with a KLL-style distribution: ten equal-width buckets and a sketch of the values) or the
 * string statistics (with categorical buckets). Written for a baseline and for every monitored window.
 *
 * <p>The sketch's {@code data} is one level of equally weighted items: the sorted values themselves, or
 * {@link StatisticsBuilder#SKETCH_SIZE} evenly spaced quantiles of them when there are more. That is enough to compute
 * a Kolmogorov-Smirnov distance later to within 1/{@code SKETCH_SIZE}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Statistics(int version, DatasetSection dataset, List<FeatureStatistics> features) {
    public Statistics {
        features = features == null ? List.of() : List.copyOf(features);
    }

    public record DatasetSection(@JsonProperty("item_count") long itemCount) {
    }

    public long itemCount() {
        return dataset == null ? 0 : dataset.itemCount();
    }

    public Optional<FeatureStatistics> feature(String name) {
        return features.stream().filter(f -> name.equals(f.name())).findFirst();
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record FeatureStatistics(String name,
                                    @JsonProperty("inferred_type") String inferredType,
                                    @JsonProperty("numerical_statistics") NumericalStatistics numericalStatistics,
                                    @JsonProperty("string_statistics") StringStatistics stringStatistics) {
        @JsonIgnore
        public Common common() {
            if (numericalStatistics != null && numericalStatistics.common() != null) return numericalStatistics.common();
            if (stringStatistics != null && stringStatistics.common() != null) return stringStatistics.common();
            return new Common(0, 0);
        }

        /** Share of items that have a value (1 when there are no items). */
        @JsonIgnore
        public double completeness() {
            Common c = common();
            long all = c.numPresent() + c.numMissing();
            return all == 0 ? 1 : (double) c.numPresent() / all;
        }

        /** The sketch's items, sorted (empty when the feature is not numeric or had no values). */
        @JsonIgnore
        public double[] sketchValues() {
            if (numericalStatistics == null || numericalStatistics.distribution() == null
                    || numericalStatistics.distribution().kll() == null || numericalStatistics.distribution().kll().sketch() == null) {
                return new double[0];
            }
            List<List<Double>> data = numericalStatistics.distribution().kll().sketch().data();
            if (data == null) return new double[0];
            double[] values = data.stream().filter(l -> l != null).flatMap(List::stream)
                    .filter(v -> v != null && Double.isFinite(v)).mapToDouble(Double::doubleValue).toArray();
            Arrays.sort(values);
            return values;
        }

        /** The categorical buckets as value → count, in file order (empty for a numeric feature). */
        @JsonIgnore
        public Map<String, Long> categoryCounts() {
            Map<String, Long> counts = new LinkedHashMap<>();
            if (stringStatistics == null || stringStatistics.distribution() == null
                    || stringStatistics.distribution().categorical() == null || stringStatistics.distribution().categorical().buckets() == null) {
                return counts;
            }
            for (CategoricalBucket b : stringStatistics.distribution().categorical().buckets()) {
                if (b != null && b.value() != null && b.count() > 0) counts.merge(b.value(), b.count(), Long::sum);
            }
            return counts;
        }
    }

    public record Common(@JsonProperty("num_present") long numPresent, @JsonProperty("num_missing") long numMissing) {
    }

    /** Mean … max are absent when no item had a value. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record NumericalStatistics(Common common, Double mean, Double sum, @JsonProperty("std_dev") Double stdDev,
                                      Double min, Double max, NumericalDistribution distribution) {
    }

    public record NumericalDistribution(Kll kll) {
    }

    public record Kll(List<KllBucket> buckets, KllSketch sketch) {
    }

    public record KllBucket(@JsonProperty("lower_bound") double lowerBound, @JsonProperty("upper_bound") double upperBound, double count) {
    }

    public record KllSketch(KllParameters parameters, List<List<Double>> data) {
    }

    public record KllParameters(double c, double k) {
    }

    public record StringStatistics(Common common, @JsonProperty("distinct_count") long distinctCount, StringDistribution distribution) {
    }

    public record StringDistribution(Categorical categorical) {
    }

    public record Categorical(List<CategoricalBucket> buckets) {
    }

    public record CategoricalBucket(String value, long count) {
    }

    /** Writes the file (atomically, indented). */
    public void write(Path file) {
        AtomicFiles.write(file, out -> Json.pretty().writeValue(out, this));
    }

    public static Statistics read(Path file) {
        return ReportFiles.read(file, Statistics.class, "statistics.json", x -> x.features().isEmpty());
    }

    public static Statistics parse(byte[] json, String source) {
        return ReportFiles.parse(json, source, Statistics.class, "statistics.json", x -> x.features().isEmpty());
    }
}
