package dev.inkwell.serving.input;

import dev.inkwell.core.InputLocation;
import dev.inkwell.core.InvalidInputException;
import java.util.Base64;

/** Decodes base64 image text as clients send it: plain, URL-safe, with or without padding, line breaks or a data: URL prefix. */
final class Base64Images {
    private Base64Images() {
    }

    static byte[] decode(String text, InputLocation where, String field) {
        String s = text.strip();
        if (s.startsWith("data:")) {
            int comma = s.indexOf(',');
            if (comma < 0 || !s.substring(0, comma).endsWith(";base64")) {
                throw new InvalidInputException(where, field + " is a data: URL without ';base64,' data");
            }
            s = s.substring(comma + 1);
        }
        StringBuilder clean = new StringBuilder(s.length());
        boolean urlSafe = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\n' || c == '\r' || c == ' ' || c == '\t') continue;
            if (c == '-' || c == '_') urlSafe = true;
            clean.append(c);
        }
        if (clean.isEmpty()) throw new InvalidInputException(where, field + " is empty: expected a base64-encoded image");
        try {
            byte[] bytes = (urlSafe ? Base64.getUrlDecoder() : Base64.getDecoder()).decode(clean.toString());
            if (bytes.length == 0) throw new InvalidInputException(where, field + " decodes to no bytes");
            return bytes;
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(where, field + " is not valid base64: " + e.getMessage());
        }
    }
}
