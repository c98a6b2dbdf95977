package dev.inkwell.functions.trigger;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A trigger as the store holds it: objects written to {@code bucket} whose key starts with {@code prefix} and ends
 * with {@code suffix} are sent to the function {@code action}, with {@code options} merged into each event.
 *
 * @param createdAt  when it was created; with the name it makes the generation that keys its work, so a trigger
 *                   deleted and created again processes objects again
 * @param caughtUpAt when objects written around its creation were looked for (null: not yet)
 */
public record Trigger(String name, String bucket, String prefix, String suffix, String action, ObjectNode options,
                      Instant createdAt, Instant caughtUpAt) {

    /** Whether an object written at {@code bucket/key} is this trigger's to process. */
    public boolean matches(String bucketName, String key) {
        return bucket.equals(bucketName) && key.startsWith(prefix) && key.endsWith(suffix);
    }

    /** {@code NAME@MILLIS}: this trigger, as opposed to an earlier one of the same name. */
    public String generation() {
        return name + "@" + createdAt.toEpochMilli();
    }

    /** The output prefix its function writes results and error reports under. */
    public String outputPrefix() {
        var p = options.get("output_prefix");
        String prefix = p == null || !p.isTextual() ? "results/" : p.textValue();
        return prefix.isEmpty() || prefix.endsWith("/") ? prefix : prefix + "/";
    }

    /** The JSON shape of the CLI's {@code --json} and the HTTP API. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name);
        m.put("bucket", bucket);
        m.put("prefix", prefix);
        m.put("suffix", suffix);
        m.put("action", action);
        m.put("options", options);
        m.put("created_at", createdAt.toString());
        return m;
    }
}
