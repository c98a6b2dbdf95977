package dev.inkwell.monitor.capture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** The capture reader on damaged, truncated and hostile objects: it skips and counts, and never throws. */
class CaptureReaderTest {
    static CaptureRecord record(String id) {
        return new CaptureRecord(
                new CaptureRecord.CaptureData(new CaptureRecord.Payload("image/png", "INPUT", "iVBORw0KGgo=", "BASE64"),
                        new CaptureRecord.Payload("application/json", "OUTPUT", "{\"label\":\"7\"}", "JSON")),
                new CaptureRecord.EventMetadata(id, "request-" + id, "2026-11-23T10:15:02.123Z"), "0",
                new CaptureRecord.InkwellDetails("mnist", "primary", new CaptureRecord.ModelName("mnist", "1"), false, 0, 1.5, "7", 7, 0.99,
                        new float[] {0.01f, 0.99f}, "iVBORw0KGgo="));
    }

    private static String valid(String id) {
        return new String(CaptureEncoder.line(record(id)), StandardCharsets.UTF_8).strip();
    }

    @Property(tries = 300)
    void anyBytesAreReadWithoutThrowing(@ForAll @Size(max = 4000) byte[] junk) {
        CaptureReader.Result r = CaptureReader.read(junk);
        long lines = new String(junk, StandardCharsets.ISO_8859_1).split("\n", -1).length;
        assertThat(r.records().size() + r.skipped()).isLessThanOrEqualTo(lines);
    }

    @Property(tries = 200)
    void recordsAmongGarbageAreKeptAndTheGarbageCounted(@ForAll("garbage") List<String> garbage, @ForAll @IntRange(min = 0, max = 5) int records) {
        StringBuilder object = new StringBuilder();
        for (int i = 0; i < Math.max(garbage.size(), records); i++) {
            if (i < records) object.append(valid("e" + i)).append('\n');
            if (i < garbage.size()) object.append(garbage.get(i)).append(i % 2 == 0 ? "\n" : "\r\n");
        }
        CaptureReader.Result r = CaptureReader.read(object.toString().getBytes(StandardCharsets.UTF_8));
        assertThat(r.records()).extracting(c -> c.eventMetadata().eventId()).containsExactlyElementsOf(
                IntStream.range(0, records).mapToObj(i -> "e" + i).toList());
        assertThat(r.skipped()).isEqualTo(garbage.size());
    }

    @Provide
    Arbitrary<List<String>> garbage() {
        Arbitrary<String> text = Arbitraries.strings().withCharRange(' ', '~').ofMinLength(1).ofMaxLength(200).filter(s -> !s.isBlank());
        // a record cut short, as a writer killed mid-line would leave it
        Arbitrary<String> truncated = Arbitraries.integers().between(1, 10_000).map(cut -> {
            String v = valid("m");
            return v.substring(0, 1 + cut % (v.length() - 1));
        });
        Arbitrary<String> jsonButNotARecord = Arbitraries.of("{}", "[]", "null", "42", "\"text\"", "{\"captureData\":{}}",
                "{\"eventVersion\":\"0\"}", valid("x").replace("\"eventId\":\"x\",", ""), valid("y").replace("\"eventVersion\":\"0\"", "\"eventVersion\":null"),
                valid("z").replace("2026-11-23T10:15:02.123Z", "yesterday"), valid("d").replace("\"mode\":\"INPUT\"", "\"mode\":\"INPUT\",\"mode\":\"INPUT\""),
                valid("t") + " {}", valid("n").replace("1.5", "NaN"));
        return Arbitraries.oneOf(text, truncated, jsonButNotARecord).list().ofMaxSize(8);
    }

    @Property(tries = 200)
    void everyTruncationOfARecordIsSkipped(@ForAll @IntRange(min = 1, max = 100_000) int at) {
        byte[] line = valid("cut").getBytes(StandardCharsets.UTF_8);
        int cut = at % line.length;
        if (cut == 0) cut = 1;
        CaptureReader.Result r = CaptureReader.read(Arrays.copyOf(line, cut));
        assertThat(r.records()).isEmpty();
        assertThat(r.skipped()).isEqualTo(1);
    }

    @Example
    void hostileLinesAreSkipped() {
        ByteArrayOutputStream object = new ByteArrayOutputStream();
        object.writeBytes("[".repeat(200_000).getBytes(StandardCharsets.US_ASCII));
        object.write('\n');
        object.writeBytes(("{\"captureData\":" + "{\"a\":".repeat(5000) + "1" + "}".repeat(5000) + "}").getBytes(StandardCharsets.US_ASCII));
        object.write('\n');
        object.writeBytes(valid("big-number").replace("1.5", "1" + "0".repeat(5000)).getBytes(StandardCharsets.US_ASCII));
        object.write('\n');
        byte[] badUtf8 = valid("utf").getBytes(StandardCharsets.UTF_8);
        badUtf8[30] = (byte) 0xC3;
        badUtf8[31] = (byte) 0x28;
        object.writeBytes(badUtf8);
        object.write('\n');
        object.writeBytes(("{\"eventVersion\":\"" + "A".repeat(CaptureReader.MAX_LINE_BYTES + 10) + "\"}").getBytes(StandardCharsets.US_ASCII));
        object.write('\n');
        object.writeBytes(valid("kept").getBytes(StandardCharsets.UTF_8));
        object.writeBytes("\n\n   \n".getBytes(StandardCharsets.US_ASCII));
        object.writeBytes(valid("last-without-newline").getBytes(StandardCharsets.UTF_8));

        CaptureReader.Result r = CaptureReader.read(object.toByteArray());
        assertThat(r.records()).extracting(c -> c.eventMetadata().eventId()).containsExactly("kept", "last-without-newline");
        assertThat(r.skipped()).isEqualTo(5);
    }
}
