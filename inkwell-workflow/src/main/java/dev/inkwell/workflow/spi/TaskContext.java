package dev.inkwell.workflow.spi;

import java.time.Instant;

/**
 * What a task invocation knows about where it runs.
 *
 * @param executionArn   the execution's ARN
 * @param stateName      the Task state's name
 * @param statePath      where the state sits: outer states, branch and item indexes ({@code Fan/1/Resize} or
 *                       {@code Each[3]/Resize}); unique within the execution
 * @param attempt        0 for the first try, then 1, 2... for each retry
 * @param idempotencyKey {@code executionArn#statePath#attempt}: the same when an attempt is invoked again after a
 *                       crash, different for each retry; lets a function make its effect exactly-once
 * @param timeoutSeconds the state's TimeoutSeconds, or null (the engine enforces it)
 * @param heartbeatSeconds the state's HeartbeatSeconds, or null: then {@link #heartbeat()} must be called at least
 *                       that often or the task fails with States.HeartbeatTimeout
 * @param scheduledAt    when the engine scheduled this attempt
 * @param heartbeats     reports that the task is alive (call {@link #heartbeat()})
 */
public record TaskContext(
        String executionArn,
        String stateName,
        String statePath,
        int attempt,
        String idempotencyKey,
        Long timeoutSeconds,
        Long heartbeatSeconds,
        Instant scheduledAt,
        Runnable heartbeats) {

    /** Tells the engine the task is still working (resets the HeartbeatSeconds clock). */
    public void heartbeat() {
        heartbeats.run();
    }
}
