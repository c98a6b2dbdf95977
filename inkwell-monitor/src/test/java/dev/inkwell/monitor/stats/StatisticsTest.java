package dev.inkwell.monitor.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;
import static org.assertj.core.api.Assertions.offset;

import com.fasterxml.jackson.databind.JsonNode;
import dev.inkwell.core.InvalidInputException;
import dev.inkwell.core.Json;
import dev.inkwell.monitor.features.Feature;
import dev.inkwell.monitor.features.FeatureRow;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Statistics and constraints in Model Monitor's file shapes, and the checks against them. */
class StatisticsTest {
    @TempDir
    Path temp;

    private static FeatureRow row(String label, double top) {
        double[] n = new double[Feature.NUMERIC.size()];
        Arrays.fill(n, 1);
        n[Feature.TOP_PROBABILITY.numericIndex()] = top;
        return new FeatureRow(label, n);
    }

    @Test
    void numericalStatisticsAndTheirSketch() {
        StatisticsBuilder b = new StatisticsBuilder();
        for (int i = 1; i <= 4; i++) b.add(row("7", i / 4.0));
        double[] withMissing = new double[Feature.NUMERIC.size()];
        Arrays.fill(withMissing, Double.NaN);
        b.add(new FeatureRow(null, withMissing));
        Statistics s = b.build();
        assertThat(s.itemCount()).isEqualTo(5);
        Statistics.FeatureStatistics top = s.feature("top_probability").orElseThrow();
        assertThat(top.inferredType()).isEqualTo("Fractional");
        assertThat(top.common().numPresent()).isEqualTo(4);
        assertThat(top.common().numMissing()).isEqualTo(1);
        assertThat(top.completeness()).isEqualTo(0.8);
        assertThat(top.numericalStatistics().mean()).isEqualTo(0.625);
        assertThat(top.numericalStatistics().sum()).isEqualTo(2.5);
        assertThat(top.numericalStatistics().min()).isEqualTo(0.25);
        assertThat(top.numericalStatistics().max()).isEqualTo(1);
        assertThat(top.numericalStatistics().stdDev()).isCloseTo(Math.sqrt(0.078125), offset(1e-12));
        assertThat(top.numericalStatistics().distribution().kll().buckets()).hasSize(10)
                .extracting(Statistics.KllBucket::count).containsExactly(1.0, 0.0, 0.0, 1.0, 0.0, 0.0, 1.0, 0.0, 0.0, 1.0);
        assertThat(top.sketchValues()).containsExactly(0.25, 0.5, 0.75, 1.0);
        Statistics.FeatureStatistics label = s.feature("predicted_class").orElseThrow();
        assertThat(label.inferredType()).isEqualTo("String");
        assertThat(label.stringStatistics().distinctCount()).isEqualTo(1);
        assertThat(label.categoryCounts()).containsExactly(entry("7", 4L));
        assertThat(label.common().numMissing()).isEqualTo(1);
    }

    @Test
    void manyValuesKeepEvenlySpacedQuantiles() {
        StatisticsBuilder b = new StatisticsBuilder();
        SplittableRandom r = new SplittableRandom(1);
        double[] all = new double[20_000];
        for (int i = 0; i < all.length; i++) {
            all[i] = r.nextDouble();
            b.add(row("1", all[i]));
        }
        Arrays.sort(all);
        double[] sketch = b.build().feature("top_probability").orElseThrow().sketchValues();
        assertThat(sketch).hasSize(StatisticsBuilder.SKETCH_SIZE);
        assertThat(Distances.kolmogorovSmirnov(sketch, all)).isLessThanOrEqualTo(1.0 / StatisticsBuilder.SKETCH_SIZE + 1e-9);
    }

