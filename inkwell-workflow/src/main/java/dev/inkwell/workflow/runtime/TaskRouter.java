package dev.inkwell.workflow.runtime;

import dev.inkwell.workflow.spi.TaskInvoker;

/**
 * How the Task states of a stored workflow reach functions: from the revision's function mapping to an invoker. The
 * runtime asks once per revision and keeps the answer.
 */
public interface TaskRouter {
    /** Refuses a mapping that cannot work (an unknown function, a bad option) with an {@code InvalidInputException}. */
    default void check(WorkflowRecord workflow) {
    }

    /** The invoker for executions of {@code workflow}'s revision. */
    TaskInvoker tasks(WorkflowRecord workflow);
}
