package dev.inkwell.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.inkwell.core.InvalidInputException;
import dev.inkwell.workflow.json.JsonTrees;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Execution inputs that are malformed, huge, deeply nested or not objects. */
class HostileInputTest {
    private final WorkflowEngine engine = WorkflowEngine.builder()
            .scheduler(new ManualScheduler(Instant.parse("2026-01-01T00:00:00Z"))).executor(Runnable::run).build();
    private final StateMachine pass = StateMachine.parse("Pass", """
            {"StartAt": "A", "States": {"A": {"Type": "Pass", "ResultPath": "$.copy", "Next": "B"}, "B": {"Type": "Pass", "OutputPath": "$.copy", "End": true}}}""");

    @Test
    void truncated_input_is_refused_before_starting() {
        assertThatThrownBy(() -> engine.start(pass, "t", "{\"a\": [1, 2"))
                .isInstanceOf(InvalidInputException.class).hasMessageStartingWith("execution input: not valid JSON:");
        assertThatThrownBy(() -> engine.start(pass, "t", "{\"a\": 1} trailing"))
                .isInstanceOf(InvalidInputException.class);
    }

    @Test
    void too_deep_input_is_refused_not_a_stack_overflow() {
        String deep = "[".repeat(JsonTrees.MAX_NESTING + 10) + "]".repeat(JsonTrees.MAX_NESTING + 10);
        assertThatThrownBy(() -> engine.start(pass, "deep", deep)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("nesting depth");
    }

    @Test
    void a_large_input_goes_through() {
        StringBuilder s = new StringBuilder("{\"rows\": [");
        for (int i = 0; i < 100_000; i++) s.append(i == 0 ? "" : ",").append("{\"id\":").append(i).append(",\"v\":\"x\"}");
        s.append("]}");
        ExecutionDescription d = engine.start(pass, "large", s.toString()).completion().join();
        assertThat(d.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(d.output().get("rows")).hasSize(100_000);
    }

    @Test
    void inputs_that_are_not_objects() {
        StateMachine echo = StateMachine.parse("Echo", """
                {"StartAt": "A", "States": {"A": {"Type": "Pass", "End": true}}}""");
        for (String input : new String[] {"[1,2]", "\"text\"", "42", "null", "true"}) {
            ExecutionDescription d = engine.start(echo, null, input).completion().join();
            assertThat(d.status()).as(input).isEqualTo(ExecutionStatus.SUCCEEDED);
            assertThat(d.output()).as(input).isEqualTo(parse(input));
        }
        // a ResultPath into a value that is not an object builds the object
        ExecutionDescription d = engine.start(pass, "scalar", "7").completion().join();
        assertThat(d.output()).isEqualTo(JsonTrees.NODES.numberNode(7));
        // a path into a value that is not there fails the execution with States.Runtime, naming the state
        StateMachine deref = StateMachine.parse("Deref", """
                {"StartAt": "A", "States": {"A": {"Type": "Pass", "InputPath": "$.a.b", "End": true}}}""");
        ExecutionDescription failed = engine.start(deref, "deref", "\"text\"").completion().join();
        assertThat(failed.error()).isEqualTo("States.Runtime");
        assertThat(failed.cause()).startsWith("An error occurred while executing the state 'A' (entered at the event id #2). Invalid path '$.a.b'");
    }

    @Test
    void bad_execution_names_are_refused() {
        assertThatThrownBy(() -> engine.start(pass, "has space", "{}")).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("'has space' must be 1 to 80 characters");
    }

    private static JsonNode parse(String text) {
        try {
            return JsonTrees.parse(text);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
