package dev.inkwell.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.inkwell.workflow.json.JsonTrees;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The intrinsic functions beyond what the conformance cases exercise, and their failures (States.IntrinsicFailure). */
class IntrinsicFunctionsTest {
    private final WorkflowEngine engine = WorkflowEngine.builder()
            .scheduler(new ManualScheduler(Instant.parse("2026-01-01T00:00:00Z"))).executor(Runnable::run).build();

    private ExecutionDescription call(String expression, String input) {
        ObjectNode definition = JsonTrees.object();
        definition.put("StartAt", "Call");
        ObjectNode state = definition.putObject("States").putObject("Call");
        state.put("Type", "Pass");
        state.putObject("Parameters").put("r.$", expression);
        state.put("End", true);
        return engine.start(StateMachine.of("Intrinsics", definition), null, input).completion().join();
    }

    private JsonNode value(String expression, String input) {
        ExecutionDescription d = call(expression, input);
        assertThat(d.status()).as("%s: %s %s", expression, d.error(), d.cause()).isEqualTo(ExecutionStatus.SUCCEEDED);
        return d.output().get("r");
    }

    private String failure(String expression, String input) {
        ExecutionDescription d = call(expression, input);
        assertThat(d.status()).as(expression).isEqualTo(ExecutionStatus.FAILED);
        assertThat(d.error()).isEqualTo("States.IntrinsicFailure");
        assertThat(d.cause()).startsWith("An error occurred while executing the state 'Call' (entered at the event id #2). ");
        return d.cause();
    }

    @Test
    void results() {
        assertThat(JsonTrees.write(value("States.ArrayUnique($.a)", "{\"a\":[1,1.0,\"1\",[1],[1],{\"k\":1},{\"k\":1},null,null]}")))
                .isEqualTo("[1,\"1\",[1],{\"k\":1},null]");
        assertThat(value("States.Base64Decode('aW5rd2VsbA==')", "{}").textValue()).isEqualTo("inkwell");
        assertThat(value("States.Hash('input data', 'SHA-384')", "{}").textValue()).hasSize(96);
        assertThat(value("States.Hash('input data', 'SHA-512')", "{}").textValue()).hasSize(128);
        assertThat(value("States.UUID()", "{}").textValue()).matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
        for (int i = 0; i < 20; i++) assertThat(value("States.MathRandom(5, 8)", "{}").intValue()).isBetween(5, 7);
        assertThat(value("States.MathRandom(0, 1000, 42)", "{}")).isEqualTo(value("States.MathRandom(0, 1000, 42)", "{}"));
        assertThat(JsonTrees.write(value("States.ArrayRange(10, 0, -5)", "{}"))).isEqualTo("[10,5,0]");
        assertThat(value("States.ArrayGetItem($.a, 1)", "{\"a\":[\"x\",\"y\"]}").textValue()).isEqualTo("y");
        assertThat(value("States.Format('\\{{}\\}', $.v)", "{\"v\":[1,\"a\"]}").textValue()).isEqualTo("{[1, a]}");
        assertThat(value("States.JsonToString(States.StringToJson($.s))", "{\"s\":\"{\\\"a\\\": [1, 2]}\"}").textValue())
                .isEqualTo("{\"a\":[1,2]}");
        assertThat(value("States.Format('{} {}', $$.State.Name, $.n)", "{\"n\":null}").textValue()).isEqualTo("Call null");
    }

    @Test
    void failures() {
        assertThat(failure("States.ArrayGetItem($.a, 5)", "{\"a\":[1]}")).contains("out of bounds");
        assertThat(failure("States.ArrayLength($.a)", "{\"a\":\"text\"}")).contains("must be of type array, but was string");
        assertThat(failure("States.ArrayRange(0, 5000, 1)", "{}")).contains("more than 1000 items");
        assertThat(failure("States.ArrayPartition($.a, 0)", "{\"a\":[1]}")).contains("greater than 0");
        assertThat(failure("States.JsonMerge($.a, $.b, true)", "{\"a\":{},\"b\":{}}")).contains("shallow merge");
        assertThat(failure("States.Format('{} and {}', 1)", "{}")).contains("does not match the number of placeholders");
        assertThat(failure("States.StringToJson('{nope')", "{}")).contains("not valid JSON");
        assertThat(failure("States.Hash('x', 'SHA-999')", "{}")).contains("not supported");
        assertThat(failure("States.MathRandom(5, 5)", "{}")).contains("must be less than its end");
        assertThat(failure("States.MathAdd(1, 'two')", "{}")).contains("must be of type number");
        assertThat(failure("States.Base64Encode($.s)", "{\"s\":\"" + "x".repeat(10_001) + "\"}")).contains("longer than 10000");
        assertThat(failure("States.ArrayLength($.missing)", "{}")).contains("could not be found");
    }

    @Test
    void a_task_catches_an_intrinsic_failure_in_its_parameters() {
        StateMachine machine = StateMachine.parse("CatchIntrinsic", """
                {"StartAt": "T", "States": {
                  "T": {"Type": "Task", "Resource": "arn:x:never", "Parameters": {"i.$": "States.ArrayGetItem($.a, 9)"},
                        "Catch": [{"ErrorEquals": ["States.IntrinsicFailure"], "ResultPath": "$.err", "Next": "Handled"}], "End": true},
                  "Handled": {"Type": "Pass", "OutputPath": "$.err.Error", "End": true}}}""");
        assertThat(engine.start(machine, null, "{\"a\":[]}").completion().join().output().textValue()).isEqualTo("States.IntrinsicFailure");
    }
}
