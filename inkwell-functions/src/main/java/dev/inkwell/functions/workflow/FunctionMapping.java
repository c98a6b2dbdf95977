package dev.inkwell.functions.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.inkwell.core.InputLocation;
import dev.inkwell.core.InvalidInputException;
import dev.inkwell.core.Json;
import dev.inkwell.functions.command.CommandSpec;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Which Inkwell function answers each Lambda function a workflow names: the {@code functions} mapping file,
 * <pre>{"functions": {
 *   "imageClassifier": {"function": "classify", "options": {"endpoint": "mnist"}},
 *   "dropLowConfidencePredictions": "threshold",
 *   "myHandler": {"python": "handler.lambda_handler", "codeDir": "src", "timeoutSeconds": 30},
 *   "tool": {"command": ["./tool", "--json"]}}}</pre>
 * A name not in the mapping is looked up among the built-in functions as it is (so {@code serializeImageData} needs no
 * entry). Relative folders are relative to the mapping file; {@link #absolute} rewrites them so the mapping can be
 * stored and used from anywhere.
 */
public record FunctionMapping(Map<String, Entry> entries) {
    private static final Set<String> BUILTIN_KEYS = Set.of("function", "options");

    public FunctionMapping {
        entries = Map.copyOf(entries);
    }

    /** What a Lambda name maps to. */
    public sealed interface Entry permits Builtin, Command {
    }

    /** A built-in (or registered) function with options merged into each event (the event's own fields win). */
    public record Builtin(String function, ObjectNode options) implements Entry {
    }

    /** A program run per invocation. */
    public record Command(CommandSpec spec) implements Entry {
    }

    public static FunctionMapping empty() {
        return new FunctionMapping(Map.of());
    }

    /** The map under {@code functions} (or the node itself when it has no such field); null or missing: empty. */
    static JsonNode map(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) return Json.mapper().createObjectNode();
        JsonNode map = node.has("functions") ? node.get("functions") : node;
        if (!map.isObject()) throw new InvalidInputException(InputLocation.file("functions"), "expected an object of Lambda names to functions");
        return map;
    }

    /** Reads a mapping; {@code shim} is the Python shim that runs {@code python} entries. */
    public static FunctionMapping parse(JsonNode node, Path base, Path shim) {
        Map<String, Entry> entries = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = map(node).fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String name = e.getKey();
            InputLocation at = InputLocation.file("functions." + name);
            if (!name.matches("[A-Za-z0-9_-]{1,64}")) throw new InvalidInputException(at, "not a Lambda function name (1-64 letters, digits, '-' or '_')");
            JsonNode v = e.getValue();
            if (v.isTextual()) {
                entries.put(name, new Builtin(v.textValue(), Json.mapper().createObjectNode()));
            } else if (v.isObject() && v.has("function")) {
                v.fieldNames().forEachRemaining(k -> {
                    if (!BUILTIN_KEYS.contains(k)) throw new InvalidInputException(at, "unknown key '" + k + "' beside \"function\" (keys: function, options)");
                });
                if (!v.get("function").isTextual()) throw new InvalidInputException(at, "\"function\" must name a function");
                JsonNode options = v.path("options");
                if (!options.isMissingNode() && !options.isObject()) throw new InvalidInputException(at, "\"options\" must be an object");
                entries.put(name, new Builtin(v.get("function").textValue(),
                        options.isObject() ? ((ObjectNode) options).deepCopy() : Json.mapper().createObjectNode()));
            } else if (v.isObject() && (v.has("command") || v.has("python"))) {
                entries.put(name, new Command(CommandSpec.parse(name, v, base, shim)));
            } else {
                throw new InvalidInputException(at, "expected a function name, {\"function\", \"options\"}, {\"command\": [...]} or {\"python\": \"module.function\"}");
            }
        }
        return new FunctionMapping(entries);
    }

    /** {@code node} with every relative {@code codeDir} and {@code workingDirectory} made absolute against {@code base}. */
    public static JsonNode absolute(JsonNode node, Path base) {
        JsonNode map = map(node).deepCopy();
        for (JsonNode v : map) {
            if (!v.isObject()) continue;
            for (String key : new String[] {"codeDir", "workingDirectory"}) {
                if (v.path(key).isTextual()) ((ObjectNode) v).put(key, base.resolve(v.get(key).textValue()).toAbsolutePath().normalize().toString());
            }
        }
        ObjectNode out = Json.mapper().createObjectNode();
        out.set("functions", map);
        return out;
    }
}
