package dev.inkwell.monitor;

import dev.inkwell.registry.endpoint.CaptureSettings;

/**
 * How a monitoring run reads and judges captures.
 *
 * @param destination            where the endpoint's captures are, {@code s3://BUCKET/PREFIX} (its capture setting)
 * @param variant                only this variant's captures (a shadow's too); null: every variant that answers
 *                               clients (shadow readings are left out: they are another model's)
 * @param lowConfidenceThreshold a reading below this top probability counts as low-confidence (seed 003's gate, 0.93)
 * @param maxReadings            readings whose features are kept for the statistics; more are sampled down to this
 *                               (uniformly, seeded), counts and the low-confidence share stay exact
 * @param gridImages             captured images shown in the report (the least confident ones)
 */
public record MonitorOptions(String destination, String variant, double lowConfidenceThreshold, int maxReadings, int gridImages) {
    public static final double DEFAULT_LOW_CONFIDENCE = 0.93;

    public MonitorOptions {
        destination = new CaptureSettings(0, destination).destination(); // checked as an endpoint's setting is
        if (!(lowConfidenceThreshold >= 0 && lowConfidenceThreshold <= 1)) throw new IllegalArgumentException("low-confidence threshold must be 0..1");
        if (maxReadings < 1) throw new IllegalArgumentException("maxReadings must be positive");
        if (gridImages < 0) throw new IllegalArgumentException("gridImages must not be negative");
    }

    public static MonitorOptions defaults() {
        return new MonitorOptions(CaptureSettings.DEFAULT_DESTINATION, null, DEFAULT_LOW_CONFIDENCE, 200_000, 48);
    }

    public MonitorOptions withDestination(String value) {
        return new MonitorOptions(value, variant, lowConfidenceThreshold, maxReadings, gridImages);
    }

    public MonitorOptions withVariant(String value) {
        return new MonitorOptions(destination, value, lowConfidenceThreshold, maxReadings, gridImages);
    }

    public MonitorOptions withLowConfidenceThreshold(double value) {
        return new MonitorOptions(destination, variant, value, maxReadings, gridImages);
    }

    public MonitorOptions withMaxReadings(int value) {
        return new MonitorOptions(destination, variant, lowConfidenceThreshold, value, gridImages);
    }

    CaptureSettings location() {
        return new CaptureSettings(0, destination);
    }
}
