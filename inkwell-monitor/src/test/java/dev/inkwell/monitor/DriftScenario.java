package dev.inkwell.monitor;

import dev.inkwell.bucket.Buckets;
import dev.inkwell.image.GrayImage;
import dev.inkwell.monitor.capture.CaptureOptions;
import dev.inkwell.monitor.capture.CaptureWriter;
import dev.inkwell.registry.endpoint.CaptureSettings;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Traffic of an endpoint as serving would capture it: windows of images sent as pixel-row requests of ten inputs,
 * read by a real model, captured by the real writer into a real bucket, each window in its own hour.
 */
public final class DriftScenario {
    public static final Instant START = Instant.parse("2026-11-23T00:00:00Z");
    public static final int PER_REQUEST = 10;

    private DriftScenario() {
    }

    /** The hour of window {@code index}. */
    public static CaptureWindow window(int index) {
        Instant since = START.plus(Duration.ofHours(index));
        return new CaptureWindow(since, since.plus(Duration.ofHours(1)));
    }

    /** Captures {@code windows.get(i)} in hour {@code firstHour + i}, through {@code model}, into {@code buckets}. */
    public static void capture(Buckets buckets, TestModels.TestModel model, String endpoint, int firstHour, List<List<GrayImage>> windows) {
        CaptureSettings capture = new CaptureSettings(100, CaptureSettings.DEFAULT_DESTINATION);
        try (CaptureWriter writer = CaptureWriter.start(buckets, CaptureOptions.defaults().withMaxBufferedBytes(1L << 30))) {
            for (int w = 0; w < windows.size(); w++) {
                List<GrayImage> images = windows.get(w);
                Instant hour = window(firstHour + w).since();
                int requests = (images.size() + PER_REQUEST - 1) / PER_REQUEST;
                for (int r = 0; r < requests; r++) {
                    List<GrayImage> batch = images.subList(r * PER_REQUEST, Math.min(images.size(), (r + 1) * PER_REQUEST));
                    Instant at = hour.plusMillis(3_590_000L * r / requests); // spread over the hour
                    writer.onPrediction(model.pixelsEvent(endpoint, batch, capture, at));
                }
            }
            writer.close();
            if (writer.captured() != windows.stream().mapToLong(List::size).sum()) {
                throw new IllegalStateException("captured " + writer.captured() + ", dropped " + writer.dropped() + ", lost " + writer.lost());
            }
        }
    }
}
