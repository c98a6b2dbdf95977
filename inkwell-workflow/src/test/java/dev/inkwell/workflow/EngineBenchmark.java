package dev.inkwell.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import dev.inkwell.workflow.json.JsonTrees;
import dev.inkwell.workflow.spi.TaskInvoker;
import dev.inkwell.workflow.task.LambdaInvoker;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Engine throughput for a Pass → Choice → three Tasks (in-memory function) workflow: prints executions/s and µs per
 * transition; asserts only that the runs succeeded. Excluded from the normal build; run it with
 * {@code ./mvnw -B -q verify -pl inkwell-workflow -am -Dgroups=benchmark -DexcludedGroups=none -Dtest=EngineBenchmark -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@Tag("benchmark")
class EngineBenchmark {
    private static final Logger log = LoggerFactory.getLogger(EngineBenchmark.class);

    private static final String DEFINITION = """
            {"StartAt": "Prepare", "States": {
              "Prepare": {"Type": "Pass", "Parameters": {"image.$": "$.image", "threshold": 0.93}, "Next": "Route"},
              "Route": {"Type": "Choice", "Choices": [{"Variable": "$.image", "IsPresent": true, "Next": "Serialize"}], "Default": "Missing"},
              "Missing": {"Type": "Fail", "Error": "NoImage"},
              "Serialize": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Parameters": {"Payload.$": "$", "FunctionName": "f"},
                            "ResultSelector": {"body.$": "$.Payload"}, "ResultPath": "$.serialized", "Next": "Classify"},
              "Classify": {"Type": "Task", "Resource": "arn:x:classify", "ResultPath": "$.scores", "Next": "Filter"},
              "Filter": {"Type": "Task", "Resource": "arn:x:filter", "ResultPath": "$.filtered", "OutputPath": "$.scores", "End": true}}}
            """;

    @Test
    void executions_per_second_and_engine_overhead_per_transition() {
        TaskInvoker functions = (resource, parameters, context) ->
                CompletableFuture.completedFuture(JsonTrees.object().put("label", "bicycle").put("p", 0.97));
        LambdaInvoker lambdas = new LambdaInvoker(Map.of("f", (event, context) -> functions.invoke("f", event, context)), functions);
        WorkflowEngine engine = WorkflowEngine.builder().tasks(lambdas).build();
        StateMachine machine = StateMachine.parse("Bench", DEFINITION);
        String input = "{\"image\": \"s3://bucket/bicycle.png\", \"extra\": [1, 2, 3]}";
        int transitions = 5;   // Pass, Choice and three Tasks

        run(engine, machine, input, 2_000);   // warm-up
        for (int round = 0; round < 3; round++) {
            int n = 5_000;
            long start = System.nanoTime();
            run(engine, machine, input, n);
            double seconds = (System.nanoTime() - start) / 1e9;
            log.info("benchmark: {} executions in {} s: {} executions/s, {} µs per transition (concurrent, {} cores)",
                    n, String.format("%.2f", seconds), String.format("%.0f", n / seconds),
                    String.format("%.1f", seconds * 1e6 * Runtime.getRuntime().availableProcessors() / (n * transitions)),
                    Runtime.getRuntime().availableProcessors());
        }
        int n = 2_000;
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) assertThat(engine.start(machine, null, input).completion().join().status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        double seconds = (System.nanoTime() - start) / 1e9;
        log.info("benchmark: one at a time: {} executions/s, {} µs per transition", String.format("%.0f", n / seconds),
                String.format("%.1f", seconds * 1e6 / (n * transitions)));
    }

    private static void run(WorkflowEngine engine, StateMachine machine, String input, int n) {
        List<CompletableFuture<ExecutionDescription>> all = new ArrayList<>(n);
        for (int i = 0; i < n; i++) all.add(engine.start(machine, null, input).completion());
        for (CompletableFuture<ExecutionDescription> f : all) {
            ExecutionDescription d = f.join();
            assertThat(d.status()).as("%s: %s", d.error(), d.cause()).isEqualTo(ExecutionStatus.SUCCEEDED);
        }
    }
}
