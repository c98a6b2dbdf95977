package dev.inkwell.serving;

import java.time.Duration;

/**
 * What serving reports as it works, for metrics: the server implements it with Prometheus. Every method is called on
 * the hot path, so implementations must be cheap and must not throw.
 */
public interface ServingObserver {
    ServingObserver NONE = new ServingObserver() {
    };

    /** An endpoint's model finished loading. */
    default void modelLoaded(String endpoint, String model, Duration took) {
    }

    /** A model call on {@code images} inputs (batching merges requests into one call). */
    default void batch(String endpoint, int images) {
    }

    /** An image URL was fetched ({@code ok}) or refused / failed. */
    default void fetch(boolean ok) {
    }
}
