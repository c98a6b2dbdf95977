package dev.inkwell.recognition;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import dev.inkwell.core.Json;
import dev.inkwell.recognition.RecognitionJson.BoxJson;
import dev.inkwell.recognition.RecognitionJson.DebugJson;
import dev.inkwell.recognition.RecognitionJson.DigitJson;
import dev.inkwell.recognition.RecognitionJson.ModelJson;
import dev.inkwell.recognition.RecognitionJson.ScoreJson;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * {@link RecognitionJsonWriter} writes what Jackson's data binding writes for the record, byte for byte: alone, in a
 * batch, inside a map, and unwrapped into an enclosing object, for any values (nulls, any text, NaN and infinities).
 */
class RecognitionJsonWriterPropertiesTest {
    private static final ObjectMapper WRITER = Json.mapper();
    /** The same mapper with the record bound as binding does it (the mix-in drops the record's own serializer). */
    private static final ObjectMapper BINDING = Json.mapper().copy().addMixIn(RecognitionJson.class, BoundByJackson.class);

    @JsonSerialize(using = JsonSerializer.None.class)
    private abstract static class BoundByJackson {
    }

    record Enclosing(String input, String error, @JsonUnwrapped RecognitionJson reading) {
    }

    @Property(tries = 400)
    void writesWhatBindingWrites(@ForAll("recognitions") RecognitionJson r) throws JsonProcessingException {
        assertThat(WRITER.writeValueAsString(r)).isEqualTo(BINDING.writeValueAsString(r));
        assertThat(WRITER.writeValueAsString(List.of(r, r.inBatch()))).isEqualTo(BINDING.writeValueAsString(List.of(r, r.inBatch())));
        assertThat(WRITER.writeValueAsString(Map.of("p", r))).isEqualTo(BINDING.writeValueAsString(Map.of("p", r)));
        assertThat(WRITER.writerWithDefaultPrettyPrinter().writeValueAsString(r))
                .isEqualTo(BINDING.writerWithDefaultPrettyPrinter().writeValueAsString(r));
    }

    @Property(tries = 100)
    void unwrappedIntoAnEnclosingObjectAsBindingDoesIt(@ForAll("recognitions") RecognitionJson r) throws JsonProcessingException {
        Enclosing e = new Enclosing("7.png", null, r);
        String written = WRITER.writeValueAsString(e);
        assertThat(written).isEqualTo(BINDING.writeValueAsString(e)).startsWith("{\"input\":\"7.png\",\"error\":null,");
    }

    private static Arbitrary<String> text() {
        return Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(8), Arbitraries.of("7", "", "\"quoted\"\n\u0001", "ünï✓😀"))
                .injectNull(0.2);
    }

    private static Arbitrary<Float> floats() {
        return Arbitraries.oneOf(Arbitraries.integers().map(Float::intBitsToFloat),
                Arbitraries.of(0f, 1f, 0.5f, -0f, Float.NaN, Float.POSITIVE_INFINITY, 1e-45f));
    }

    private static Arbitrary<Double> doubles() {
        return Arbitraries.oneOf(Arbitraries.longs().map(Double::longBitsToDouble),
                Arbitraries.of(0.0, 12.345, Double.NaN, Double.NEGATIVE_INFINITY));
    }

    private static Arbitrary<Map<String, Float>> probabilities() {
        return Combinators.combine(Arbitraries.strings().ofMaxLength(4).list().ofMaxSize(10), floats().injectNull(0.05).list().ofSize(10))
                .as((keys, values) -> {
                    Map<String, Float> m = new LinkedHashMap<>();
                    for (int i = 0; i < keys.size(); i++) m.put(keys.get(i), values.get(i));
                    return m;
                }).injectNull(0.1);
    }

    private static Arbitrary<List<ScoreJson>> top() {
        Arbitrary<ScoreJson> score = Combinators.combine(text(), Arbitraries.integers(), floats()).as(ScoreJson::new).injectNull(0.05);
        return score.list().ofMaxSize(3).injectNull(0.1);
    }

    @Provide
    Arbitrary<RecognitionJson> recognitions() {
        Arbitrary<ModelJson> model = Combinators.combine(text(), text()).as(ModelJson::new).injectNull(0.2);
        Arbitrary<BoxJson> box = Combinators.combine(Arbitraries.integers(), Arbitraries.integers(), Arbitraries.integers(),
                Arbitraries.integers()).as(BoxJson::new).injectNull(0.1);
        Arbitrary<DigitJson> digit = Combinators.combine(text(), Arbitraries.integers(), floats(), probabilities(), top(), box)
                .as(DigitJson::new).injectNull(0.05);
        Arbitrary<Map<String, Double>> timing = Arbitraries.maps(Arbitraries.strings().ofMaxLength(12), doubles().injectNull(0.05))
                .ofMaxSize(4).map(LinkedHashMap::new).map(m -> (Map<String, Double>) m).injectNull(0.1);
        Arbitrary<DebugJson> debug = Combinators.combine(Arbitraries.strings().ofMaxLength(6).list().ofMaxSize(2).injectNull(0.3), text())
                .as((images, input) -> new DebugJson(images, null, input)).injectNull(0.7);
        Arbitrary<RecognitionJson> head = Combinators.combine(text(), text(), model, text(), Arbitraries.integers(), floats(), probabilities(), top())
                .as((endpoint, variant, m, label, index, p, ps, t) -> new RecognitionJson(endpoint, variant, m, label, index, p, ps, t,
                        null, null, 0, false, null, null, null, null));
        return head.flatMap(h -> Combinators.combine(digit.list().ofMaxSize(3).map(ArrayList::new).injectNull(0.1), text(), doubles(),
                        Arbitraries.of(true, false), text(), Arbitraries.integers().injectNull(0.6), timing, debug)
                .as((digits, number, np, confident, reason, d, t, dbg) -> new RecognitionJson(h.endpoint(), h.variant(), h.model(),
                        h.label(), h.index(), h.probability(), h.probabilities(), h.top(), digits, number, np, confident, reason, d, t, dbg)));
    }
}
