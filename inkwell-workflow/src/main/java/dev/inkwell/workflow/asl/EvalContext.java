package dev.inkwell.workflow.asl;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What an expression may read while a state runs: the value {@code $} stands for, the context object {@code $$},
 * the workflow variables in scope and, for JSONata, the parts of {@code $states}.
 */
public interface EvalContext {
    /** The value {@code $} refers to (JSONPath) or {@code $states.input} (JSONata). */
    JsonNode input();

    /** The context object ({@code $$} / {@code $states.context}); built on demand. */
    JsonNode context();

    /** A variable's value, or null when no variable of that name is in scope. */
    JsonNode variable(String name);

    /** {@code $states.result} for JSONata (null when the state has no result yet). */
    default JsonNode result() {
        return null;
    }

    /** {@code $states.errorOutput} for JSONata (null outside a Catch). */
    default JsonNode errorOutput() {
        return null;
    }

    /** The same context with {@code $} replaced. */
    default EvalContext withInput(JsonNode newInput) {
        EvalContext outer = this;
        return new EvalContext() {
            @Override public JsonNode input() { return newInput; }
            @Override public JsonNode context() { return outer.context(); }
            @Override public JsonNode variable(String name) { return outer.variable(name); }
            @Override public JsonNode result() { return outer.result(); }
            @Override public JsonNode errorOutput() { return outer.errorOutput(); }
        };
    }
}
