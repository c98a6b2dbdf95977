package dev.inkwell.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.inkwell.workflow.json.JsonTrees;
import java.time.Instant;
import java.util.Map;

/**
 * One history event, shaped like Step Functions' GetExecutionHistory: {@code id}, {@code previousEventId},
 * {@code timestamp}, {@code type} and a details object under the type's key (e.g. {@code stateEnteredEventDetails}).
 */
public record HistoryEvent(long id, long previousEventId, Instant timestamp, String type, ObjectNode details) {

    private static final Map<String, String> DETAILS_KEY = Map.ofEntries(
            Map.entry("ExecutionStarted", "executionStartedEventDetails"),
            Map.entry("ExecutionSucceeded", "executionSucceededEventDetails"),
            Map.entry("ExecutionFailed", "executionFailedEventDetails"),
            Map.entry("ExecutionTimedOut", "executionTimedOutEventDetails"),
            Map.entry("ExecutionAborted", "executionAbortedEventDetails"),
            Map.entry("TaskScheduled", "taskScheduledEventDetails"),
            Map.entry("TaskStarted", "taskStartedEventDetails"),
            Map.entry("TaskSucceeded", "taskSucceededEventDetails"),
            Map.entry("TaskFailed", "taskFailedEventDetails"),
            Map.entry("TaskTimedOut", "taskTimedOutEventDetails"),
            Map.entry("MapStateStarted", "mapStateStartedEventDetails"),
            Map.entry("MapIterationStarted", "mapIterationStartedEventDetails"),
            Map.entry("MapIterationSucceeded", "mapIterationSucceededEventDetails"),
            Map.entry("MapIterationFailed", "mapIterationFailedEventDetails"),
            Map.entry("EvaluationFailed", "evaluationFailedEventDetails"));

    /** The details key for this event's type ({@code null} for events without details, like ParallelStateStarted). */
    public String detailsKey() {
        if (type.endsWith("StateEntered")) return "stateEnteredEventDetails";
        if (type.endsWith("StateExited")) return "stateExitedEventDetails";
        return DETAILS_KEY.get(type);
    }

    /** The event as Step Functions' JSON. */
    public ObjectNode toJson() {
        ObjectNode out = JsonTrees.object();
        out.put("timestamp", timestamp.toString());
        out.put("type", type);
        out.put("id", id);
        out.put("previousEventId", previousEventId);
        String key = detailsKey();
        if (key != null && details != null) out.set(key, details);
        return out;
    }

    public static HistoryEvent fromJson(JsonNode json) {
        String type = json.get("type").textValue();
        HistoryEvent shell = new HistoryEvent(json.get("id").longValue(), json.get("previousEventId").longValue(),
                Instant.parse(json.get("timestamp").textValue()), type, null);
        String key = shell.detailsKey();
        JsonNode details = key == null ? null : json.get(key);
        return new HistoryEvent(shell.id, shell.previousEventId, shell.timestamp, type,
                details instanceof ObjectNode o ? o : null);
    }
}
