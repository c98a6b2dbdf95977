package dev.inkwell.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import dev.inkwell.workflow.asl.DefinitionCompiler;
import dev.inkwell.workflow.asl.State;

/**
 * A validated, compiled state machine definition. Compile once and start any number of executions from it: every
 * JSONPath, intrinsic call and JSONata expression is parsed here, not per execution. Immutable and thread-safe.
 *
 * @param name       the state machine's name (part of its ARN and of {@code $$.StateMachine.Name})
 * @param arn        {@code arn:aws:states:<region>:<account>:stateMachine:<name>}
 * @param definition the definition as given
 * @param graph      the compiled states
 */
public record StateMachine(String name, String arn, JsonNode definition, State.Graph graph) {

    /** Default region and account used in ARNs when the caller names none. */
    public static final String DEFAULT_REGION = "us-east-1";
    public static final String DEFAULT_ACCOUNT = "123456789012";

    /** Validates and compiles a definition; a bad one raises {@link WorkflowDefinitionException}. */
    public static StateMachine parse(String name, String definitionJson) {
        return of(name, DefinitionCompiler.parse(definitionJson));
    }

    /** Validates and compiles an already parsed definition. */
    public static StateMachine of(String name, JsonNode definition) {
        if (name == null || name.isBlank() || name.length() > 80 || !name.matches("[A-Za-z0-9_.\\-]+")) {
            throw new WorkflowDefinitionException(null, null, "the state machine name '" + name
                    + "' must be 1 to 80 characters of letters, digits, '-', '_' and '.'");
        }
        State.Graph graph = DefinitionCompiler.compile(definition);
        String arn = "arn:aws:states:" + DEFAULT_REGION + ":" + DEFAULT_ACCOUNT + ":stateMachine:" + name;
        return new StateMachine(name, arn, definition, graph);
    }

    /** The ARN of an execution of this machine with the given name. */
    public String executionArn(String executionName) {
        return arn.replace(":stateMachine:", ":execution:") + ":" + executionName;
    }
}
