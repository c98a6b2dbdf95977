package dev.inkwell.workflow.asl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.jayway.jsonpath.Configuration;
import com.jayway.jsonpath.InvalidPathException;
import com.jayway.jsonpath.JsonPath;
import com.jayway.jsonpath.Option;
import com.jayway.jsonpath.PathNotFoundException;
import com.jayway.jsonpath.spi.json.JacksonJsonNodeJsonProvider;
import com.jayway.jsonpath.spi.mapper.JacksonMappingProvider;
import dev.inkwell.workflow.json.JsonTrees;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A compiled JSONPath, evaluated the way Step Functions does (it uses Jayway JsonPath): a definite path yields its
 * value or fails when nothing is there; an indefinite one ({@code [*]}, {@code ..}, filters, slices) yields the array of
 * matches. Plain paths made of names and indexes ({@code $.a.b[0]}), nearly all in practice, are walked directly
 * without Jayway; Jayway still produces the messages for paths that match nothing.
 */
public final class JsonPathExpr {
    private static final Configuration JAYWAY = Configuration.builder()
            .jsonProvider(new JacksonJsonNodeJsonProvider(JsonTrees.MAPPER))
            .mappingProvider(new JacksonMappingProvider(JsonTrees.MAPPER))
            .options(Set.<Option>of())
            .build();

    private final String text;
    private final JsonPath compiled;
    /** Name (String) or index (Integer) steps when the path is plain; null otherwise. */
    private final List<Object> steps;

    private JsonPathExpr(String text, JsonPath compiled, List<Object> steps) {
        this.text = text;
        this.compiled = compiled;
        this.steps = steps;
    }

    /** Compiles a path that starts with {@code $}; throws IllegalArgumentException with the reason when it is not valid. */
    public static JsonPathExpr compile(String path) {
        if (path == null || !path.startsWith("$")) throw new IllegalArgumentException("a JSONPath must start with '$'");
        String unbalanced = unbalanced(path);
        if (unbalanced != null) throw new IllegalArgumentException("invalid JSONPath '" + path + "': " + unbalanced);
        JsonPath compiled;
        try {
            compiled = JsonPath.compile(path);
        } catch (InvalidPathException | IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid JSONPath '" + path + "': " + e.getMessage());
        }
        return new JsonPathExpr(path, compiled, plainSteps(path));
    }

    public String text() {
        return text;
    }

    /** True for a path that names one place ({@code $.a[0]}), false for one that may match many ({@code $.a[*]}). */
    public boolean definite() {
        return compiled.isDefinite();
    }

    /** The name/index steps of a plain path ({@code $.a['b'][2]}), or null when the path is not plain. */
    public List<Object> steps() {
        return steps;
    }

    /** The value at this path; throws {@link PathNotFoundException} (Jayway's message) when a definite path finds nothing. */
    public JsonNode read(JsonNode root) {
        if (steps != null) {
            JsonNode at = walk(root, steps);
            if (at != null) return at;
        }
        try {
            return toNode(compiled.read(root, JAYWAY));
        } catch (PathNotFoundException e) {
            // Step Functions answers an indefinite path ([*], slices, filters) that matches nothing with []
            if (!compiled.isDefinite()) return JsonTrees.array();
            throw e;
        }
    }

    /** The value at this path, or null when nothing is there. */
    public JsonNode readOrNull(JsonNode root) {
        try {
            return read(root);
        } catch (PathNotFoundException e) {
            return null;
        } catch (RuntimeException e) {
            // Jayway throws other errors for a path applied to a value of the wrong shape: nothing is there.
            return null;
        }
    }

    /** Jayway accepts some truncated paths ({@code $.a[}); Step Functions refuses them. */
    private static String unbalanced(String path) {
        int depth = 0;
        char quote = 0;
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (quote != 0) {
                if (c == quote) quote = 0;
            } else if (c == '\'' || c == '"') {
                quote = c;
            } else if (c == '[' || c == '(') {
                depth++;
            } else if (c == ']' || c == ')') {
                if (--depth < 0) return "unexpected '" + c + "' at position " + i;
            }
        }
        if (quote != 0) return "unterminated quote";
        if (depth != 0) return "unclosed bracket";
        if (path.endsWith(".") && !path.endsWith("..")) return "a path cannot end with '.'";
        if (path.endsWith("..")) return "a path cannot end with '..'";
        return null;
    }

    static JsonNode walk(JsonNode root, List<Object> steps) {
        JsonNode at = root;
        for (Object step : steps) {
            if (step instanceof String name) {
                if (!(at instanceof ObjectNode)) return null;
                at = at.get(name);
            } else {
                int index = (Integer) step;
                if (!(at instanceof ArrayNode array) || index >= array.size()) return null;
                at = array.get(index);
            }
            if (at == null) return null;
        }
        return at;
    }

    private static JsonNode toNode(Object value) {
        if (value instanceof JsonNode node) return node;
        if (value == null) return JsonTrees.NODES.nullNode();
        return JsonTrees.MAPPER.valueToTree(value);
    }

    /** Splits {@code $.a.b[0]['c d']} into steps; null for anything else (wildcards, filters, slices, negative indexes). */
    static List<Object> plainSteps(String path) {
        List<Object> steps = new ArrayList<>();
        int i = 1;
        int n = path.length();
        while (i < n) {
            char c = path.charAt(i);
            if (c == '.') {
                int start = ++i;
                while (i < n && path.charAt(i) != '.' && path.charAt(i) != '[') i++;
                if (i == start) return null;
                String name = path.substring(start, i);
                if (name.equals("*") || name.contains("(") || name.contains("'") || name.contains("\"") || name.contains(" ")
                        || name.contains("?") || name.contains("@") || name.contains("$")) return null;
                steps.add(name);
            } else if (c == '[') {
                int close = path.indexOf(']', i);
                if (close < 0) return null;
                String inside = path.substring(i + 1, close);
                if (inside.length() >= 2 && inside.startsWith("'") && inside.endsWith("'")) {
                    String name = inside.substring(1, inside.length() - 1);
                    // Step Functions takes a quoted name literally: a backslash is not an escape there
                    if (name.contains("'")) return null;
                    steps.add(name);
                } else if (!inside.isEmpty() && inside.chars().allMatch(Character::isDigit) && inside.length() < 10) {
                    steps.add(Integer.parseInt(inside));
                } else {
                    return null;
                }
                i = close + 1;
            } else {
                return null;
            }
        }
        return List.copyOf(steps);
    }

    @Override
    public String toString() {
        return text;
    }
}
