package dev.inkwell.monitor.stats;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.inkwell.core.AtomicFiles;
import dev.inkwell.core.Json;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What a monitored window must satisfy, in SageMaker Model Monitor's {@code constraints.json} shape: per feature its
 * type, completeness and (for the class) the domain of values seen, and the monitoring configuration with Model
 * Monitor's defaults: distribution comparison on, threshold 0.1, method "Robust", categorical drift by L∞.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Constraints(int version, List<FeatureConstraint> features, @JsonProperty("monitoring_config") MonitoringConfig monitoringConfig) {
    public static final double DEFAULT_THRESHOLD = 0.1;

    public Constraints {
        features = features == null ? List.of() : List.copyOf(features);
        monitoringConfig = monitoringConfig == null ? MonitoringConfig.defaults() : monitoringConfig.withDefaults();
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record FeatureConstraint(String name,
                                    @JsonProperty("inferred_type") String inferredType,
                                    Double completeness,
                                    @JsonProperty("num_constraints") NumConstraints numConstraints,
                                    @JsonProperty("string_constraints") StringConstraints stringConstraints) {
    }

    public record NumConstraints(@JsonProperty("is_non_negative") boolean isNonNegative) {
    }

    public record StringConstraints(List<String> domains) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record MonitoringConfig(@JsonProperty("evaluate_constraints") String evaluateConstraints,
                                   @JsonProperty("emit_metrics") String emitMetrics,
                                   @JsonProperty("datatype_check_threshold") Double datatypeCheckThreshold,
                                   @JsonProperty("domain_content_threshold") Double domainContentThreshold,
                                   @JsonProperty("distribution_constraints") DistributionConstraints distributionConstraints) {
        public static MonitoringConfig defaults() {
            return new MonitoringConfig("Enabled", "Enabled", DEFAULT_THRESHOLD, DEFAULT_THRESHOLD, DistributionConstraints.defaults());
        }

        /** Absent settings (a hand-written file) take Model Monitor's defaults. */
        MonitoringConfig withDefaults() {
            MonitoringConfig d = defaults();
            return new MonitoringConfig(evaluateConstraints == null ? d.evaluateConstraints : evaluateConstraints,
                    emitMetrics == null ? d.emitMetrics : emitMetrics,
                    datatypeCheckThreshold == null ? d.datatypeCheckThreshold : datatypeCheckThreshold,
                    domainContentThreshold == null ? d.domainContentThreshold : domainContentThreshold,
                    distributionConstraints == null ? d.distributionConstraints : distributionConstraints.withDefaults());
        }

        public boolean evaluates() {
            return !"Disabled".equalsIgnoreCase(evaluateConstraints);
        }
    }

    /**
     * @param comparisonMethod       "Robust" (a distance over the threshold is a violation only when it is also
     *                               significant for the two sample sizes: Kolmogorov-Smirnov, or chi-squared for the
     *                               class mix, at 99 %), or "Simple" (the distance alone)
     * @param categoricalDriftMethod "LInfinity" (the distance is the largest difference of class shares) or "ChiSquared"
     *                               (the chi-squared test of the window's class counts against the baseline's shares:
     *                               a p-value below {@code categorical_comparison_threshold} is a violation, so that
     *                               threshold is a significance level there: choose it small, e.g. 0.001)
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record DistributionConstraints(@JsonProperty("perform_comparison") String performComparison,
                                          @JsonProperty("comparison_threshold") Double comparisonThreshold,
                                          @JsonProperty("comparison_method") String comparisonMethod,
                                          @JsonProperty("categorical_comparison_threshold") Double categoricalComparisonThreshold,
                                          @JsonProperty("categorical_drift_method") String categoricalDriftMethod) {
        public static DistributionConstraints defaults() {
            return new DistributionConstraints("Enabled", DEFAULT_THRESHOLD, "Robust", DEFAULT_THRESHOLD, "LInfinity");
        }

        DistributionConstraints withDefaults() {
            DistributionConstraints d = defaults();
            return new DistributionConstraints(performComparison == null ? d.performComparison : performComparison,
                    comparisonThreshold == null ? d.comparisonThreshold : comparisonThreshold,
                    comparisonMethod == null ? d.comparisonMethod : comparisonMethod,
                    categoricalComparisonThreshold == null ? d.categoricalComparisonThreshold : categoricalComparisonThreshold,
                    categoricalDriftMethod == null ? d.categoricalDriftMethod : categoricalDriftMethod);
        }

        public boolean compares() {
            return !"Disabled".equalsIgnoreCase(performComparison);
        }

        public boolean robust() {
            return !"Simple".equalsIgnoreCase(comparisonMethod);
        }

        public boolean chiSquared() {
            return "ChiSquared".equalsIgnoreCase(categoricalDriftMethod);
        }
    }

    public Optional<FeatureConstraint> feature(String name) {
        return features.stream().filter(f -> name.equals(f.name())).findFirst();
    }

    /** The constraints Model Monitor would suggest for a baseline: its types, completeness and class domain. */
    public static Constraints suggest(Statistics baseline) {
        List<FeatureConstraint> out = new ArrayList<>();
        for (Statistics.FeatureStatistics f : baseline.features()) {
            boolean numeric = f.numericalStatistics() != null;
            NumConstraints num = null;
            StringConstraints domain = null;
            if (numeric) {
                Double min = f.numericalStatistics().min();
                num = new NumConstraints(min == null || min >= 0);
            } else {
                domain = new StringConstraints(List.copyOf(f.categoryCounts().keySet()));
            }
            out.add(new FeatureConstraint(f.name(), f.inferredType(), f.completeness(), num, domain));
        }
        return new Constraints(0, out, MonitoringConfig.defaults());
    }

    public void write(Path file) {
        AtomicFiles.write(file, out -> Json.pretty().writeValue(out, this));
    }

    public static Constraints read(Path file) {
        return ReportFiles.read(file, Constraints.class, "constraints.json", x -> x.features().isEmpty());
    }

    public static Constraints parse(byte[] json, String source) {
        return ReportFiles.parse(json, source, Constraints.class, "constraints.json", x -> x.features().isEmpty());
    }
}
