package dev.inkwell.server.predict;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.inkwell.preprocess.PreprocessReport;
import java.util.List;
import java.util.Map;

/**
 * The one response shape of every prediction route: the label, its probability, every class's probability, the top
 * 3, the digits and the number they read, the model and the timing; {@code debug} only with {@code ?debug=true}.
 * {@code digit} is set by the seed route {@code POST /predict} only.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PredictionJson(
        String endpoint,
        ModelJson model,
        String label,
        int index,
        float probability,
        Map<String, Float> probabilities,
        List<ScoreJson> top,
        List<DigitJson> digits,
        String number,
        @JsonProperty("number_probability") double numberProbability,
        Integer digit,
        Map<String, Double> timing,
        DebugJson debug) {

    public PredictionJson withDigit(Integer value) {
        return new PredictionJson(endpoint, model, label, index, probability, probabilities, top, digits, number,
                numberProbability, value, timing, debug);
    }

    public PredictionJson inBatch() {
        return new PredictionJson(null, null, label, index, probability, probabilities, top, digits, number,
                numberProbability, digit, timing, debug);
    }

    public record ModelJson(String name, String version) {
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

    /** A batch: one prediction per input, in order. */
    public record BatchJson(String endpoint, ModelJson model, List<PredictionJson> predictions, Map<String, Double> timing) {
    }
}
