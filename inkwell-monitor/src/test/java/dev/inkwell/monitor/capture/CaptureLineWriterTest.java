package dev.inkwell.monitor.capture;

import static org.assertj.core.api.Assertions.assertThat;

import dev.inkwell.core.Json;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/**
 * The hand-written capture line against Jackson, the writer it replaces: the same bytes for any record (hostile strings,
 * nulls, any number), and read back by {@link CaptureReader} into the same values.
 */
class CaptureLineWriterTest {
    /** Characters JSON must escape or encode in several bytes, and the plain ones around them. */
    private static final String HOSTILE = "\"\\/\n\r\t\b\f\u0000\u0001\u001f\u007f\u0080\u00e9\u2028\u2029\uffff{}[]:,aZ9 ";

    @Property(tries = 500)
    void anyRecordIsWrittenAsJacksonWritesIt(@ForAll("records") CaptureRecord r) throws Exception {
        assertThat(new String(CaptureLineWriter.line(r), StandardCharsets.UTF_8)).isEqualTo(jackson(r));
    }

    @Property(tries = 300)
    void aCompleteRecordIsReadBackAsItWas(@ForAll("completeRecords") CaptureRecord r) {
        byte[] line = CaptureLineWriter.line(r);
        assertThat(line[line.length - 1]).isEqualTo((byte) '\n');
        CaptureReader.Result read = CaptureReader.read(line);
        assertThat(read.skipped()).isZero();
        assertThat(read.records()).singleElement().usingRecursiveComparison().isEqualTo(r);
    }

    @Property(tries = 300)
    void picturesAndAnswersMadeInTheLineEqualTheirStrings(@ForAll("completeRecords") CaptureRecord r, @ForAll @Size(max = 3000) byte[] picture,
                                                         @ForAll @Size(max = 800) byte[] modelInput,
                                                         @ForAll("answers") Map<String, Object> answer) throws Exception {
        Assume.that(r.inkwell() != null); // where the model input goes
        CaptureRecord withStrings = withLargeValues(r, Base64.getEncoder().encodeToString(picture),
                new String(Json.mapper().writeValueAsBytes(answer), StandardCharsets.UTF_8), Base64.getEncoder().encodeToString(modelInput));
        CaptureRecord skeleton = withLargeValues(r, null, null, null);
        ByteArrayOutputStream made = new ByteArrayOutputStream();
        new CaptureLineWriter().write(skeleton, new CaptureLineWriter.Base64Of(picture), new CaptureLineWriter.JsonOf(answer),
                new CaptureLineWriter.Base64Of(modelInput), made);
        assertThat(made.toString(StandardCharsets.UTF_8)).isEqualTo(jackson(withStrings));
    }

    @Example
    void largeValuesCrossEveryBufferBoundary() throws Exception {
        Random random = new Random(11);
        byte[] picture = new byte[100_003]; // several base64 slices, each larger than the line buffer
        random.nextBytes(picture);
        Map<String, Object> answer = new LinkedHashMap<>();
        for (int i = 0; i < 2000; i++) answer.put("k\"" + i, "v\\" + HOSTILE.charAt(i % HOSTILE.length())); // escapes past 16 KiB
        CaptureRecord r = CaptureReaderTest.record("big");
        CaptureLineWriter writer = new CaptureLineWriter();
        for (int round = 0; round < 2; round++) { // a reused writer starts each line afresh
            ByteArrayOutputStream made = new ByteArrayOutputStream();
            writer.write(withLargeValues(r, null, null, null), new CaptureLineWriter.Base64Of(picture), new CaptureLineWriter.JsonOf(answer),
                    new CaptureLineWriter.Base64Of(new byte[0]), made);
            CaptureRecord expected = withLargeValues(r, Base64.getEncoder().encodeToString(picture),
                    new String(Json.mapper().writeValueAsBytes(answer), StandardCharsets.UTF_8), "");
            assertThat(made.toString(StandardCharsets.UTF_8)).isEqualTo(jackson(expected));
        }
    }

    @Example
    void charactersBeyondTheBmpAndHalvesOfThemReadBackAsTheyWere() throws Exception {
        CaptureRecord r = CaptureReaderTest.record("e1");
        CaptureRecord.InkwellDetails d = r.inkwell();
        CaptureRecord odd = new CaptureRecord(r.captureData(), r.eventMetadata(), r.eventVersion(), new CaptureRecord.InkwellDetails(d.endpoint(),
                d.variant(), d.model(), d.shadow(), d.inputIndex(), d.latencyMs(), "a\ud800b\udc00c\ud83d\ude00", d.index(), d.probability(),
                d.probabilities(), d.modelInput()));
        assertThat(new String(CaptureLineWriter.line(odd), StandardCharsets.UTF_8)).isEqualTo(jackson(odd));
        CaptureReader.Result read = CaptureReader.read(CaptureLineWriter.line(odd));
        assertThat(read.records()).singleElement().satisfies(back -> assertThat(back.inkwell().label()).isEqualTo("a\ud800b\udc00c\ud83d\ude00"));
    }

    @Example
    void specialNumbersAreWrittenAsJacksonWritesThem() throws Exception {
        CaptureRecord r = CaptureReaderTest.record("e1");
        CaptureRecord.InkwellDetails d = r.inkwell();
        CaptureRecord odd = new CaptureRecord(r.captureData(), r.eventMetadata(), r.eventVersion(), new CaptureRecord.InkwellDetails(d.endpoint(),
                d.variant(), d.model(), d.shadow(), -1, Double.NaN, d.label(), Integer.MIN_VALUE, Double.NEGATIVE_INFINITY,
                new float[] {Float.NaN, Float.POSITIVE_INFINITY, -0.0f, Float.MIN_VALUE, 1e-7f, 3.4e38f}, d.modelInput()));
        assertThat(new String(CaptureLineWriter.line(odd), StandardCharsets.UTF_8)).isEqualTo(jackson(odd)).contains("\"latency_ms\":\"NaN\"");
    }

