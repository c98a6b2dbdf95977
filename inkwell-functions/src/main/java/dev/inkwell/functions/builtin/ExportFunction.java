package dev.inkwell.functions.builtin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.inkwell.bucket.ObjectKeys;
import dev.inkwell.core.InputLocation;
import dev.inkwell.core.InvalidInputException;
import dev.inkwell.core.Json;
import dev.inkwell.core.Progress;
import dev.inkwell.functions.EventFields;
import dev.inkwell.functions.Function;
import dev.inkwell.functions.FunctionFailure;
import dev.inkwell.functions.Invocation;

/**
 * Seed 000's ExportDBToS3: a samples table as CSV into {@code bucket/key}, streamed (see {@link TableExport}). Event:
 * {@code {"table", "bucket", "key", "header"?: false, "uuid"?: false, "split"?}}; the answer says how many rows and
 * the object's ETag and size.
 */
public final class ExportFunction implements Function {
    public static final String NAME = "export";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "write a samples table as Kaggle CSV into bucket/key, streamed (seed 000's ExportDBToS3)";
    }

    @Override
    public JsonNode invoke(JsonNode event, Invocation invocation) throws FunctionFailure {
        if (event == null || !event.isObject()) throw new InvalidInputException(InputLocation.file("event"), "expected a JSON object");
        var request = new TableExport.Request(EventFields.requiredText(event, "table"), EventFields.text(event, "split", null),
                EventFields.bool(event, "header", false), EventFields.bool(event, "uuid", false));
        String bucketName = EventFields.requiredText(event, "bucket");
        String key = EventFields.requiredText(event, "key");
        if (!ObjectKeys.isValid(key)) throw new InvalidInputException(InputLocation.file("event field key"), "not an object key");
        var env = invocation.environment();
        TableExport.Result r = TableExport.toBucket(env.store(), request, env.buckets().bucket(bucketName), key, invocation.origin(), Progress.NONE);
        ObjectNode answer = Json.mapper().createObjectNode();
        answer.put("table", request.table());
        answer.put("rows", r.rows());
        answer.put("bucket", r.bucket());
        answer.put("key", r.key());
        answer.put("etag", r.eTag());
        answer.put("size", r.size());
        return answer;
    }
}
