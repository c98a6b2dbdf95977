package dev.inkwell.workflow.spi;

import java.time.Instant;

/**
 * The engine's clock and timer. Wait states, retry back-off, task timeouts and heartbeats hold no thread: they ask for
 * a wake-up here. The default is {@link ExecutorScheduler}; tests use a manual one to move time by hand.
 */
public interface WorkflowScheduler {
    /** The current time. */
    Instant now();

    /** Runs {@code action} once at (or soon after) {@code at}; an instant in the past runs it soon. */
    Cancellable schedule(Instant at, Runnable action);

    /** A scheduled wake-up that may be called off. */
    @FunctionalInterface
    interface Cancellable {
        void cancel();
    }
}
