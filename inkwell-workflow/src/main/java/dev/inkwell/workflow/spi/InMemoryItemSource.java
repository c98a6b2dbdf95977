package dev.inkwell.workflow.spi;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Items kept in memory by {@code bucket/key}, read by an ItemReader whose {@code Parameters} (or {@code Arguments})
 * name {@code Bucket} and {@code Key}; {@code ReaderConfig.MaxItems} limits how many are read.
 */
public final class InMemoryItemSource implements ItemSource {
    private final Map<String, List<JsonNode>> objects = new ConcurrentHashMap<>();

    public InMemoryItemSource put(String bucket, String key, List<JsonNode> items) {
        objects.put(bucket + "/" + key, List.copyOf(items));
        return this;
    }

    @Override
    public CompletionStage<List<JsonNode>> read(JsonNode itemReader, JsonNode stateInput) {
        JsonNode where = itemReader.has("Arguments") ? itemReader.get("Arguments") : itemReader.path("Parameters");
        String id = where.path("Bucket").asText() + "/" + where.path("Key").asText();
        List<JsonNode> items = objects.get(id);
        if (items == null) {
            return CompletableFuture.failedFuture(new TaskFailedException("States.ItemReaderFailed", "No object " + id));
        }
        JsonNode max = itemReader.path("ReaderConfig").path("MaxItems");
        if (max.isIntegralNumber() && max.intValue() > 0 && max.intValue() < items.size()) items = items.subList(0, max.intValue());
        return CompletableFuture.completedFuture(items);
    }
}
