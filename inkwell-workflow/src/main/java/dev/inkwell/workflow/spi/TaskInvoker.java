package dev.inkwell.workflow.spi;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.CompletionStage;

/**
 * How Task states reach the outside. The engine calls it with the state's {@code Resource} ARN as written, the
 * effective parameters (after InputPath and Parameters, or Arguments) and a {@link TaskContext}; the returned stage
 * completes with the task's result, or exceptionally with a {@link TaskFailedException} carrying Step Functions'
 * error name and cause (any other exception counts as {@code States.TaskFailed} with its message as the cause).
 *
 * <p>Must not block: return at once and complete the stage later. Invocations may be repeated after a crash
 * (at-least-once); {@link TaskContext#idempotencyKey()} is the same for every repetition of one attempt.
 */
@FunctionalInterface
public interface TaskInvoker {
    CompletionStage<JsonNode> invoke(String resource, JsonNode parameters, TaskContext context);
}
