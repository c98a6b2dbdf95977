package dev.inkwell.bucket;

import dev.inkwell.core.InputLocation;
import dev.inkwell.core.InvalidInputException;
import dev.inkwell.core.Texts;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;

/**
 * Object keys as every backend accepts them: S3's limit of 1,024 bytes of UTF-8, and no control characters (a NUL or
 * a newline in a key is an attack on whatever prints or stores it next, never a file name someone meant). Backends
 * add their own rules: the folder backend refuses keys that are not relative paths (see its package).
 */
public final class ObjectKeys {
    /** S3's limit, in bytes of UTF-8. */
    public static final int MAX_BYTES = 1024;

    /** S3's listing order: by UTF-8 bytes, which is Unicode code point order (String's own order is UTF-16's). */
    public static final Comparator<String> ORDER = ObjectKeys::compare;

    private ObjectKeys() {
    }

    /** {@code key}, or an {@link InvalidInputException} saying what is wrong with it. */
    public static String check(String key) {
        String problem = problem(key);
        if (problem != null) throw new InvalidInputException(location(key), problem);
        return key;
    }

    public static boolean isValid(String key) {
        return problem(key) == null;
    }

    public static InputLocation location(String key) {
        return InputLocation.file("key \"" + (key == null ? "" : Texts.abbreviate(key, 120)) + "\"");
    }

    private static String problem(String key) {
        if (key == null || key.isEmpty()) return "an object needs a key";
        if (key.length() > MAX_BYTES) return "longer than " + MAX_BYTES + " bytes";
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c < 0x20 || c == 0x7f) return "control characters (NUL, newline, …) are not allowed in keys";
        }
        int bytes = utf8Length(key);
        if (bytes < 0) return "not valid Unicode (a lone surrogate)";
        if (bytes > MAX_BYTES) return "longer than " + MAX_BYTES + " bytes of UTF-8 (" + bytes + ")";
        return null;
    }

    /** Bytes of UTF-8, or -1 when {@code s} holds a lone surrogate and has no UTF-8 form. */
    public static int utf8Length(String s) {
        CharsetEncoder encoder = StandardCharsets.UTF_8.newEncoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        try {
            ByteBuffer bytes = encoder.encode(CharBuffer.wrap(s));
            return bytes.remaining();
        } catch (CharacterCodingException e) {
            return -1;
        }
    }

    static int compare(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) return Integer.compare(ca, cb);
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }
}
