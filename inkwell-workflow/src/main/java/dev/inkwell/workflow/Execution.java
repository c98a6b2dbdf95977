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

    /** The current snapshot, the same kind the journal receives. Call it from outside the engine for inspection only. */
    public JsonNode snapshot() {
        return interpreter.snapshot();
    }
}
