package dev.inkwell.monitor.capture;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.inkwell.core.Json;
import dev.inkwell.image.GrayImage;
import dev.inkwell.image.GrayImages;
import dev.inkwell.inference.ClassScore;
import dev.inkwell.inference.Classification;
import dev.inkwell.inference.ModelCard;
import dev.inkwell.recognition.DigitReading;
import dev.inkwell.recognition.Recognition;
import dev.inkwell.recognition.RecognitionJson;
import dev.inkwell.serving.PredictionEvent;
import dev.inkwell.serving.endpoint.ResolvedModel;
import dev.inkwell.serving.input.PredictInput;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Turns a prediction event's inputs into {@link CaptureRecord}s and JSON lines. Runs on the capture thread, never a request's. */
public final class CaptureEncoder {
    private final ModelCardLookup cards;

    public CaptureEncoder(ModelCardLookup cards) {
        this.cards = cards;
    }

    /** One record per input of {@code event}, sharing {@code inferenceId}. */
    public List<CaptureRecord> records(PredictionEvent event, String inferenceId) {
        int n = Math.min(event.inputs().size(), event.recognitions().size());
        List<CaptureRecord> out = new ArrayList<>(n);
        ModelCard card = null;
        for (int i = 0; i < n; i++) {
            Recognition r = event.recognitions().get(i);
            if (card == null) card = cardFor(event.model(), r.primary().classification());
            out.add(record(event, i, inferenceId, card));
        }
        return out;
    }

    private CaptureRecord record(PredictionEvent event, int i, String inferenceId, ModelCard card) {
        Recognition r = event.recognitions().get(i);
        DigitReading primary = r.primary();
        Classification c = primary.classification();
        ResolvedModel model = event.model();
        double latencyMs = RecognitionJson.round(event.nanos() / 1e6);
        RecognitionJson.ModelJson modelJson = new RecognitionJson.ModelJson(model.name(), model.version());
        RecognitionJson answer = RecognitionJson.of(event.endpoint(), event.variant(), modelJson, card, r, RecognitionJson.Debug.NONE,
                Map.of("total_ms", latencyMs));
        CaptureRecord.Payload output = new CaptureRecord.Payload("application/json", "OUTPUT", json(answer), "JSON");
        CaptureRecord.EventMetadata metadata = new CaptureRecord.EventMetadata(UUID.randomUUID().toString(), inferenceId,
                time(event.startedAt()));
        CaptureRecord.InkwellDetails details = new CaptureRecord.InkwellDetails(event.endpoint(), event.variant(),
                new CaptureRecord.ModelName(model.name(), model.version()), event.shadow(), i, latencyMs, c.name(), c.index(),
                c.probability(), c.probabilities(), Base64.getEncoder().encodeToString(GrayImages.toPng(primary.modelInput())));
        return new CaptureRecord(new CaptureRecord.CaptureData(input(event.inputs().get(i)), output), metadata,
                CaptureRecord.EVENT_VERSION, details);
    }

    /** The record as one line of JSON, newline included. */
    public static byte[] line(CaptureRecord record) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream(4096);
            Json.mapper().writeValue(out, record);
            out.write('\n');
            return out.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException("cannot write a capture record: " + e.getMessage(), e);
        }
    }

    /** The input as the client sent it: a picture's bytes, or the pixel row (CSV) of a model-space input. */
    static CaptureRecord.Payload input(PredictInput in) {
        return switch (in) {
            case PredictInput.EncodedImage image -> new CaptureRecord.Payload(contentType(image.bytes()), "INPUT",
                    Base64.getEncoder().encodeToString(image.bytes()), "BASE64");
            case PredictInput.ModelPixels pixels -> new CaptureRecord.Payload("text/csv", "INPUT", csv(pixels.image()), "CSV");
            case PredictInput.ImageUrl url -> new CaptureRecord.Payload("application/json", "INPUT",
                    json(Map.of("data", url.url())), "JSON");
        };
    }

    /** The picture's type from its first bytes, as a server would have observed it. */
    static String contentType(byte[] b) {
        if (startsWith(b, 0x89, 'P', 'N', 'G')) return "image/png";
        if (startsWith(b, 0xFF, 0xD8, 0xFF)) return "image/jpeg";
        if (startsWith(b, 'G', 'I', 'F', '8')) return "image/gif";
        if (startsWith(b, 'B', 'M')) return "image/bmp";
        if (startsWith(b, 'I', 'I', '*', 0) || startsWith(b, 'M', 'M', 0, '*')) return "image/tiff";
        if (b.length >= 12 && startsWith(b, 'R', 'I', 'F', 'F') && b[8] == 'W' && b[9] == 'E' && b[10] == 'B' && b[11] == 'P') return "image/webp";
        return "application/octet-stream";
    }

    private static boolean startsWith(byte[] b, int... prefix) {
        if (b.length < prefix.length) return false;
        for (int i = 0; i < prefix.length; i++) {
            if ((b[i] & 0xFF) != prefix[i]) return false;
        }
        return true;
    }

    private static String csv(GrayImage image) {
        float[] px = image.pixels();
        StringBuilder s = new StringBuilder(px.length * 4);
        for (int i = 0; i < px.length; i++) {
            if (i > 0) s.append(',');
            float v = px[i];
            if (v == Math.rint(v) && Math.abs(v) < 1e9) s.append((long) v);
            else s.append(v);
        }
        return s.toString();
    }

    /**
     * The model's card, or one naming the classes by index when the card is unknown or does not fit the answer (the
     * classifier's own names are kept where the reading says them).
     */
    private ModelCard cardFor(ResolvedModel model, Classification c) {
        int k = c.probabilities().length;
        ModelCard card = cards.find(model).orElse(null);
        if (card != null && card.classNames().size() == k) return card;
        List<String> names = new ArrayList<>(k);
        for (int i = 0; i < k; i++) names.add(Integer.toString(i));
        if (c.index() >= 0 && c.index() < k && c.name() != null) names.set(c.index(), c.name());
        for (ClassScore s : c.top()) {
            if (s.index() >= 0 && s.index() < k && s.name() != null) names.set(s.index(), s.name());
        }
        return ModelCard.builder().name(model.name()).version(model.version()).classNames(names).build();
    }

    private static String json(Object value) {
        try {
            return new String(Json.mapper().writeValueAsBytes(value), StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON: " + e.getMessage(), e);
        }
    }

    /** Milliseconds-precision UTC time, as the records write it. */
    static String time(Instant at) {
        return at.truncatedTo(ChronoUnit.MILLIS).toString();
    }
}
