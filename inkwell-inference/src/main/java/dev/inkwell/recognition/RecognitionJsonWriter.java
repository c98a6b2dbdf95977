package dev.inkwell.recognition;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.fasterxml.jackson.databind.util.NameTransformer;
import dev.inkwell.recognition.RecognitionJson.DigitJson;
import dev.inkwell.recognition.RecognitionJson.ModelJson;
import dev.inkwell.recognition.RecognitionJson.ScoreJson;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * Writes a {@link RecognitionJson} field by field, byte for byte as Jackson's data binding writes the record (its
 * {@code @JsonInclude}, property names and component order; {@code RecognitionJsonWriterPropertiesTest} compares the
 * two), without binding's reflection: every prediction answer is one of these, and in a fresh JVM binding's set-up for
 * the record and its five nested ones took ~35 ms of a serving start, before the first answer. {@code debug}, asked
 * for rarely, is left to binding. Also written unwrapped ({@code @JsonUnwrapped}, as {@code inkwell predict --json}
 * does).
 */
class RecognitionJsonWriter extends StdSerializer<RecognitionJson> {
    private final NameTransformer names;

    RecognitionJsonWriter() {
        this(NameTransformer.NOP);
    }

    private RecognitionJsonWriter(NameTransformer names) {
        super(RecognitionJson.class);
        this.names = names;
    }

    @Override
    public void serialize(RecognitionJson r, JsonGenerator gen, SerializerProvider provider) throws IOException {
        gen.writeStartObject(r);
        fields(r, gen, provider);
        gen.writeEndObject();
    }

    @Override
    public JsonSerializer<RecognitionJson> unwrappingSerializer(NameTransformer unwrapper) {
        return new Unwrapped(unwrapper);
    }

    /** The fields alone, inside the enclosing object, named through the unwrapping's prefix and suffix if any. */
    private static final class Unwrapped extends RecognitionJsonWriter {
        Unwrapped(NameTransformer names) {
            super(names);
        }

        @Override
        public void serialize(RecognitionJson r, JsonGenerator gen, SerializerProvider provider) throws IOException {
            fields(r, gen, provider);
        }

        @Override
        public boolean isUnwrappingSerializer() {
            return true;
        }
    }

    /** The record's properties in component order; the record is {@code NON_NULL}, so null ones are left out. */
    void fields(RecognitionJson r, JsonGenerator gen, SerializerProvider provider) throws IOException {
        if (r.endpoint() != null) gen.writeStringField(name("endpoint"), r.endpoint());
        if (r.variant() != null) gen.writeStringField(name("variant"), r.variant());
        if (r.model() != null) {
            gen.writeFieldName(name("model"));
            model(r.model(), gen);
        }
        if (r.label() != null) gen.writeStringField(name("label"), r.label());
        gen.writeNumberField(name("index"), r.index());
        gen.writeNumberField(name("probability"), r.probability());
        if (r.probabilities() != null) {
            gen.writeFieldName(name("probabilities"));
            numbers(r.probabilities(), gen);
        }
        if (r.top() != null) {
            gen.writeFieldName(name("top"));
            top(r.top(), gen);
        }
        if (r.digits() != null) {
            gen.writeFieldName(name("digits"));
            gen.writeStartArray();
            for (DigitJson d : r.digits()) digit(d, gen);
            gen.writeEndArray();
        }
        if (r.number() != null) gen.writeStringField(name("number"), r.number());
        gen.writeNumberField(name("number_probability"), r.numberProbability());
        gen.writeBooleanField(name("confident"), r.confident());
        if (r.reason() != null) gen.writeStringField(name("reason"), r.reason());
        if (r.digit() != null) gen.writeNumberField(name("digit"), r.digit().intValue());
        if (r.timing() != null) {
            gen.writeFieldName(name("timing"));
            numbers(r.timing(), gen);
        }
        if (r.debug() != null) provider.defaultSerializeField(name("debug"), r.debug(), gen);
    }

    private String name(String property) {
        return names.transform(property);
    }

    // the nested records are not NON_NULL: their null properties are written as null, as binding does

    private static void model(ModelJson m, JsonGenerator gen) throws IOException {
        gen.writeStartObject();
        stringOrNull(gen, "name", m.name());
        stringOrNull(gen, "version", m.version());
        gen.writeEndObject();
    }

    private static void digit(DigitJson d, JsonGenerator gen) throws IOException {
        if (d == null) {
            gen.writeNull();
            return;
        }
        gen.writeStartObject();
        score(d.label(), d.index(), d.probability(), gen);
        gen.writeFieldName("probabilities");
        if (d.probabilities() == null) gen.writeNull();
        else numbers(d.probabilities(), gen);
        gen.writeFieldName("top");
        if (d.top() == null) gen.writeNull();
        else top(d.top(), gen);
        gen.writeFieldName("box");
        if (d.box() == null) {
            gen.writeNull();
        } else {
            gen.writeStartObject();
            gen.writeNumberField("x", d.box().x());
            gen.writeNumberField("y", d.box().y());
            gen.writeNumberField("width", d.box().width());
            gen.writeNumberField("height", d.box().height());
            gen.writeEndObject();
        }
        gen.writeEndObject();
    }

    /** Class or step to number; a {@code Float} is written as a float (0.9992047), as binding writes it, not widened. */
    private static void numbers(Map<String, ? extends Number> numbers, JsonGenerator gen) throws IOException {
        gen.writeStartObject();
        for (Map.Entry<String, ? extends Number> e : numbers.entrySet()) {
            gen.writeFieldName(e.getKey());
            if (e.getValue() == null) gen.writeNull();
            else if (e.getValue() instanceof Float f) gen.writeNumber(f.floatValue());
            else gen.writeNumber(e.getValue().doubleValue());
        }
        gen.writeEndObject();
    }

    private static void top(List<ScoreJson> top, JsonGenerator gen) throws IOException {
        gen.writeStartArray();
        for (ScoreJson s : top) {
            if (s == null) {
                gen.writeNull();
                continue;
            }
            gen.writeStartObject();
            score(s.label(), s.index(), s.probability(), gen);
            gen.writeEndObject();
        }
        gen.writeEndArray();
    }

    /** The fields a score and a digit begin with. */
    private static void score(String label, int index, float probability, JsonGenerator gen) throws IOException {
        stringOrNull(gen, "label", label);
        gen.writeNumberField("index", index);
        gen.writeNumberField("probability", probability);
    }

    private static void stringOrNull(JsonGenerator gen, String name, String value) throws IOException {
        gen.writeFieldName(name);
        if (value == null) gen.writeNull();
        else gen.writeString(value);
    }
}
