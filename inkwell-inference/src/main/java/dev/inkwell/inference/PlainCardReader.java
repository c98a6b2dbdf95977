package dev.inkwell.inference;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Reads a plain version-2 card (its sections, {@code schemaVersion} removed) straight from the JSON tree, without
 * Jackson's data binding: in a fresh JVM binding the card's ten records by reflection took 130–150 ms of a serving
 * start (AOT cache on, 2 cores), before the first model could load; this takes well under a millisecond.
 *
 * <p>It reads only what Inkwell itself writes: every value of the JSON type its field declares, times as UTC text,
 * no {@code null}s. Anything else (a number as text, a float where a whole number belongs, a value a record's own
 * check refuses) returns {@code null}, and the caller binds the card with Jackson, which coerces it or reports it
 * exactly as before. So for any tree this returns either nothing or the card Jackson would bind
 * ({@code PlainCardReaderPropertiesTest}). Unknown fields are ignored, as Jackson is configured to.
 */
final class PlainCardReader {
    private PlainCardReader() {
    }

    /** Signals a value outside what this reader takes; never leaves this class. */
    private static final class NotPlain extends Exception {
        private static final NotPlain INSTANCE = new NotPlain();

        private NotPlain() {
            super(null, null, false, false);
        }
    }

    /** The card, or null when the tree needs Jackson's binding (coercions, nulls, or an error to report). */
    static ModelCard read(JsonNode sections) {
        try {
            if (!sections.isObject()) return null;
            return new ModelCard(details(sections.get("model")), input(sections.get("input")), strings(sections.get("classNames")),
                    training(sections.get("training")), metrics(sections.get("metrics")), calibration(sections.get("calibration")));
        } catch (NotPlain | RuntimeException e) {
            return null; // a record's own check refused a value: Jackson's binding reports it in its words
        }
    }

    private static ModelDetails details(JsonNode n) throws NotPlain {
        if (absent(n)) return null;
        return new ModelDetails(text(n.get("name")), text(n.get("version")), text(n.get("architecture")), primitiveLong(n.get("parameterCount")),
                instant(n.get("created")), text(n.get("inkwellVersion")), text(n.get("description")));
    }

    private static InputSpec input(JsonNode n) throws NotPlain {
        if (absent(n)) return null;
        String scaling = text(n.get("scaling"));
        String preprocessing = text(n.get("preprocessing"));
        return new InputSpec(primitiveInt(n.get("width")), primitiveInt(n.get("height")), primitiveInt(n.get("channels")),
                scaling == null ? null : InputScaling.parse(scaling), primitiveDouble(n.get("mean")), primitiveDouble(n.get("std")),
                preprocessing == null ? null : Preprocessing.parse(preprocessing));
    }

    private static TrainingProvenance training(JsonNode n) throws NotPlain {
        if (absent(n)) return null;
        return new TrainingProvenance(source(n.get("source")), parent(n.get("parent")), text(n.get("dataFingerprint")), longValue(n.get("seed")),
                intValue(n.get("epochs")), intValue(n.get("bestEpoch")), bool(n.get("stoppedEarly")), options(n.get("options")),
                engine(n.get("engine")));
    }

    private static ParentModel parent(JsonNode n) throws NotPlain {
        if (absent(n)) return null;
        return new ParentModel(text(n.get("name")), text(n.get("version")), text(n.get("ref")), source(n.get("source")));
    }

    private static TrainingSettings options(JsonNode n) throws NotPlain {
        if (absent(n)) return null;
        return new TrainingSettings(intValue(n.get("batchSize")), doubleValue(n.get("learningRate")), doubleValue(n.get("weightDecay")),
                doubleValue(n.get("labelSmoothing")), text(n.get("schedule")), augmentation(n.get("augmentation")),
                doubleValue(n.get("validationSplit")), intValue(n.get("limit")), intValue(n.get("patience")), fineTune(n.get("fineTune")));
    }

    private static AugmentationSettings augmentation(JsonNode n) throws NotPlain {
        if (absent(n)) return null;
        return new AugmentationSettings(primitiveDouble(n.get("maxRotationDegrees")), primitiveDouble(n.get("maxShift")),
                primitiveDouble(n.get("maxScaleChange")), primitiveDouble(n.get("maxShearDegrees")), primitiveDouble(n.get("elasticAlpha")),
                primitiveDouble(n.get("elasticSigma")));
    }

