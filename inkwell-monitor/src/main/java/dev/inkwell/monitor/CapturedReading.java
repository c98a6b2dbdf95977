package dev.inkwell.monitor;

import dev.inkwell.image.GrayImage;
import dev.inkwell.image.GrayImages;
import dev.inkwell.image.ImageDecoder;
import dev.inkwell.image.ImageLimits;
import dev.inkwell.monitor.capture.CaptureReader;
import dev.inkwell.monitor.capture.CaptureRecord;
import dev.inkwell.monitor.features.FeatureExtractor;
import dev.inkwell.monitor.features.FeatureRow;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

/**
 * What monitoring takes from one capture record: when, which variant and model, how long it took, the answer and
 * the features of the reading, and the model input's PNG (for the report's grid).
 *
 * @param model {@code name:version}
 */
public record CapturedReading(Instant time, String variant, boolean shadow, String model, double latencyMs, String label,
                              double probability, FeatureRow features, byte[] modelInputPng) {
    /** Model inputs are small: a larger picture in a record is not one Inkwell wrote. */
    private static final ImageLimits MODEL_INPUT_LIMITS = new ImageLimits(1L << 20, 1L << 20);
    private static final int MAX_CLASSES = 100_000;

    /** The reading of a record Inkwell captured; empty when the record lacks (or has unreadable) Inkwell details. */
    public static Optional<CapturedReading> of(CaptureRecord r) {
        CaptureRecord.InkwellDetails d = r.inkwell();
        Optional<Instant> time = CaptureReader.inferenceTime(r);
        if (d == null || time.isEmpty() || d.label() == null || d.probabilities() == null || d.modelInput() == null) return Optional.empty();
        float[] p = d.probabilities();
        if (p.length == 0 || p.length > MAX_CLASSES) return Optional.empty();
        for (float v : p) {
            if (!Float.isFinite(v) || v < 0 || v > 1) return Optional.empty();
        }
        byte[] png;
        GrayImage image;
        try {
            png = Base64.getDecoder().decode(d.modelInput());
            image = GrayImages.luminance(ImageDecoder.decode(png, MODEL_INPUT_LIMITS, "capture " + r.eventMetadata().eventId()));
        } catch (RuntimeException e) { // bad base64, not a picture, too large
            return Optional.empty();
        }
        double latency = Double.isFinite(d.latencyMs()) && d.latencyMs() >= 0 ? d.latencyMs() : Double.NaN;
        String model = d.model() == null ? "?" : d.model().name() + ":" + d.model().version();
        FeatureRow features = FeatureExtractor.of(d.label(), p, image);
        return Optional.of(new CapturedReading(time.get(), d.variant(), d.shadow(), model, latency, d.label(), features.topProbability(),
                features, png));
    }
}
