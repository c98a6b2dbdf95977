package dev.inkwell.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The part of JSON Patch (RFC 6902) that kustomize's {@code patches} are written in here: add, replace and remove,
 * with JSON Pointer paths ({@code ~0}, {@code ~1}, array indexes, {@code -} to append). Anything else is refused.
 */
final class JsonPatch {
    private JsonPatch() {
    }

    /** Applies {@code operations} (an array of {op, path, value}) to {@code target} in place. */
    static void apply(JsonNode operations, ObjectNode target) {
        if (!operations.isArray()) throw new IllegalArgumentException("a JSON patch is a list of operations, not " + operations.getNodeType());
        for (JsonNode op : operations) {
            String name = op.path("op").asText();
            List<String> path = pointer(op.path("path").asText(""));
            if (path.isEmpty()) throw new IllegalArgumentException("patch path must name a field: " + op);
            JsonNode parent = walk(target, path.subList(0, path.size() - 1), op);
            String last = path.get(path.size() - 1);
            switch (name) {
                case "add" -> add(parent, last, value(op), op);
                case "replace" -> {
                    requireExisting(parent, last, op);
                    remove(parent, last);
                    add(parent, last, value(op), op);
                }
                case "remove" -> {
                    requireExisting(parent, last, op);
                    remove(parent, last);
                }
                default -> throw new IllegalArgumentException("unsupported patch op '" + name + "' (add, replace, remove): " + op);
            }
        }
    }

    static List<String> pointer(String path) {
        if (!path.startsWith("/")) throw new IllegalArgumentException("JSON pointer must start with '/': " + path);
        List<String> out = new ArrayList<>();
        for (String part : path.substring(1).split("/", -1)) out.add(part.replace("~1", "/").replace("~0", "~"));
        return out;
    }

    private static JsonNode value(JsonNode op) {
        if (!op.has("value")) throw new IllegalArgumentException("patch op needs a value: " + op);
        return op.get("value").deepCopy();
    }

    private static JsonNode walk(JsonNode node, List<String> path, JsonNode op) {
        JsonNode at = node;
        for (String part : path) {
            at = at.isArray() ? at.path(index(part, op)) : at.path(part);
            if (at.isMissingNode()) throw new IllegalArgumentException("patch path not found: " + op.path("path").asText());
        }
        return at;
    }

    private static void requireExisting(JsonNode parent, String key, JsonNode op) {
        boolean there = parent.isArray() ? index(key, op) < parent.size() : parent.has(key);
        if (!there) throw new IllegalArgumentException("patch path not found: " + op.path("path").asText());
    }

    private static void add(JsonNode parent, String key, JsonNode value, JsonNode op) {
        if (parent instanceof ObjectNode object) {
            object.set(key, value);
        } else if (parent instanceof ArrayNode array) {
            if (key.equals("-")) {
                array.add(value);
            } else {
                int i = index(key, op);
                if (i > array.size()) throw new IllegalArgumentException("patch index out of range: " + op.path("path").asText());
                array.insert(i, value);
            }
        } else {
            throw new IllegalArgumentException("patch path goes through a value: " + op.path("path").asText());
        }
    }

    private static void remove(JsonNode parent, String key) {
        if (parent instanceof ObjectNode object) {
            object.remove(key);
        } else if (parent instanceof ArrayNode array) {
            array.remove(Integer.parseInt(key));
        }
    }

    private static int index(String part, JsonNode op) {
        try {
            return Integer.parseInt(part);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not an array index '" + part + "' in " + op.path("path").asText(), e);
        }
    }
}
