package dev.inkwell.workflow;

import dev.inkwell.core.UnprocessableException;

/**
 * A state machine definition that cannot run, refused before any execution starts. The message names the state and
 * the field: {@code state 'Classify': field 'Next': no state named 'Clasify'}.
 */
public class WorkflowDefinitionException extends UnprocessableException {
    private final String state;
    private final String field;
    private final String problem;

    public WorkflowDefinitionException(String state, String field, String problem) {
        super(describe(state, field, problem));
        this.state = state;
        this.field = field;
        this.problem = problem;
    }

    private static String describe(String state, String field, String problem) {
        StringBuilder s = new StringBuilder();
        if (state != null) s.append("state '").append(state).append("': ");
        if (field != null) s.append("field '").append(field).append("': ");
        return s.append(problem).toString();
    }

    /** The state's path (outer names joined with '/' for states inside Parallel branches and Map processors), or null. */
    public String state() {
        return state;
    }

    /** The field at fault, or null when the problem is the document as a whole. */
    public String field() {
        return field;
    }

    public String problem() {
        return problem;
    }
}
