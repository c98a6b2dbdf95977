package dev.inkwell.functions;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Starts workflow executions for functions (the {@code workflow} trigger action), where the process runs workflows:
 * the server's. Starting again with the same name and input returns the execution that exists.
 */
@FunctionalInterface
public interface WorkflowStarter {
    /** What a start did: the execution and whether this call started it (false: it existed already). */
    record Started(String executionArn, String name, boolean created) {
    }

    /**
     * Starts an execution of {@code workflow} named {@code name} with {@code input}. Throws Inkwell's exceptions: not
     * found (no such workflow), invalid input (a bad name), conflict (the name exists with another input), unavailable.
     */
    Started start(String workflow, String name, JsonNode input);
}
