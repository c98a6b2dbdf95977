package dev.inkwell.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.inkwell.workflow.json.JsonTrees;
import java.util.List;

/**
 * The outcome of one execution run to its end, for {@code inkwell workflows run --json}: status, output (null unless
 * SUCCEEDED), error and cause (null unless FAILED, and either may be null then), and the history event types in order.
 */
public record RunResult(ExecutionStatus status, JsonNode output, String error, String cause, List<String> events,
                        ExecutionDescription description, List<HistoryEvent> history) {

    /** {@code {"status", "output", "error", "cause", "events": [types]}} */
    public ObjectNode toJson() {
        ObjectNode out = JsonTrees.object();
        out.put("status", status.name());
        out.set("output", output == null ? JsonTrees.NODES.nullNode() : output);
        out.set("error", error == null ? JsonTrees.NODES.nullNode() : JsonTrees.NODES.textNode(error));
        out.set("cause", cause == null ? JsonTrees.NODES.nullNode() : JsonTrees.NODES.textNode(cause));
        var types = out.putArray("events");
        events.forEach(types::add);
        return out;
    }
}