    private static String jackson(CaptureRecord r) throws Exception {
        return new String(Json.mapper().writeValueAsBytes(r), StandardCharsets.UTF_8) + "\n";
    }

    private static CaptureRecord withLargeValues(CaptureRecord r, String input, String output, String modelInput) {
        CaptureRecord.CaptureData d = r.captureData();
        CaptureRecord.Payload in = d.endpointInput();
        CaptureRecord.Payload out = d.endpointOutput();
        CaptureRecord.InkwellDetails k = r.inkwell();
        return new CaptureRecord(new CaptureRecord.CaptureData(new CaptureRecord.Payload(in.observedContentType(), in.mode(), input, in.encoding()),
                new CaptureRecord.Payload(out.observedContentType(), out.mode(), output, out.encoding())), r.eventMetadata(), r.eventVersion(),
                new CaptureRecord.InkwellDetails(k.endpoint(), k.variant(), k.model(), k.shadow(), k.inputIndex(), k.latencyMs(), k.label(),
                        k.index(), k.probability(), k.probabilities(), modelInput));
    }

    /** Any text (halves of surrogate pairs included), hostile characters often. */
    private static Arbitrary<String> text() {
        return Arbitraries.oneOf(Arbitraries.strings().all().ofMaxLength(40), Arbitraries.strings().withChars(HOSTILE).ofMaxLength(40),
                Arbitraries.of("\ud83d\ude00", "\ud834\udd1e x", "\u4e2d\u6587"));
    }

    private static Arbitrary<String> maybe(Arbitrary<String> a) {
        return a.injectNull(0.15);
    }

    private static Arbitrary<CaptureRecord.Payload> payload(boolean complete) {
        Arbitrary<CaptureRecord.Payload> p = Combinators.combine(maybe(text()), maybe(text()), maybe(text()), maybe(text()))
                .as(CaptureRecord.Payload::new);
        return complete ? p : p.injectNull(0.1);
    }

    private static Arbitrary<CaptureRecord.InkwellDetails> details(boolean finite) {
        Arbitrary<Double> doubles = finite ? Arbitraries.doubles() : Arbitraries.doubles().withStandardSpecialValues();
        Arbitrary<Float> floats = finite ? Arbitraries.floats() : Arbitraries.floats().withStandardSpecialValues();
        Arbitrary<float[]> probabilities = floats.array(float[].class).ofMaxSize(12).injectNull(0.1);
        Arbitrary<CaptureRecord.ModelName> model = Combinators.combine(maybe(text()), maybe(text())).as(CaptureRecord.ModelName::new).injectNull(0.1);
        return Combinators.combine(List.of(maybe(text()).asGeneric(), maybe(text()).asGeneric(), model.asGeneric(), Arbitraries.of(true, false).asGeneric(),
                Arbitraries.integers().asGeneric(), doubles.asGeneric(), maybe(text()).asGeneric(), Arbitraries.integers().asGeneric(),
                doubles.asGeneric(), probabilities.asGeneric(), maybe(text()).asGeneric())).as(v -> new CaptureRecord.InkwellDetails(
                (String) v.get(0), (String) v.get(1), (CaptureRecord.ModelName) v.get(2), (Boolean) v.get(3), (Integer) v.get(4),
                (Double) v.get(5), (String) v.get(6), (Integer) v.get(7), (Double) v.get(8), (float[]) v.get(9), (String) v.get(10)));
    }

    @Provide
    Arbitrary<CaptureRecord> records() {
        Arbitrary<CaptureRecord.CaptureData> data = Combinators.combine(payload(false), payload(false)).as(CaptureRecord.CaptureData::new)
                .injectNull(0.1);
        Arbitrary<CaptureRecord.EventMetadata> metadata = Combinators.combine(maybe(text()), maybe(text()), maybe(text()))
                .as(CaptureRecord.EventMetadata::new).injectNull(0.1);
        return Combinators.combine(data, metadata, maybe(text()), details(false).injectNull(0.1)).as(CaptureRecord::new);
    }

    /** Records the reader takes: both payloads, an event id, a readable time, a version; any values otherwise. */
    @Provide
    Arbitrary<CaptureRecord> completeRecords() {
        Arbitrary<CaptureRecord.CaptureData> data = Combinators.combine(payload(true), payload(true)).as(CaptureRecord.CaptureData::new);
        Arbitrary<String> times = Arbitraries.longs().between(0, 4_000_000_000_000L).map(ms -> CaptureEncoder.time(Instant.ofEpochMilli(ms)));
        Arbitrary<CaptureRecord.EventMetadata> metadata = Combinators.combine(text().filter(s -> !s.isEmpty()), maybe(text()), times)
                .as(CaptureRecord.EventMetadata::new);
        return Combinators.combine(data, metadata, text(), details(true).injectNull(0.1)).as(CaptureRecord::new);
    }

    @Provide
    Arbitrary<Map<String, Object>> answers() {
        Arbitrary<Object> values = Arbitraries.oneOf(text().map(s -> (Object) s), Arbitraries.floats().map(f -> (Object) f),
                Arbitraries.integers().map(i -> (Object) i));
        return Arbitraries.maps(text(), values).ofMaxSize(8);
    }
}
