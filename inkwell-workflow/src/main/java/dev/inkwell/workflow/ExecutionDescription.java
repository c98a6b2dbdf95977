package dev.inkwell.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.inkwell.workflow.json.JsonTrees;
import java.time.Instant;

/**
 * An execution as DescribeExecution shows it. {@code output} is set once SUCCEEDED; {@code error}/{@code cause} once
 * FAILED (either may be null when the failure named none); {@code stopDate} once finished.
 */
public record ExecutionDescription(
        String executionArn,
        String stateMachineArn,
        String name,
        ExecutionStatus status,
        Instant startDate,
        Instant stopDate,
        JsonNode input,
        JsonNode output,
        String error,
        String cause,
        int redriveCount) {

    /** DescribeExecution's JSON: input and output as JSON text, absent fields left out. */
    public ObjectNode toJson() {
        ObjectNode out = JsonTrees.object();
        out.put("executionArn", executionArn);
        out.put("stateMachineArn", stateMachineArn);
        out.put("name", name);
        out.put("status", status.name());
        out.put("startDate", startDate.toString());
        if (stopDate != null) out.put("stopDate", stopDate.toString());
        out.put("input", JsonTrees.write(input));
        if (output != null) out.put("output", JsonTrees.write(output));
        if (error != null) out.put("error", error);
        if (cause != null) out.put("cause", cause);
        out.put("redriveCount", redriveCount);
        return out;
    }
}
