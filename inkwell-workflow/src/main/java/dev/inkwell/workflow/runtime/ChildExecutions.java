package dev.inkwell.workflow.runtime;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.inkwell.workflow.ExecutionStatus;
import dev.inkwell.workflow.json.JsonTrees;
import dev.inkwell.workflow.spi.TaskContext;
import dev.inkwell.workflow.spi.TaskFailedException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Step Functions' {@code arn:aws:states:::states:startExecution} integration: a workflow starts another one. Plain,
 * it answers {@code {"ExecutionArn", "StartDate"}} at once; {@code .sync} waits for the child and answers its
 * description with {@code Output} as JSON text, {@code .sync:2} with {@code Output} as JSON. A child that fails fails
 * the task ({@code States.TaskFailed}, the child's description as the cause). Without a {@code Name}, the child is
 * named after the task attempt, so an attempt invoked again after a crash finds its child instead of starting another.
 */
final class ChildExecutions {
    static final String START = "arn:aws:states:::states:startExecution";

    private final WorkflowRuntime runtime;

    ChildExecutions(WorkflowRuntime runtime) {
        this.runtime = runtime;
    }

    static boolean handles(String resource) {
        return resource.equals(START) || resource.startsWith(START + ".");
    }

    CompletionStage<JsonNode> invoke(String resource, JsonNode parameters, TaskContext context) {
        String mode = resource.substring(START.length());
        if (!mode.isEmpty() && !mode.equals(".sync") && !mode.equals(".sync:2")) {
            return failed("States.Runtime", "Unsupported integration pattern " + resource);
        }
        JsonNode machine = parameters.get("StateMachineArn");
        if (machine == null || !machine.isTextual()) {
            return failed("States.Runtime", "The field 'StateMachineArn' is required by " + START);
        }
        String workflow = machine.textValue().substring(machine.textValue().lastIndexOf(':') + 1);
        JsonNode input = parameters.get("Input");
        if (input != null && input.isTextual()) {
            try {
                input = JsonTrees.parse(input.textValue());
            } catch (JsonProcessingException e) {
                return failed("States.Runtime", "The field 'Input' is not JSON: " + e.getOriginalMessage());
            }
        }
        String name = parameters.hasNonNull("Name") ? parameters.get("Name").asText() : childName(context.idempotencyKey());
        WorkflowRuntime.Started started;
        try {
            started = runtime.start(workflow, name, input, context.executionArn());
        } catch (RuntimeException e) {
            return failed("States.TaskFailed", e.getMessage());
        }
        ExecutionRecord child = started.execution();
        if (mode.isEmpty()) {
            ObjectNode out = JsonTrees.object();
            out.put("ExecutionArn", child.arn());
            out.put("StartDate", child.startedAt().toString());
            return CompletableFuture.completedFuture(out);
        }
        boolean jsonOutput = mode.equals(".sync:2");
        return runtime.completion(child.arn()).thenApply(done -> {
            ObjectNode d = describe(done, runtime.stateMachineArn(done.workflow()), jsonOutput);
            if (done.status() != ExecutionStatus.SUCCEEDED) throw new TaskFailedException("States.TaskFailed", JsonTrees.write(d));
            return d;
        });
    }

    /** DescribeExecution as the .sync integrations answer it (capitalised keys). */
    private static ObjectNode describe(ExecutionRecord r, String stateMachineArn, boolean json) {
        ObjectNode d = JsonTrees.object();
        d.put("ExecutionArn", r.arn());
        d.put("StateMachineArn", stateMachineArn);
        d.put("Name", r.name());
        d.put("Status", r.status().name());
        d.put("StartDate", r.startedAt().toString());
        if (r.stoppedAt() != null) d.put("StopDate", r.stoppedAt().toString());
        if (json) d.set("Input", r.input());
        else d.put("Input", JsonTrees.write(r.input()));
        d.putObject("InputDetails").put("Included", true);
        if (r.output() != null) {
            if (json) d.set("Output", r.output());
            else d.put("Output", JsonTrees.write(r.output()));
            d.putObject("OutputDetails").put("Included", true);
        }
        if (r.error() != null) d.put("Error", r.error());
        if (r.cause() != null) d.put("Cause", r.cause());
        return d;
    }

    private static String childName(String idempotencyKey) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(idempotencyKey.getBytes(StandardCharsets.UTF_8));
            return "child-" + HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static CompletionStage<JsonNode> failed(String error, String cause) {
        return CompletableFuture.failedFuture(new TaskFailedException(error, cause));
    }
}
