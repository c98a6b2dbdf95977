package dev.inkwell.workflow.spi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.inkwell.workflow.json.JsonTrees;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keeps a distributed Map's results in memory under the ResultWriter's {@code Bucket}/{@code Prefix} and answers
 * like Step Functions: {@code {"MapRunArn", "ResultWriterDetails": {"Bucket", "Key": "<prefix>/manifest.json"}}}.
 */
public final class InMemoryResultSink implements ResultSink {
    private final Map<String, List<JsonNode>> written = new ConcurrentHashMap<>();

    @Override
    public CompletionStage<JsonNode> write(JsonNode resultWriter, String mapRunArn, List<JsonNode> results) {
        JsonNode where = resultWriter.has("Arguments") ? resultWriter.get("Arguments") : resultWriter.path("Parameters");
        String bucket = where.path("Bucket").asText();
        String key = where.path("Prefix").asText() + "/manifest.json";
        written.put(bucket + "/" + key, List.copyOf(results));
        ObjectNode out = JsonTrees.object();
        out.put("MapRunArn", mapRunArn);
        ObjectNode details = out.putObject("ResultWriterDetails");
        details.put("Bucket", bucket);
        details.put("Key", key);
        return CompletableFuture.completedFuture(out);
    }

    /** The results written under {@code bucket/key}, or null. */
    public List<JsonNode> results(String bucket, String key) {
        return written.get(bucket + "/" + key);
    }
}
