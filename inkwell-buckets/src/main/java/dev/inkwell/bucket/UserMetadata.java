package dev.inkwell.bucket;

import dev.inkwell.core.InputLocation;
import dev.inkwell.core.InputTooLargeException;
import dev.inkwell.core.InvalidInputException;
import dev.inkwell.core.Texts;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * User metadata as S3 keeps it: HTTP header names (stored in lower case) with printable values, 2 KB in all. Values
 * travel as HTTP headers, so anything that could split a header (CR, LF) or break its encoding is refused.
 */
public final class UserMetadata {
    /** S3's limit on names plus values, in bytes. */
    public static final int MAX_BYTES = 2048;
    private static final Pattern NAME = Pattern.compile("[a-z0-9!#$%&'*+.^_`|~-]+");
    private static final InputLocation WHERE = InputLocation.file("metadata");

    private UserMetadata() {
    }

    /** An unmodifiable, sorted copy with names in lower case; refuses names, values or sizes S3 would refuse. */
    public static Map<String, String> check(Map<String, String> metadata) {
        if (metadata == null || metadata.isEmpty()) return Map.of();
        TreeMap<String, String> out = new TreeMap<>();
        int bytes = 0;
        for (var e : metadata.entrySet()) {
            String name = e.getKey() == null ? "" : e.getKey().toLowerCase(Locale.ROOT);
            String value = e.getValue() == null ? "" : e.getValue();
            if (!NAME.matcher(name).matches()) {
                throw new InvalidInputException(WHERE, "\"" + Texts.abbreviate(name, 60) + "\" is not a valid metadata name (an HTTP header token)");
            }
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                if (c < 0x20 && c != '\t' || c == 0x7f || c > 0x7e) {
                    throw new InvalidInputException(WHERE, "the value of " + name + " holds a character that cannot travel in an HTTP header (printable ASCII only)");
                }
            }
            bytes += name.length() + value.length();
            if (out.put(name, value) != null) throw new InvalidInputException(WHERE, name + " given twice");
        }
        if (bytes > MAX_BYTES) throw new InputTooLargeException(WHERE, bytes + " bytes of names and values: at most " + MAX_BYTES);
        return Collections.unmodifiableMap(out);
    }
}