    @Test
    void filesHaveModelMonitorsShapeAndReadBack() throws Exception {
        StatisticsBuilder b = new StatisticsBuilder();
        for (int i = 0; i < 100; i++) b.add(row(Integer.toString(i % 10), 0.9 + i / 1000.0));
        Statistics s = b.build();
        Constraints c = Constraints.suggest(s);
        s.write(temp.resolve("statistics.json"));
        c.write(temp.resolve("constraints.json"));

        JsonNode stats = Json.mapper().readTree(temp.resolve("statistics.json").toFile());
        assertThat(stats.get("version").asInt()).isZero();
        assertThat(stats.get("dataset").get("item_count").asLong()).isEqualTo(100);
        JsonNode numeric = stats.get("features").get(1);
        assertThat(numeric.get("name").asText()).isEqualTo("top_probability");
        assertThat(numeric.get("numerical_statistics").get("common").get("num_present").asLong()).isEqualTo(100);
        assertThat(numeric.get("numerical_statistics").has("std_dev")).isTrue();
        assertThat(numeric.get("numerical_statistics").get("distribution").get("kll").get("buckets").get(0).has("lower_bound")).isTrue();
        assertThat(numeric.get("numerical_statistics").get("distribution").get("kll").get("sketch").get("data").get(0)).hasSize(100);
        JsonNode categorical = stats.get("features").get(0);
        assertThat(categorical.get("inferred_type").asText()).isEqualTo("String");
        assertThat(categorical.get("string_statistics").get("distinct_count").asLong()).isEqualTo(10);
        assertThat(categorical.get("string_statistics").get("distribution").get("categorical").get("buckets").get(0).get("value").asText()).isEqualTo("0");

        JsonNode constraints = Json.mapper().readTree(temp.resolve("constraints.json").toFile());
        JsonNode config = constraints.get("monitoring_config").get("distribution_constraints");
        assertThat(config.get("perform_comparison").asText()).isEqualTo("Enabled");
        assertThat(config.get("comparison_threshold").asDouble()).isEqualTo(0.1);
        assertThat(config.get("comparison_method").asText()).isEqualTo("Robust");
        assertThat(constraints.get("features").get(1).get("num_constraints").get("is_non_negative").asBoolean()).isTrue();
        assertThat(constraints.get("features").get(0).get("string_constraints").get("domains")).hasSize(10);
        assertThat(constraints.get("features").get(1).get("completeness").asDouble()).isEqualTo(1.0);

        assertThat(Statistics.read(temp.resolve("statistics.json"))).isEqualTo(s);
        assertThat(Constraints.read(temp.resolve("constraints.json"))).isEqualTo(c);
    }

    @Test
    void aHandWrittenConstraintsFileTakesModelMonitorsDefaults() throws Exception {
        Path file = temp.resolve("constraints.json");
        Files.writeString(file, "{\"version\":0,\"features\":[{\"name\":\"top_probability\",\"inferred_type\":\"Fractional\"}],"
                + "\"monitoring_config\":{\"distribution_constraints\":{\"comparison_threshold\":0.3}}}");
        Constraints c = Constraints.read(file);
        assertThat(c.monitoringConfig().distributionConstraints().comparisonThreshold()).isEqualTo(0.3);
        assertThat(c.monitoringConfig().distributionConstraints().comparisonMethod()).isEqualTo("Robust");
        assertThat(c.monitoringConfig().distributionConstraints().categoricalDriftMethod()).isEqualTo("LInfinity");
        Files.writeString(file, "{\"features\": 12}");
        assertThatThrownBy(() -> Constraints.read(file)).isInstanceOf(InvalidInputException.class).hasMessageContaining("constraints.json");
    }

