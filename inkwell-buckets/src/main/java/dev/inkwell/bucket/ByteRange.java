package dev.inkwell.bucket;

import dev.inkwell.core.InputLocation;
import dev.inkwell.core.InvalidInputException;
import dev.inkwell.core.Texts;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A byte range of an object as HTTP's Range header says it: {@code first-last} (inclusive), {@code first-} (to the
 * end) or {@code -suffix} (the last bytes).
 *
 * @param first  the first byte, or -1 for a suffix range
 * @param last   the last byte (inclusive), or -1 for "to the end"; the suffix length for a suffix range
 */
public record ByteRange(long first, long last) {
    private static final Pattern HEADER = Pattern.compile("bytes=(\\d{0,19})-(\\d{0,19})");
    private static final InputLocation WHERE = InputLocation.file("range");

    public ByteRange {
        if (first < -1 || last < -1 || first == -1 && last < 1 || first >= 0 && last >= 0 && last < first) {
            throw new InvalidInputException(WHERE, "not a byte range: " + first + "-" + last);
        }
    }

    public static ByteRange of(long first, long last) {
        return new ByteRange(first, last);
    }

    public static ByteRange from(long first) {
        return new ByteRange(first, -1);
    }

    public static ByteRange suffix(long length) {
        return new ByteRange(-1, length);
    }

    /** An HTTP Range header ({@code bytes=0-99}); one range only, as S3 allows. */
    public static ByteRange parse(String header) {
        Matcher m = HEADER.matcher(header == null ? "" : header.strip());
        if (!m.matches() || m.group(1).isEmpty() && m.group(2).isEmpty()) {
            throw new InvalidInputException(WHERE, "\"" + Texts.abbreviate(String.valueOf(header), 60) + "\" is not a single byte range (bytes=FIRST-LAST)");
        }
        try {
            if (m.group(1).isEmpty()) return suffix(Long.parseLong(m.group(2)));
            long first = Long.parseLong(m.group(1));
            return m.group(2).isEmpty() ? from(first) : of(first, Long.parseLong(m.group(2)));
        } catch (NumberFormatException e) {
            throw new InvalidInputException(WHERE, "byte positions beyond 2^63", e);
        }
    }

    /** {@code [first, last]} within an object of {@code size} bytes, or {@link InvalidRangeException} if none of it is. */
    public long[] resolve(long size) {
        if (first == -1) {
            if (size == 0) throw new InvalidRangeException(this, size);
            return new long[] {Math.max(0, size - last), size - 1};
        }
        if (first >= size) throw new InvalidRangeException(this, size);
        return new long[] {first, last == -1 ? size - 1 : Math.min(last, size - 1)};
    }

    /** As HTTP writes it. */
    public String header() {
        return first == -1 ? "bytes=-" + last : "bytes=" + first + "-" + (last == -1 ? "" : String.valueOf(last));
    }
}
