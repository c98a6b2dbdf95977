package dev.inkwell.monitor.capture;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where capture objects go, as SageMaker lays them out: {@code PREFIX/ENDPOINT/VARIANT/yyyy/mm/dd/hh/FILE.jsonl}, the
 * hour being the UTC hour of the records inside; {@code FILE} is {@code mm-ss-SSS-REPLICA-SEQ} (the first record's
 * minute, second and millisecond, the writing replica, its object counter), so replicas never overwrite each other.
 */
public final class CaptureKeys {
    private static final DateTimeFormatter HOUR = DateTimeFormatter.ofPattern("yyyy/MM/dd/HH", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter FILE_TIME = DateTimeFormatter.ofPattern("mm-ss-SSS", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final Pattern HOUR_IN_KEY = Pattern.compile("(?:^|/)(\\d{4}/\\d{2}/\\d{2}/\\d{2})/[^/]+\\.jsonl$");
    private static final Pattern UNSAFE = Pattern.compile("[^A-Za-z0-9._-]");

    private CaptureKeys() {
    }

    /** {@code PREFIX/ENDPOINT/} ({@code prefix} empty or ending with '/'). */
    public static String endpointPrefix(String prefix, String endpoint) {
        return prefix + segment(endpoint) + "/";
    }

    /** {@code PREFIX/ENDPOINT/VARIANT/yyyy/mm/dd/hh/}: the objects of one variant and hour. */
    public static String hourPrefix(String prefix, String endpoint, String variant, Instant hour) {
        return endpointPrefix(prefix, endpoint) + segment(variant) + "/" + hourFolder(hour);
    }

    /** {@code yyyy/mm/dd/hh/} of the UTC hour of {@code at}. */
    public static String hourFolder(Instant at) {
        return HOUR.format(at) + "/";
    }

    /** The key of one object of records whose first one is at {@code first}. */
    public static String objectKey(String prefix, String endpoint, String variant, Instant first, String replica, long sequence) {
        return hourPrefix(prefix, endpoint, variant, first) + FILE_TIME.format(first) + "-" + segment(replica) + "-"
                + String.format(Locale.ROOT, "%06d", sequence) + ".jsonl";
    }

    /** The start of the UTC hour of {@code at}. */
    public static Instant hourOf(Instant at) {
        return at.truncatedTo(ChronoUnit.HOURS);
    }

    /** The hour a capture object's key names, or empty when the key is not laid out as capture objects are. */
    public static Optional<Instant> hourInKey(String key) {
        Matcher m = HOUR_IN_KEY.matcher(key);
        if (!m.find()) return Optional.empty();
        try {
            String[] p = m.group(1).split("/");
            return Optional.of(Instant.parse(p[0] + "-" + p[1] + "-" + p[2] + "T" + p[3] + ":00:00Z"));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** A name as one key segment: characters S3 and file systems take everywhere, never '/', '.' or '..' alone. */
    public static String segment(String name) {
        String s = name == null || name.isEmpty() ? "_" : UNSAFE.matcher(name).replaceAll("_");
        if (s.equals(".") || s.equals("..")) s = s.replace('.', '_');
        return s.length() > 100 ? s.substring(0, 100) : s;
    }
}
