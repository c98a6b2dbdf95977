package dev.inkwell.functions.builtin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.inkwell.core.InputLocation;
import dev.inkwell.core.InvalidInputException;
import dev.inkwell.core.Json;

/**
 * Seed 003's event shape, as its three Lambdas pass it along:
 * {@code {"statusCode": 200, "body": {"image_data": BASE64, "s3_bucket", "s3_key", "inferences": [...]}}}.
 */
final class Seed003 {
    private Seed003() {
    }

    /** Whether {@code event} is a seed 003 result (a {@code body} object with {@code image_data}). */
    static boolean isResult(JsonNode event) {
        return event != null && event.path("body").isObject() && event.path("body").has("image_data");
    }

    static ObjectNode body(JsonNode event) {
        JsonNode body = event.get("body");
        if (body == null || !body.isObject()) {
            throw new InvalidInputException(InputLocation.file("event field body"), "missing: expected seed 003's {\"statusCode\", \"body\": {…}}");
        }
        return (ObjectNode) body;
    }

    static String text(JsonNode object, String field, String where) {
        JsonNode v = object.get(field);
        if (v == null || !v.isTextual()) throw new InvalidInputException(InputLocation.file("event field " + where), "expected a string");
        return v.textValue();
    }

    /** {@code {"statusCode": 200, "body": {image_data, s3_bucket, s3_key, inferences}}} */
    static ObjectNode result(String imageData, String bucket, String key, ArrayNode inferences) {
        ObjectNode out = Json.mapper().createObjectNode();
        out.put("statusCode", 200);
        ObjectNode body = out.putObject("body");
        body.put("image_data", imageData);
        body.put("s3_bucket", bucket);
        body.put("s3_key", key);
        body.set("inferences", inferences == null ? Json.mapper().createArrayNode() : inferences);
        return out;
    }
}
