package dev.inkwell.monitor.capture;

import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.inkwell.core.Json;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads capture objects back: one {@link CaptureRecord} per line. Whatever is in a bucket may be damaged, truncated by a
 * crash of another writer, or hostile: a line that is not a complete record in the capture shape is skipped and
 * counted, never thrown. Lines are parsed with tight limits (nesting, string and number lengths, duplicate keys).
 */
public final class CaptureReader {
    /** A line longer than this is skipped unparsed. */
    public static final int MAX_LINE_BYTES = 32 << 20;
    private static final ObjectReader READER = Json.builder(StreamReadConstraints.builder()
                    .maxNestingDepth(16).maxStringLength(MAX_LINE_BYTES).maxNumberLength(64).build())
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build().readerFor(CaptureRecord.class);

    private CaptureReader() {
    }

    /** The records of one object and the number of non-blank lines skipped. */
    public record Result(List<CaptureRecord> records, long skipped) {
        public Result {
            records = List.copyOf(records);
        }
    }

    public static Result read(byte[] object) {
        List<CaptureRecord> records = new ArrayList<>();
        long skipped = 0;
        int start = 0;
        while (start < object.length) {
            int end = start;
            while (end < object.length && object[end] != '\n') end++;
            if (!blank(object, start, end)) {
                Optional<CaptureRecord> r = end - start > MAX_LINE_BYTES ? Optional.empty() : parse(object, start, end - start);
                if (r.isPresent()) records.add(r.get());
                else skipped++;
            }
            start = end + 1;
        }
        return new Result(records, skipped);
    }

    /** One line, when it is a complete record in the capture shape. */
    public static Optional<CaptureRecord> parse(byte[] bytes, int offset, int length) {
        CaptureRecord r;
        try {
            r = READER.readValue(bytes, offset, length);
        } catch (Exception e) { // anything a damaged line can make a parser throw
            return Optional.empty();
        }
        return valid(r) ? Optional.of(r) : Optional.empty();
    }

    /** SageMaker's required parts: both payloads, an event id, a parseable inference time and the event version. */
    static boolean valid(CaptureRecord r) {
        if (r == null || r.captureData() == null || r.eventMetadata() == null || r.eventVersion() == null) return false;
        if (r.captureData().endpointInput() == null || r.captureData().endpointOutput() == null) return false;
        if (r.eventMetadata().eventId() == null || r.eventMetadata().eventId().isEmpty()) return false;
        return inferenceTime(r).isPresent();
    }

    /** When the record's request started, if its time is readable. */
    public static Optional<Instant> inferenceTime(CaptureRecord r) {
        if (r.eventMetadata() == null || r.eventMetadata().inferenceTime() == null) return Optional.empty();
        try {
            return Optional.of(Instant.parse(r.eventMetadata().inferenceTime()));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private static boolean blank(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] != ' ' && b[i] != '\t' && b[i] != '\r') return false;
        }
        return true;
    }
}
