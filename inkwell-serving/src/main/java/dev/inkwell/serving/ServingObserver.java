package dev.inkwell.serving;

import java.time.Duration;

/**
 * What serving reports as it works, for metrics: the server implements it with Prometheus. Every method is called on
 * the hot path, so implementations must be cheap and must not throw.
 */
public interface ServingObserver {
    ServingObserver NONE = new ServingObserver() {
    };

    /** A model ({@code name:version}) finished loading. */
    default void modelLoaded(String model, Duration took) {
    }

    /** A call of model {@code model} ({@code name:version}) on {@code images} inputs (batching merges requests into one call). */
    default void batch(String model, int images) {
    }

    /** An endpoint's deploy: {@code ok}, or failed (the endpoint keeps what it had). */
    default void deployed(String endpoint, boolean ok) {
    }

    /** A shadow request could not run because the shadow's queue was full (shadows never slow the primary). */
    default void shadowDropped(String endpoint) {
    }

    /** An image URL was fetched ({@code ok}) or refused / failed. */
    default void fetch(boolean ok) {
    }
}