    @Test
    void checksFlagDriftCompletenessAndUnknownClasses() {
        StatisticsBuilder base = new StatisticsBuilder();
        StatisticsBuilder same = new StatisticsBuilder();
        StatisticsBuilder shifted = new StatisticsBuilder();
        SplittableRandom r = new SplittableRandom(3);
        for (int i = 0; i < 5000; i++) base.add(row(Integer.toString(i % 10), r.nextDouble()));
        for (int i = 0; i < 500; i++) same.add(row(Integer.toString(i % 10), r.nextDouble()));
        for (int i = 0; i < 500; i++) shifted.add(row(i % 2 == 0 ? "8" : "x", 0.5 + r.nextDouble() / 2));
        double[] missing = new double[Feature.NUMERIC.size()];
        Arrays.fill(missing, Double.NaN);
        shifted.add(new FeatureRow("8", missing));
        Statistics baseline = base.build();
        Constraints constraints = Constraints.suggest(baseline);

        ConstraintChecker.Outcome ok = ConstraintChecker.check(baseline, constraints, same.build());
        assertThat(ok.violations()).isEmpty();
        assertThat(ok.drifts()).hasSize(Feature.values().length);

        ConstraintChecker.Outcome bad = ConstraintChecker.check(baseline, constraints, shifted.build());
        assertThat(bad.violations()).extracting(v -> v.featureName() + " " + v.constraintCheckType()).contains(
                "top_probability baseline_drift_check", "predicted_class baseline_drift_check", "predicted_class categorical_values_check",
                "top_probability completeness_check");
        FeatureDrift top = bad.drifts().stream().filter(d -> d.feature().equals("top_probability")).findFirst().orElseThrow();
        assertThat(top.distance()).isCloseTo(0.5, offset(0.08));
        assertThat(top.violated()).isTrue();
        assertThat(bad.violations().getFirst().description()).isNotBlank();
    }

    @Test
    void robustComparisonIgnoresWhatATinyWindowCannotTell() {
        StatisticsBuilder base = new StatisticsBuilder();
        SplittableRandom r = new SplittableRandom(5);
        for (int i = 0; i < 5000; i++) base.add(row(Integer.toString(i % 10), r.nextDouble()));
        StatisticsBuilder tiny = new StatisticsBuilder();
        for (int i = 0; i < 8; i++) tiny.add(row(Integer.toString(i % 10), 0.3 + r.nextDouble() * 0.6)); // KS about 0.3 by chance-sized shift
        Statistics baseline = base.build();
        Statistics window = tiny.build();
        Constraints robust = Constraints.suggest(baseline);
        FeatureDrift d = ConstraintChecker.check(baseline, robust, window).drifts().stream()
                .filter(x -> x.feature().equals("top_probability")).findFirst().orElseThrow();
        assertThat(d.distance()).isGreaterThan(d.threshold());
        assertThat(d.critical()).isGreaterThan(d.distance());
        assertThat(d.violated()).isFalse();

        Constraints simple = new Constraints(0, robust.features(), new Constraints.MonitoringConfig("Enabled", "Enabled", 0.1, 0.1,
                new Constraints.DistributionConstraints("Enabled", 0.1, "Simple", 0.1, "LInfinity")));
        assertThat(ConstraintChecker.check(baseline, simple, window).violations()).extracting(Violation::featureName).contains("top_probability");
    }

    @Test
    void chiSquaredMethodUsesItsThresholdAsASignificanceLevel() {
        StatisticsBuilder base = new StatisticsBuilder();
        for (int i = 0; i < 1000; i++) base.add(row(i % 2 == 0 ? "a" : "b", 0.9));
        StatisticsBuilder window = new StatisticsBuilder();
        for (int i = 0; i < 100; i++) window.add(row(i % 10 < 6 ? "a" : "b", 0.9)); // 60/40: p = 0.0455
        Statistics baseline = base.build();
        Constraints c = Constraints.suggest(baseline);
        Constraints chi = new Constraints(0, c.features(), new Constraints.MonitoringConfig(null, null, null, null,
                new Constraints.DistributionConstraints(null, null, null, 0.05, "ChiSquared")));
        List<FeatureDrift> drifts = ConstraintChecker.check(baseline, chi, window.build()).drifts();
        FeatureDrift label = drifts.stream().filter(d -> d.feature().equals("predicted_class")).findFirst().orElseThrow();
        assertThat(label.method()).isEqualTo("ChiSquared");
        assertThat(label.distance()).isCloseTo(0.0455, offset(1e-3));
        assertThat(label.violated()).isTrue();
    }
}
