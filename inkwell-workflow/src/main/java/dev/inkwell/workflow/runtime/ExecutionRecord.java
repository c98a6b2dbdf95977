package dev.inkwell.workflow.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.inkwell.workflow.ExecutionStatus;
import dev.inkwell.workflow.json.JsonTrees;
import java.time.Instant;

/**
 * A stored execution as DescribeExecution shows it, plus where it runs.
 *
 * @param revision  the workflow revision it runs
 * @param output    set once SUCCEEDED
 * @param owner     the process running it (null once finished)
 * @param parentArn the execution that started it, if another workflow did
 */
public record ExecutionRecord(
        String arn,
        String workflow,
        int revision,
        String name,
        ExecutionStatus status,
        JsonNode input,
        JsonNode output,
        String error,
        String cause,
        Instant startedAt,
        Instant stoppedAt,
        long lastEventId,
        String owner,
        String parentArn) {

    public boolean finished() {
        return status != ExecutionStatus.RUNNING;
    }

    /** DescribeExecution's JSON: input and output as JSON text, absent fields left out, plus Inkwell's own fields. */
    public ObjectNode toJson(String stateMachineArn) {
        ObjectNode out = JsonTrees.object();
        out.put("executionArn", arn);
        out.put("stateMachineArn", stateMachineArn);
        out.put("name", name);
        out.put("status", status.name());
        out.put("startDate", startedAt.toString());
        if (stoppedAt != null) out.put("stopDate", stoppedAt.toString());
        out.put("input", JsonTrees.write(input));
        if (output != null) out.put("output", JsonTrees.write(output));
        if (error != null) out.put("error", error);
        if (cause != null) out.put("cause", cause);
        out.put("workflow", workflow);
        out.put("revision", revision);
        if (parentArn != null) out.put("parentExecutionArn", parentArn);
        return out;
    }

    /** ListExecutions' entry. */
    public ObjectNode toListJson(String stateMachineArn) {
        ObjectNode out = JsonTrees.object();
        out.put("executionArn", arn);
        out.put("stateMachineArn", stateMachineArn);
        out.put("name", name);
        out.put("status", status.name());
        out.put("startDate", startedAt.toString());
        if (stoppedAt != null) out.put("stopDate", stoppedAt.toString());
        out.put("workflow", workflow);
        out.put("revision", revision);
        return out;
    }
}
