package dev.inkwell.recognition;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import dev.inkwell.image.GrayImages;
import dev.inkwell.inference.Classification;
import dev.inkwell.inference.ModelCard;
import dev.inkwell.preprocess.PreprocessReport;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one JSON shape of a reading, for every prediction route of the server and for {@code inkwell predict --json}:
 * the label, its probability, every class's probability, the top 3, the digits and the number they read, whether
 * the reading is {@code confident} (and when not, the {@code reason}; see {@link Recognition#confidence()}), the
 * model and the timing; {@code debug} when asked for. {@code endpoint} and {@code variant} are set by the server, {@code digit} by the seed
 * route {@code POST /predict} only.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonSerialize(using = RecognitionJsonWriter.class) // the same JSON as binding's, without its reflection
public record RecognitionJson(
        String endpoint,
        String variant,
        ModelJson model,
        String label,
        int index,
        float probability,
        Map<String, Float> probabilities,
        List<ScoreJson> top,
        List<DigitJson> digits,
        String number,
        @JsonProperty("number_probability") double numberProbability,
        boolean confident,
        String reason,
        Integer digit,
        Map<String, Double> timing,
        DebugJson debug) {

    /** What to add under {@code debug}. */
    public enum Debug {
        NONE,
        /** the preprocessing report */
        REPORT,
        /** the report and the 28×28 model inputs as base64 PNG */
        REPORT_AND_IMAGES
    }

    /**
     * @param endpoint  the serving endpoint's name, or null outside the server
     * @param timing    milliseconds by step; preprocessing and inference are added from the recognition
     */
    public static RecognitionJson of(String endpoint, ModelCard card, Recognition r, Debug debug, Map<String, Double> timing) {
        return of(endpoint, null, ModelJson.of(card), card, r, debug, timing);
    }

    /**
     * As above for a server answer: which variant of the endpoint answered, and the model as the endpoint names it (a
     * registered model's name and version number).
     */
    public static RecognitionJson of(String endpoint, String variant, ModelJson model, ModelCard card, Recognition r, Debug debug,
                                     Map<String, Double> timing) {
        int primaryAt = r.primaryIndex();
        Classification c = r.digits().get(primaryAt).classification();
        List<DigitJson> digits = new ArrayList<>(r.digits().size());
        for (DigitReading d : r.digits()) {
            Classification dc = d.classification();
            digits.add(new DigitJson(dc.name(), dc.index(), dc.probability(), probabilities(card, dc), top(dc),
                    new BoxJson(d.box().x(), d.box().y(), d.box().width(), d.box().height())));
        }
        Map<String, Double> times = new LinkedHashMap<>(timing);
        times.put("preprocess_ms", round(r.timings().preprocessMicros() / 1000.0));
        times.put("inference_ms", round(r.timings().inferenceMicros() / 1000.0));
        DebugJson debugJson = null;
        if (debug != Debug.NONE) {
            List<String> images = null;
            if (debug == Debug.REPORT_AND_IMAGES) {
                images = new ArrayList<>(r.digits().size());
                for (DigitReading d : r.digits()) images.add(Base64.getEncoder().encodeToString(GrayImages.toPng(d.modelInput())));
            }
            debugJson = new DebugJson(images, r.report(), r.report() == null ? "model pixels (no preprocessing)" : "picture");
        }
        Confidence confidence = r.confidence();
        // the primary digit's probability map is already in its digit entry
        return new RecognitionJson(endpoint, variant, model, c.name(), c.index(), c.probability(),
                digits.get(primaryAt).probabilities(), top(c), digits, r.number(), r.numberProbability(),
                confidence.confident(), confidence.reason(), null, times, debugJson);
    }

    public RecognitionJson withDigit(Integer value) {
        return new RecognitionJson(endpoint, variant, model, label, index, probability, probabilities, top, digits, number,
                numberProbability, confident, reason, value, timing, debug);
    }

    /** Without the endpoint and model, which a batch states once. */
    public RecognitionJson inBatch() {
        return new RecognitionJson(null, null, null, label, index, probability, probabilities, top, digits, number,
                numberProbability, confident, reason, digit, timing, debug);
    }

    public record ModelJson(String name, String version) {
        public static ModelJson of(ModelCard card) {
            return new ModelJson(card.name(), card.version());
        }
    }

    public record ScoreJson(String label, int index, float probability) {
    }

    public record BoxJson(int x, int y, int width, int height) {
    }

    public record DigitJson(String label, int index, float probability, Map<String, Float> probabilities,
                            List<ScoreJson> top, BoxJson box) {
    }

    /** The 28×28 model inputs as base64 PNG (white ink on black, as the model saw them) and what preprocessing did. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record DebugJson(List<String> images, PreprocessReport report, String input) {
    }

    private static Map<String, Float> probabilities(ModelCard card, Classification c) {
        Map<String, Float> map = new LinkedHashMap<>();
        float[] p = c.probabilities();
        for (int i = 0; i < p.length; i++) map.put(card.classNames().get(i), p[i]); // the classifier checked the count
        return map;
    }

    /** The classification's top 3 (the classifier keeps three), with {@code label} for the class name. */
    private static List<ScoreJson> top(Classification c) {
        return c.top().stream().map(s -> new ScoreJson(s.name(), s.index(), s.probability())).toList();
    }

    /** Milliseconds to the microsecond. */
    public static double round(double ms) {
        return Math.round(ms * 1000) / 1000.0;
    }
}
