package dev.inkwell.core;

import java.time.Duration;

/**
 * A dependency or resource cannot serve right now (the store is unreachable, models are still loading, the replica is
 * full); trying again later may work. HTTP answers 503, with {@code Retry-After} when {@link #retryAfter()} is known.
 */
public class UnavailableException extends InkwellException {
    private final Duration retryAfter;

    public UnavailableException(String message) {
        this(message, null, null);
    }

    public UnavailableException(String message, Throwable cause) {
        this(message, null, cause);
    }

    public UnavailableException(String message, Duration retryAfter, Throwable cause) {
        super(message, cause);
        this.retryAfter = retryAfter;
    }

    /** How long a client should wait before trying again; null when unknown. */
    public Duration retryAfter() {
        return retryAfter;
    }
}
