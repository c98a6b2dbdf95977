package dev.inkwell.cli.bucket;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/** The aws CLI's listing format: local date and time, size right-aligned, name. */
final class Listing {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneId.systemDefault());

    private Listing() {
    }

    static String time(Instant t) {
        return t == null ? " ".repeat(19) : TIME.format(t);
    }

    static String object(Instant modified, long size, String name) {
        return String.format("%s %10d %s", time(modified), size, name);
    }

    static String prefix(String name) {
        return String.format("%s %10s %s", " ".repeat(19), "PRE", name);
    }
}
