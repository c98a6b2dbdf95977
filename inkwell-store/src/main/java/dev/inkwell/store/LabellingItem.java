package dev.inkwell.store;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One captured reading in the labelling queue: what the model saw (its 28×28 input, grey bytes, white ink on black as
 * MNIST has it), what it said and how sure it was, where the capture is, and what a person said it is.
 *
 * @param eventId        the capture record's event id (unique: adding it again adds nothing)
 * @param model          the model that answered, {@code NAME:VERSION}
 * @param capture        the capture object holding the record, {@code s3://BUCKET/KEY} (null when unknown)
 * @param predicted      the class index the model answered
 * @param predictedLabel its class name
 * @param label          the class index a person gave (null unless {@link Status#LABELLED})
 * @param table          the samples table the labelled row went into (null unless labelled)
 */
public record LabellingItem(long id, String eventId, String endpoint, String variant, String model, String capture, int predicted,
                            String predictedLabel, double probability, byte[] pixels, int width, int height, Status status, Integer label,
                            String table, Instant capturedAt, Instant updatedAt) {

    /** What a person or a client is shown of the item, in a fixed order: everything but the pixels (CLI and API alike). */
    public Map<String, Object> summary() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("event_id", eventId);
        m.put("endpoint", endpoint);
        m.put("variant", variant);
        m.put("model", model);
        m.put("capture", capture);
        m.put("predicted", predicted);
        m.put("predicted_label", predictedLabel);
        m.put("probability", probability);
        m.put("status", status.id());
        m.put("label", label);
        m.put("table", table);
        m.put("captured_at", capturedAt.toString());
        return m;
    }

    public enum Status {
        /** waiting for a label */
        PENDING,
        /** labelled: a row of {@code table} */
        LABELLED,
        /** a person passed it over (not a digit, unreadable) */
        SKIPPED;

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** {@code pending}, {@code labelled} or {@code skipped}; null for anything else. */
        public static Status parse(String text) {
            for (Status s : values()) {
                if (s.id().equalsIgnoreCase(text == null ? "" : text.strip())) return s;
            }
            return null;
        }
    }

    /** A reading to add to the queue (pending, not yet stored). */
    public static LabellingItem candidate(String eventId, String endpoint, String variant, String model, String capture, int predicted,
                                          String predictedLabel, double probability, byte[] pixels, int width, int height, Instant capturedAt) {
        return new LabellingItem(0, eventId, endpoint, variant, model, capture, predicted, predictedLabel, probability, pixels, width, height,
                Status.PENDING, null, null, capturedAt, capturedAt);
    }
}
