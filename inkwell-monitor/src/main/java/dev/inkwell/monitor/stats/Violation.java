package dev.inkwell.monitor.stats;

import com.fasterxml.jackson.annotation.JsonProperty;

/** One entry of Model Monitor's {@code constraint_violations.json}. */
public record Violation(@JsonProperty("feature_name") String featureName,
                        @JsonProperty("constraint_check_type") String constraintCheckType,
                        String description) {
    public static final String BASELINE_DRIFT_CHECK = "baseline_drift_check";
    public static final String COMPLETENESS_CHECK = "completeness_check";
    public static final String CATEGORICAL_VALUES_CHECK = "categorical_values_check";
    public static final String MISSING_COLUMN_CHECK = "missing_column_check";
}
