package dev.inkwell.server.monitoring;

import dev.inkwell.monitor.CaptureWindow;
import java.time.Duration;
import java.time.Instant;

/**
 * The windows a monitoring schedule judges: back-to-back spans of {@code every}, aligned to the epoch (hourly windows
 * are whole UTC hours), each due {@code delay} after it ends. Every replica computes the same windows and the same
 * keys, so they agree on what to run without talking to each other.
 */
public final class MonitorWindows {
    private MonitorWindows() {
    }

    /** The most recent window that is due at {@code now}. */
    public static CaptureWindow latestDue(Instant now, Duration every, Duration delay) {
        long size = every.toMillis();
        long end = Math.floorDiv(now.minus(delay).toEpochMilli(), size) * size;
        return new CaptureWindow(Instant.ofEpochMilli(end - size), Instant.ofEpochMilli(end));
    }

    /** The window before {@code w}. */
    public static CaptureWindow previous(CaptureWindow w) {
        return new CaptureWindow(w.since().minus(w.length()), w.since());
    }

    /** The work item key of {@code endpoint}'s run over {@code w}: one per endpoint and window. */
    public static String key(String endpoint, CaptureWindow w) {
        return endpoint + "@" + w.since() + "/" + w.until();
    }

    /** The work item key of a check of {@code w} asked for by hand: apart from the schedule's, with the same prefix. */
    public static String manualKey(String endpoint, CaptureWindow w) {
        return key(endpoint, w) + "/manual";
    }

    /** The prefix every run key of {@code endpoint} starts with (no other endpoint's: names cannot hold '@'). */
    public static String prefix(String endpoint) {
        return endpoint + "@";
    }
}
