package dev.inkwell.functions.builtin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.inkwell.core.InputLocation;
import dev.inkwell.core.InvalidInputException;
import dev.inkwell.functions.Function;
import dev.inkwell.functions.FunctionFailure;
import dev.inkwell.functions.Invocation;
import java.util.Locale;
import java.util.Set;

/**
 * Seed 003's third Lambda ({@code dropLowConfidencePredictions}): passes the event on unchanged when any of its
 * {@code body.inferences} (or top-level {@code inferences}) is above {@code threshold} (default 0.93, seed 003's), and
 * fails with {@value #ERROR} otherwise, so a workflow can catch it.
 */
public final class ThresholdFunction implements Function {
    public static final String NAME = "threshold";
    public static final String ERROR = "THRESHOLD_CONFIDENCE_NOT_MET";
    public static final double DEFAULT = 0.93;
    private static final Set<String> OPTIONS = Set.of("threshold");

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "pass the event on when an inference is above the threshold (0.93), else fail with " + ERROR;
    }

    @Override
    public ObjectNode checkOptions(ObjectNode options) {
        Options.only(name(), options, OPTIONS);
        threshold(options);
        return options;
    }

    static double threshold(JsonNode event) {
        JsonNode t = event.get("threshold");
        if (t == null || t.isNull()) return DEFAULT;
        if (!t.isNumber() || t.doubleValue() < 0 || t.doubleValue() > 1) {
            throw new InvalidInputException(InputLocation.file("event field threshold"), "expected a number from 0 to 1");
        }
        return t.doubleValue();
    }

    @Override
    public JsonNode invoke(JsonNode event, Invocation invocation) throws FunctionFailure {
        double threshold = threshold(event);
        JsonNode inferences = event.path("body").isObject() ? event.path("body").get("inferences") : event.get("inferences");
        String where = event.path("body").isObject() ? "body.inferences" : "inferences";
        if (inferences == null || !inferences.isArray()) {
            throw new InvalidInputException(InputLocation.file("event field " + where), "missing: expected an array of probabilities");
        }
        double best = Double.NEGATIVE_INFINITY;
        for (JsonNode v : inferences) {
            if (!v.isNumber()) throw new InvalidInputException(InputLocation.file("event field " + where), "expected numbers only");
            best = Math.max(best, v.doubleValue());
        }
        if (best > threshold) {
            // seed 003 answers the same object with the threshold stripped (it came from the mapping's options)
            if (event.isObject() && event.has("threshold")) {
                ObjectNode copy = ((ObjectNode) event).deepCopy();
                copy.remove("threshold");
                return copy;
            }
            return event;
        }
        String highest = inferences.isEmpty() ? "no inferences" : "the highest is " + String.format(Locale.ROOT, "%.4f", best);
        throw new FunctionFailure(ERROR, "no inference is above " + threshold + " (" + highest + ")", false);
    }
}
