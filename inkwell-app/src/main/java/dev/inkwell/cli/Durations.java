package dev.inkwell.cli;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as the command line writes them: {@code 1h}, {@code 30m}, {@code 1h30m}, {@code 10s}, {@code 2d} or ISO {@code PT1H}. */
final class Durations {
    private static final Pattern SHORT = Pattern.compile("(?:(\\d{1,6})d)?(?:(\\d{1,6})h)?(?:(\\d{1,6})m)?(?:(\\d{1,6})s)?");

    private Durations() {
    }

    /** The duration {@code text} says; an {@link IllegalArgumentException} naming the expected forms otherwise. */
    static Duration parse(String text) {
        String v = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
        if (v.startsWith("p")) {
            try {
                return positive(Duration.parse(v.toUpperCase(Locale.ROOT)), text);
            } catch (DateTimeParseException e) {
                throw bad(text);
            }
        }
        Matcher m = SHORT.matcher(v);
        if (v.isEmpty() || !m.matches()) throw bad(text);
        return positive(Duration.ofDays(group(m, 1)).plusHours(group(m, 2)).plusMinutes(group(m, 3)).plusSeconds(group(m, 4)), text);
    }

    private static Duration positive(Duration d, String text) {
        if (d.isZero() || d.isNegative()) throw new IllegalArgumentException("'" + text + "': a duration must be more than 0");
        return d;
    }

    private static IllegalArgumentException bad(String text) {
        return new IllegalArgumentException("'" + text + "': expected a duration such as 1h, 30m, 1h30m, 10s, 2d or PT1H");
    }

    private static long group(Matcher m, int i) {
        return m.group(i) == null ? 0 : Long.parseLong(m.group(i));
    }
}
