package dev.inkwell.functions;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.inkwell.bucket.BucketNames;
import dev.inkwell.bucket.ObjectKeys;
import dev.inkwell.bucket.event.BucketEvent;
import dev.inkwell.bucket.event.S3Notifications;
import dev.inkwell.core.InputLocation;
import dev.inkwell.core.InvalidInputException;
import dev.inkwell.core.Json;
import dev.inkwell.core.Texts;
import java.nio.charset.StandardCharsets;

/**
 * The object a function is about, read from its event: Inkwell's flat form {@code {"bucket", "key", "etag"?}} (what
 * triggers send), or S3's notification JSON {@code {"Records": [{"s3": {"bucket": {"name"}, "object": {"key"}}}]}}
 * as a Lambda handler receives it (the first record; keys URL-encoded).
 *
 * @param eTag the version the event is about, or null for whatever is there
 */
public record ObjectEvent(String bucket, String key, String eTag) {

    public static ObjectEvent of(JsonNode event) {
        if (event == null || !event.isObject()) throw new InvalidInputException(InputLocation.file("event"), "expected a JSON object");
        if (event.has("Records")) return fromNotification(event);
        String bucket = EventFields.requiredText(event, "bucket");
        String key = EventFields.requiredText(event, "key");
        if (!BucketNames.isValid(bucket)) {
            throw new InvalidInputException(InputLocation.file("event field bucket"), "'" + Texts.abbreviate(bucket, 70) + "' is not a bucket name");
        }
        if (!ObjectKeys.isValid(key)) {
            throw new InvalidInputException(InputLocation.file("event field key"), "not an object key (empty, over 1,024 bytes, or with control characters)");
        }
        String eTag = EventFields.text(event, "etag", null);
        return new ObjectEvent(bucket, key, eTag == null || eTag.isEmpty() ? null : eTag);
    }

    private static ObjectEvent fromNotification(JsonNode event) {
        byte[] body;
        try {
            body = Json.mapper().writeValueAsString(event).getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new InvalidInputException(InputLocation.file("event"), "cannot be written back as JSON: " + e.getOriginalMessage());
        }
        var events = S3Notifications.parse(body).events();
        if (events.isEmpty()) throw new InvalidInputException(InputLocation.file("event"), "an S3 notification without records");
        BucketEvent first = events.getFirst();
        return new ObjectEvent(first.bucket(), first.key(), first.eTag());
    }

    /** {@code s3://BUCKET/KEY}: how messages and sample sources name it. */
    public String uri() {
        return "s3://" + bucket + "/" + key;
    }

    /** The key's last segment. */
    public String fileName() {
        return key.substring(key.lastIndexOf('/') + 1);
    }
}
