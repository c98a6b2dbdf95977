package dev.inkwell.workflow.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.inkwell.workflow.json.JsonTrees;
import java.time.Instant;

/**
 * One revision of a stored workflow: its Amazon States Language definition and the function mapping its Task states
 * use ({@code {"functions": {"lambdaName": {…}}}}, read by whoever routes the tasks).
 *
 * @param revision  1 for the first definition, one more at every update
 * @param createdAt when the workflow was first created
 * @param updatedAt when this revision was made
 */
public record WorkflowRecord(String name, int revision, JsonNode definition, JsonNode functions, Instant createdAt, Instant updatedAt) {

    /** {@code {"name", "revision", "createdAt", "updatedAt", "definition", "functions"}} */
    public ObjectNode toJson(boolean withDefinition) {
        ObjectNode out = JsonTrees.object();
        out.put("name", name);
        out.put("revision", revision);
        out.put("createdAt", createdAt.toString());
        out.put("updatedAt", updatedAt.toString());
        if (withDefinition) {
            out.set("definition", definition);
            out.set("functions", functions);
        }
        return out;
    }
}
