package dev.inkwell.monitor;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/** The time span of captured traffic a monitoring run looks at: requests started at {@code since} or later, before {@code until}. */
public record CaptureWindow(Instant since, Instant until) {
    public CaptureWindow {
        if (since == null || until == null) throw new IllegalArgumentException("a window needs both ends");
        if (!since.isBefore(until)) throw new IllegalArgumentException("window start " + since + " is not before its end " + until);
    }

    /** The last {@code length} up to now. */
    public static CaptureWindow last(Duration length, Clock clock) {
        Instant now = clock.instant();
        return new CaptureWindow(now.minus(length), now);
    }

    public Duration length() {
        return Duration.between(since, until);
    }

    public boolean contains(Instant at) {
        return !at.isBefore(since) && at.isBefore(until);
    }
}