    private static FineTuneSettings fineTune(JsonNode n) throws NotPlain {
        if (absent(n)) return null;
        return new FineTuneSettings(intValue(n.get("replayCount")), doubleValue(n.get("userShare")), bool(n.get("freezeFeatures")));
    }

    private static TrainingEngine engine(JsonNode n) throws NotPlain {
        if (absent(n)) return null;
        return new TrainingEngine(text(n.get("pytorchVersion")), text(n.get("djlVersion")), text(n.get("oneDnnIsa")));
    }

    private static TemperatureScaling calibration(JsonNode n) throws NotPlain {
        if (absent(n)) return null;
        return new TemperatureScaling(primitiveDouble(n.get("temperature")), doubleValue(n.get("logLossBefore")), doubleValue(n.get("logLossAfter")));
    }

    private static Map<String, Double> metrics(JsonNode n) throws NotPlain {
        if (absent(n)) return null;
        Map<String, Double> metrics = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : n.properties()) metrics.put(e.getKey(), doubleValue(e.getValue()));
        return metrics;
    }

    private static List<String> strings(JsonNode n) throws NotPlain {
        if (field(n, JsonNode::isArray) == null) return null;
        List<String> out = new ArrayList<>(n.size());
        for (JsonNode v : n) out.add(text(v));
        return out;
    }

    private static ModelSource source(JsonNode n) throws NotPlain {
        String s = text(n);
        return s == null ? null : ModelSource.parse(s);
    }

    /** Whether a section is missing; a present one must be an object. */
    private static boolean absent(JsonNode n) throws NotPlain {
        return field(n, JsonNode::isObject) == null;
    }

    /** The field's value, or null when the field is missing; a present one must be of the kind {@code is} names. */
    private static JsonNode field(JsonNode n, Predicate<JsonNode> is) throws NotPlain {
        if (n != null && !is.test(n)) throw NotPlain.INSTANCE;
        return n;
    }

    /** Text only (Jackson would turn a number or a boolean into text). */
    private static String text(JsonNode n) throws NotPlain {
        JsonNode v = field(n, JsonNode::isTextual);
        return v == null ? null : v.textValue();
    }

    /** UTC times as Inkwell writes them; other forms are Jackson's to read. */
    private static Instant instant(JsonNode n) throws NotPlain {
        String s = text(n);
        if (s == null) return null;
        if (!s.endsWith("Z")) throw NotPlain.INSTANCE;
        try {
            return Instant.parse(s);
        } catch (DateTimeParseException e) {
            throw NotPlain.INSTANCE;
        }
    }

    private static boolean isWhole(JsonNode n) {
        return n.isInt() || n.isLong();
    }

    /** Whole numbers and decimals alike, as Jackson reads a JSON number into a double; never text. */
    private static boolean isNumber(JsonNode n) {
        return isWhole(n) || n.isDouble();
    }

    // a missing field of a primitive type is 0, as Jackson passes it to the record's constructor

    private static Integer intValue(JsonNode n) throws NotPlain {
        JsonNode v = field(n, JsonNode::isInt);
        return v == null ? null : v.intValue();
    }

    private static int primitiveInt(JsonNode n) throws NotPlain {
        JsonNode v = field(n, JsonNode::isInt);
        return v == null ? 0 : v.intValue();
    }

    private static Long longValue(JsonNode n) throws NotPlain {
        JsonNode v = field(n, PlainCardReader::isWhole);
        return v == null ? null : v.longValue();
    }

    private static long primitiveLong(JsonNode n) throws NotPlain {
        JsonNode v = field(n, PlainCardReader::isWhole);
        return v == null ? 0 : v.longValue();
    }

    private static Double doubleValue(JsonNode n) throws NotPlain {
        JsonNode v = field(n, PlainCardReader::isNumber);
        return v == null ? null : v.doubleValue();
    }

    private static double primitiveDouble(JsonNode n) throws NotPlain {
        JsonNode v = field(n, PlainCardReader::isNumber);
        return v == null ? 0 : v.doubleValue();
    }

    private static Boolean bool(JsonNode n) throws NotPlain {
        JsonNode v = field(n, JsonNode::isBoolean);
        return v == null ? null : v.booleanValue();
    }
}
