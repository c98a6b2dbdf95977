package dev.inkwell.serving.admission;

import dev.inkwell.core.UnavailableException;
import java.time.Duration;

/**
 * The replica is full: HTTP 503 with {@code Retry-After}. Expected under a flood, so it is counted in a metric and not
 * logged one by one.
 */
public final class OverloadedException extends UnavailableException {
    public OverloadedException(String message, Duration retryAfter) {
        super(message, retryAfter, null);
    }
}
