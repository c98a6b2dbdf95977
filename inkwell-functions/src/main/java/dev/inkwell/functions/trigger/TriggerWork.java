package dev.inkwell.functions.trigger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.inkwell.bucket.event.BucketEvent;
import dev.inkwell.core.Json;
import java.util.Locale;

/**
 * One object for one trigger, as a work item of the {@value #QUEUE} queue carries it. The item's key —
 * {@code NAME@GENERATION/BUCKET/ETAG/KEY} — makes each (trigger, bucket, key, ETag) one item however many times its
 * event arrives; the payload is a snapshot of what to run, so work already queued runs as it was asked for.
 *
 * @param event  what the function gets: {@code bucket, key, etag, size}, {@code trigger}, and the trigger's options
 * @param source where the event came from (inkwell, watcher, poller, webhook, catch-up)
 */
public record TriggerWork(String trigger, String generation, String function, String outputPrefix, ObjectNode event, String source) {
    public static final String QUEUE = "triggers";

    static TriggerWork of(Trigger t, String bucket, String key, String eTag, long size, String source) {
        ObjectNode event = Json.mapper().createObjectNode();
        event.put("bucket", bucket);
        event.put("key", key);
        event.put("etag", eTag);
        if (size >= 0) event.put("size", size);
        event.put("trigger", t.name());
        t.options().fields().forEachRemaining(f -> {
            if (!event.has(f.getKey())) event.set(f.getKey(), f.getValue());
        });
        return new TriggerWork(t.name(), t.generation(), t.action(), t.outputPrefix(), event, source);
    }

    static String sourceOf(BucketEvent event) {
        return event.source().name().toLowerCase(Locale.ROOT);
    }

    public String bucket() {
        return event.get("bucket").textValue();
    }

    public String key() {
        return event.get("key").textValue();
    }

    public String eTag() {
        JsonNode e = event.get("etag");
        return e == null || !e.isTextual() ? null : e.textValue();
    }

    /** The work item's key. */
    public String itemKey() {
        return itemKey(generation, bucket(), eTag(), key());
    }

    static String itemKey(String generation, String bucket, String eTag, String key) {
        return generation + "/" + bucket + "/" + eTag + "/" + key;
    }

    /** The prefix of every item key of the trigger called {@code name}, whatever its generation. */
    static String keyPrefix(String name) {
        return name + "@";
    }

    String toJson() {
        ObjectNode o = Json.mapper().createObjectNode();
        o.put("trigger", trigger);
        o.put("generation", generation);
        o.put("function", function);
        o.put("output_prefix", outputPrefix);
        o.put("source", source);
        o.set("event", event);
        return o.toString();
    }

    static TriggerWork parse(String payload) {
        try {
            JsonNode o = Json.mapper().readTree(payload);
            return new TriggerWork(o.get("trigger").textValue(), o.get("generation").textValue(), o.get("function").textValue(),
                    o.get("output_prefix").textValue(), (ObjectNode) o.get("event"), o.path("source").asText("inkwell"));
        } catch (JsonProcessingException | RuntimeException e) {
            throw new IllegalStateException("not a trigger work item: " + e.getMessage(), e);
        }
    }
}
