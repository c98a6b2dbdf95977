package dev.inkwell.monitor.capture;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.inkwell.core.Json;
import dev.inkwell.image.GrayImage;
import dev.inkwell.inference.ClassScore;
import dev.inkwell.inference.Classification;
import dev.inkwell.inference.ModelCard;
import dev.inkwell.recognition.DigitReading;
import dev.inkwell.recognition.RecognitionJson;
import dev.inkwell.serving.PredictionEvent;
import dev.inkwell.serving.endpoint.ResolvedModel;
import dev.inkwell.serving.input.PredictInput;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * Turns a prediction event's inputs into {@link CaptureRecord}s and JSON lines. Runs on the capture thread, never a
 * request's; one per thread (it keeps its own random ids and the last second's time text).
 */
public final class CaptureEncoder {
    private final ModelCardLookup cards;
    /** Event and inference ids: random UUIDs without a system call each (they need to be unique, not secret). */
    private final SplittableRandom ids = new SplittableRandom(new SecureRandom().nextLong());
    private final ModelInputPng png = new ModelInputPng();
    private long second = Long.MIN_VALUE;
    private String secondText;

    public CaptureEncoder(ModelCardLookup cards) {
        this.cards = cards;
    }

    /** A new random (version 4) UUID. */
    public String newId() {
        long hi = ids.nextLong() & ~0xF000L | 0x4000L;
        long lo = ids.nextLong() & 0x3FFFFFFFFFFFFFFFL | 0x8000000000000000L;
        return new UUID(hi, lo).toString();
    }

    /** One record per input of {@code event}, sharing {@code inferenceId}. */
    public List<CaptureRecord> records(PredictionEvent event, String inferenceId) {
        int n = Math.min(event.inputs().size(), event.recognitions().size());
        List<CaptureRecord> out = new ArrayList<>(n);
        ModelCard card = n == 0 ? null : card(event);
        for (int i = 0; i < n; i++) out.add(record(event, i, inferenceId, card));
        return out;
    }

    /** The card naming the classes of {@code event}'s answers (see {@link #cardFor}); look it up once per event. */
    ModelCard card(PredictionEvent event) {
        return cardFor(event.model(), event.recognitions().getFirst().primary().classification());
    }

    /** The record of input {@code i} of {@code event}. */
    CaptureRecord record(PredictionEvent event, int i, String inferenceId, ModelCard card) {
        DigitReading primary = event.recognitions().get(i).primary();
        PredictInput in = event.inputs().get(i);
        return skeleton(event, i, inferenceId, card, input(in), json(answer(event, i, card)),
                Base64.getEncoder().encodeToString(png.encode(primary.modelInput())));
    }

    /**
     * Appends input {@code i}'s line to {@code target}, the same bytes as {@link #line line}({@link #record record}(…))
     * but without the record's large strings: the picture and the model input go from their bytes to base64 in the line,
     * the answer from Jackson's bytes to the line. When it throws, {@code target} may hold the start of the line.
     */
    void write(PredictionEvent event, int i, String inferenceId, ModelCard card, CaptureLineWriter lines, OutputStream target) throws IOException {
        DigitReading primary = event.recognitions().get(i).primary();
        PredictInput in = event.inputs().get(i);
        CaptureRecord.Payload input;
        CaptureLineWriter.Text inputData = null;
        if (in instanceof PredictInput.EncodedImage image) {
            input = new CaptureRecord.Payload(contentType(image.bytes()), "INPUT", null, "BASE64");
            inputData = new CaptureLineWriter.Base64Of(image.bytes());
        } else {
            input = input(in);
        }
        CaptureRecord skeleton = skeleton(event, i, inferenceId, card, input, null, null);
        lines.write(skeleton, inputData, new CaptureLineWriter.JsonOf(answer(event, i, card)),
                new CaptureLineWriter.Base64Of(png.encode(primary.modelInput())), target);
    }

    /** The record with {@code outputData} and {@code modelInput} as given (null when the line writer makes them). */
    private CaptureRecord skeleton(PredictionEvent event, int i, String inferenceId, ModelCard card, CaptureRecord.Payload input,
                                          String outputData, String modelInput) {
        Classification c = event.recognitions().get(i).primary().classification();
        ResolvedModel model = event.model();
        CaptureRecord.Payload output = new CaptureRecord.Payload("application/json", "OUTPUT", outputData, "JSON");
        CaptureRecord.EventMetadata metadata = new CaptureRecord.EventMetadata(newId(), inferenceId, inferenceTime(event.startedAt()));
        CaptureRecord.InkwellDetails details = new CaptureRecord.InkwellDetails(event.endpoint(), event.variant(),
                new CaptureRecord.ModelName(model.name(), model.version()), event.shadow(), i, latencyMs(event), c.name(), c.index(),
                c.probability(), c.probabilities(), modelInput);
        return new CaptureRecord(new CaptureRecord.CaptureData(input, output), metadata, CaptureRecord.EVENT_VERSION, details);
    }

    /** What the server answered for input {@code i}, as it answered it. */
    private static RecognitionJson answer(PredictionEvent event, int i, ModelCard card) {
        ResolvedModel model = event.model();
        return RecognitionJson.of(event.endpoint(), event.variant(), new RecognitionJson.ModelJson(model.name(), model.version()), card,
                event.recognitions().get(i), RecognitionJson.Debug.NONE, Map.of("total_ms", latencyMs(event)));
    }

    private static double latencyMs(PredictionEvent event) {
        return RecognitionJson.round(event.nanos() / 1e6);
    }

    /** The record as one line of JSON, newline included. */
    public static byte[] line(CaptureRecord record) {
        return CaptureLineWriter.line(record);
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

    /** {@link #time}, the formatter run once a second rather than once a record. */
    String inferenceTime(Instant at) {
        long s = at.getEpochSecond();
        if (s != second) {
            String whole = Instant.ofEpochSecond(s).toString();
            secondText = whole.substring(0, whole.length() - 1); // without its 'Z'
            second = s;
        }
        int ms = at.getNano() / 1_000_000;
        if (ms == 0) return secondText + "Z";
        return secondText + "." + (char) ('0' + ms / 100) + (char) ('0' + ms / 10 % 10) + (char) ('0' + ms % 10) + "Z";
    }
}
