package dev.inkwell.functions.trigger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.inkwell.core.InputLocation;
import dev.inkwell.core.Json;
import dev.inkwell.functions.FunctionFailure;
import dev.inkwell.store.WorkItem;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An object a trigger gave up on: what failed, where in the input, after how many attempts, and the error report it
 * wrote beside the results ({@code results/KEY.error.json}). The same JSON is the report's content and the work
 * item's error.
 *
 * @param report the key of the error report in the object's bucket, or null when it could not be written
 */
public record TriggerFailure(String trigger, String function, String bucket, String key, String eTag, String error, String cause,
                             InputLocation location, int attempts, Instant failedAt, String report) {

    static TriggerFailure of(TriggerWork work, FunctionFailure failure, int attempts, Instant at, String report) {
        return new TriggerFailure(work.trigger(), work.function(), work.bucket(), work.key(), work.eTag(), failure.error(),
                failure.getMessage(), failure.location(), attempts, at, report);
    }

    /** Read back from a failed work item. */
    static TriggerFailure of(WorkItem item) {
        TriggerWork work = TriggerWork.parse(item.payload());
        JsonNode e;
        try {
            e = Json.mapper().readTree(item.error() == null ? "{}" : item.error());
        } catch (Exception bad) {
            e = Json.mapper().createObjectNode().put("cause", item.error());
        }
        JsonNode at = e.path("location");
        InputLocation location = at.isObject() ? new InputLocation(at.path("file").asText(null), at.path("line").asLong(0),
                at.path("column").asLong(0), at.path("record").asLong(-1)) : null;
        return new TriggerFailure(work.trigger(), work.function(), work.bucket(), work.key(), work.eTag(), e.path("error").asText(FunctionFailure.INTERNAL),
                e.path("cause").asText(""), location, item.attempts(), item.updatedAt(), e.path("report").asText(null));
    }

    /** The report's JSON (also what the CLI's --json and the HTTP API show). */
    public ObjectNode toJson() {
        ObjectNode o = Json.mapper().createObjectNode();
        o.put("error", error);
        o.put("cause", cause);
        if (location != null) {
            ObjectNode l = o.putObject("location");
            l.put("file", location.file());
            if (location.line() > 0) l.put("line", location.line());
            if (location.column() > 0) l.put("column", location.column());
            if (location.record() >= 0) l.put("record", location.record());
        }
        o.put("trigger", trigger);
        o.put("function", function);
        o.put("bucket", bucket);
        o.put("key", key);
        o.put("etag", eTag);
        o.put("attempts", attempts);
        o.put("failed_at", failedAt.toString());
        if (report != null) o.put("report", report);
        return o;
    }

    public Map<String, Object> toMap() {
        return Json.mapper().convertValue(toJson(), LinkedHashMap.class);
    }
}
