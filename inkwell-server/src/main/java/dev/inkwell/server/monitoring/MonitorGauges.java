package dev.inkwell.server.monitoring;

import com.fasterxml.jackson.databind.JsonNode;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Instant;

/**
 * The monitoring schedule's Prometheus metrics: the latest judged window of each endpoint (drift distance per feature,
 * low-confidence share, violations, readings, when it ended), the same on every replica, and the runs this replica made.
 */
public final class MonitorGauges {
    private final Gauge distance;
    private final Gauge lowConfidence;
    private final Gauge violations;
    private final Gauge readings;
    private final Gauge windowEnd;
    private final Counter runs;

    public MonitorGauges(PrometheusRegistry registry) {
        distance = Gauge.builder().name("inkwell_monitor_drift_distance")
                .help("Distance of the latest monitored window from the baseline, per feature (KS or L-infinity; over the threshold, 0.1 by default, is drift)")
                .labelNames("endpoint", "feature").register(registry);
        lowConfidence = Gauge.builder().name("inkwell_monitor_low_confidence_share")
                .help("Share of the latest monitored window's readings under the low-confidence threshold").labelNames("endpoint").register(registry);
        violations = Gauge.builder().name("inkwell_monitor_violations")
                .help("Constraint violations in the latest monitored window").labelNames("endpoint").register(registry);
        readings = Gauge.builder().name("inkwell_monitor_readings")
                .help("Captured readings in the latest monitored window").labelNames("endpoint").register(registry);
        windowEnd = Gauge.builder().name("inkwell_monitor_window_end_seconds")
                .help("End of the latest monitored window (Unix time)").labelNames("endpoint").register(registry);
        runs = Counter.builder().name("inkwell_monitor_runs_total")
                .help("Monitoring runs this replica made, by outcome (each window runs on one replica)").labelNames("endpoint", "outcome").register(registry);
    }

    /** Shows a run's summary (its {@code summary.json}) as the endpoint's latest window. */
    public void show(String endpoint, JsonNode summary) {
        for (JsonNode d : summary.path("drift")) {
            distance.labelValues(endpoint, d.path("feature").asText()).set(d.path("distance").asDouble(Double.NaN));
        }
        JsonNode low = summary.get("low_confidence_share");
        lowConfidence.labelValues(endpoint).set(low == null || low.isNull() ? Double.NaN : low.asDouble());
        violations.labelValues(endpoint).set(summary.path("violations").asDouble());
        readings.labelValues(endpoint).set(summary.path("readings").asDouble());
        windowEnd.labelValues(endpoint).set(Instant.parse(summary.path("until").asText()).toEpochMilli() / 1000.0);
    }

    public void ran(String endpoint, String outcome) {
        runs.labelValues(endpoint, outcome).inc();
    }
}
