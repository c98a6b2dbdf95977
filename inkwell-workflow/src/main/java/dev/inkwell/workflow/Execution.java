package dev.inkwell.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import dev.inkwell.workflow.engine.Interpreter;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** A handle on a running (or finished) execution. Thread-safe. */
public final class Execution {
    private final Interpreter interpreter;

    Execution(Interpreter interpreter) {
        this.interpreter = interpreter;
    }

    public String arn() {
        return interpreter.arn();
    }

    /** Completes with the final description when the execution succeeds or fails (never exceptionally). */
    public CompletableFuture<ExecutionDescription> completion() {
        return interpreter.completion();
    }

    /** The execution now, as DescribeExecution shows it. */
    public ExecutionDescription describe() {
        return interpreter.describe();
    }

    /** The history so far (including, after a resume, the history handed to it). */
    public List<HistoryEvent> history() {
        return interpreter.history();
    }

    /** Stops the execution (StopExecution): ABORTED, with an ExecutionAborted event carrying error and cause. */
    public void stop(String error, String cause) {
        interpreter.stop(error, cause);
    }

    /**
     * Lets the execution go here without recording anything more, because another process has taken it over; its
     * {@link #completion()} never completes.
     */
    public void detach() {
        interpreter.detach();
    }

    /** The current snapshot, the same kind the journal receives. Call it from outside the engine for inspection only. */
    public JsonNode snapshot() {
        return interpreter.snapshot();
    }
}
