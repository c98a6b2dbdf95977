package dev.inkwell.functions;

import com.fasterxml.jackson.databind.JsonNode;
import dev.inkwell.core.InputLocation;
import dev.inkwell.core.InvalidInputException;
import dev.inkwell.core.Texts;

/** Reads the fields of a function's event, refusing wrong types with the field's name. */
public final class EventFields {
    private EventFields() {
    }

    private static InvalidInputException wrong(String field, String expected) {
        return new InvalidInputException(InputLocation.file("event field " + field), expected);
    }

    /** A text field, or {@code fallback} when absent or null. */
    public static String text(JsonNode event, String field, String fallback) {
        JsonNode v = event.get(field);
        if (v == null || v.isNull()) return fallback;
        if (!v.isTextual()) throw wrong(field, "expected a string");
        return v.textValue();
    }

    public static String requiredText(JsonNode event, String field) {
        String v = text(event, field, null);
        if (v == null || v.isEmpty()) throw wrong(field, "missing: this function needs it");
        return v;
    }

    public static boolean bool(JsonNode event, String field, boolean fallback) {
        JsonNode v = event.get(field);
        if (v == null || v.isNull()) return fallback;
        if (!v.isBoolean()) throw wrong(field, "expected true or false");
        return v.booleanValue();
    }

    public static int integer(JsonNode event, String field, int fallback, int min, int max) {
        JsonNode v = event.get(field);
        if (v == null || v.isNull()) return fallback;
        if (!v.isIntegralNumber() || !v.canConvertToInt() || v.intValue() < min || v.intValue() > max) {
            throw wrong(field, "expected a whole number from " + min + " to " + max);
        }
        return v.intValue();
    }

    /** A key prefix for outputs: empty, or ending in '/', without control characters. */
    public static String prefix(JsonNode event, String field, String fallback) {
        String p = text(event, field, fallback);
        if (p.length() > 512 || p.chars().anyMatch(c -> c < 0x20 || c == 0x7f) || p.startsWith("/")) {
            throw wrong(field, "'" + Texts.abbreviate(p, 40) + "' is not a key prefix (at most 512 characters, no control characters, not starting with /)");
        }
        return p.isEmpty() || p.endsWith("/") ? p : p + "/";
    }
}
