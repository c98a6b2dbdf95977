package dev.inkwell.workflow.asl;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.inkwell.workflow.json.JsonTrees;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The intrinsic functions of the JSONPath query language ({@code States.Format(...)} and the rest), with the argument
 * checks and limits Step Functions applies; a bad call raises {@code States.IntrinsicFailure}.
 */
public final class Intrinsics {
    /** Name to arity range: {min, max} (max -1 for any). */
    static final Map<String, int[]> ARITY = Map.ofEntries(
            Map.entry("States.Format", new int[] {1, -1}),
            Map.entry("States.StringToJson", new int[] {1, 1}),
            Map.entry("States.JsonToString", new int[] {1, 1}),
            Map.entry("States.Array", new int[] {0, -1}),
            Map.entry("States.ArrayPartition", new int[] {2, 2}),
            Map.entry("States.ArrayContains", new int[] {2, 2}),
            Map.entry("States.ArrayRange", new int[] {3, 3}),
            Map.entry("States.ArrayGetItem", new int[] {2, 2}),
            Map.entry("States.ArrayLength", new int[] {1, 1}),
            Map.entry("States.ArrayUnique", new int[] {1, 1}),
            Map.entry("States.Base64Encode", new int[] {1, 1}),
            Map.entry("States.Base64Decode", new int[] {1, 1}),
            Map.entry("States.Hash", new int[] {2, 2}),
            Map.entry("States.JsonMerge", new int[] {3, 3}),
            Map.entry("States.MathRandom", new int[] {2, 3}),
            Map.entry("States.MathAdd", new int[] {2, 2}),
            Map.entry("States.StringSplit", new int[] {2, 2}),
            Map.entry("States.UUID", new int[] {0, 0}));

    static final int MAX_STRING = 10_000;
    /** An escaped brace in States.Format's template (written \{ or \}): a literal brace, never a placeholder. */
    static final char ESCAPED_OPEN = '\uE000';
    static final char ESCAPED_CLOSE = '\uE001';
    static final int MAX_RANGE = 1_000;
    private static final Set<String> HASHES = Set.of("MD5", "SHA-1", "SHA-256", "SHA-384", "SHA-512");

    private Intrinsics() {}

    public static boolean known(String name) {
        return ARITY.containsKey(name);
    }

    /** Checked when the definition is compiled: the call has a number of arguments the function accepts. */
    static String arityProblem(String name, int count) {
        int[] range = ARITY.get(name);
        if (range == null) return "unknown intrinsic function '" + name + "'";
        if (count < range[0] || (range[1] >= 0 && count > range[1])) {
            String expected = range[1] < 0 ? "at least " + range[0] : range[0] == range[1] ? "" + range[0] : range[0] + " to " + range[1];
            return "intrinsic function '" + name + "' takes " + expected + " argument" + (expected.equals("1") ? "" : "s")
                    + ", got " + count;
        }
        return null;
    }

    static JsonNode call(String name, List<JsonNode> args) {
        return switch (name) {
            case "States.Format" -> format(args);
            case "States.StringToJson" -> stringToJson(text(name, args, 0));
            case "States.JsonToString" -> JsonTrees.NODES.textNode(JsonTrees.write(args.get(0)));
            case "States.Array" -> {
                ArrayNode out = JsonTrees.array();
                args.forEach(out::add);
                yield out;
            }
            case "States.ArrayPartition" -> partition(array(name, args, 0), integer(name, args, 1));
            case "States.ArrayContains" -> JsonTrees.NODES.booleanNode(contains(array(name, args, 0), args.get(1)));
            case "States.ArrayRange" -> range(integer(name, args, 0), integer(name, args, 1), integer(name, args, 2));
            case "States.ArrayGetItem" -> getItem(array(name, args, 0), integer(name, args, 1));
            case "States.ArrayLength" -> JsonTrees.NODES.numberNode(array(name, args, 0).size());
            case "States.ArrayUnique" -> unique(array(name, args, 0));
            case "States.Base64Encode" -> base64Encode(text(name, args, 0));
            case "States.Base64Decode" -> base64Decode(text(name, args, 0));
            case "States.Hash" -> hash(text(name, args, 0), text(name, args, 1));
            case "States.JsonMerge" -> merge(name, args);
            case "States.MathRandom" -> random(name, args);
            case "States.MathAdd" -> JsonTrees.NODES.numberNode(rounded(name, args, 0) + rounded(name, args, 1));
            case "States.StringSplit" -> split(text(name, args, 0), text(name, args, 1));
            case "States.UUID" -> JsonTrees.NODES.textNode(UUID.randomUUID().toString());
            default -> throw StatesError.intrinsic("Unknown intrinsic function: " + name);
        };
    }

    // argument access with Step Functions' type checks

    private static String text(String fn, List<JsonNode> args, int i) {
        JsonNode a = args.get(i);
        if (!a.isTextual()) throw badType(fn, i, "string", a);
        return a.textValue();
    }

    private static ArrayNode array(String fn, List<JsonNode> args, int i) {
        JsonNode a = args.get(i);
        if (!(a instanceof ArrayNode array)) throw badType(fn, i, "array", a);
        return array;
    }

    private static int integer(String fn, List<JsonNode> args, int i) {
        JsonNode a = args.get(i);
        if (a.isIntegralNumber() && a.canConvertToInt()) return a.intValue();
        if (a.isNumber() && a.doubleValue() == Math.rint(a.doubleValue()) && Math.abs(a.doubleValue()) <= Integer.MAX_VALUE) {
            return (int) a.doubleValue();
        }
        throw badType(fn, i, "integer", a);
    }

    /** MathAdd rounds each operand half up (Java's Math.round), as Step Functions does for non-integers. */
    private static long rounded(String fn, List<JsonNode> args, int i) {
        JsonNode a = args.get(i);
        if (!a.isNumber()) throw badType(fn, i, "number", a);
        if (a.isIntegralNumber()) {
            if (!a.canConvertToInt()) throw StatesError.intrinsic("The value " + a + " for argument " + (i + 1)
                    + " of " + fn + " is outside the integer range");
            return a.intValue();
        }
        return Math.round(a.doubleValue());
    }

    private static StatesError badType(String fn, int index, String expected, JsonNode actual) {
        return StatesError.intrinsic("The argument " + (index + 1) + " of the intrinsic function " + fn + " must be of type "
                + expected + ", but was " + JsonTrees.typeName(actual) + ": " + JsonTrees.write(actual));
    }

    // the functions

    private static JsonNode format(List<JsonNode> args) {
        JsonNode template = args.get(0);
        if (!template.isTextual()) throw badType("States.Format", 0, "string", template);
        String t = template.textValue();
        String shown = t.replace(ESCAPED_OPEN, '{').replace(ESCAPED_CLOSE, '}');
        StringBuilder out = new StringBuilder();
        int used = 0;
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            if (c == '{' && i + 1 < t.length() && t.charAt(i + 1) == '}') {
                used++;
                if (used >= args.size()) {
                    throw StatesError.intrinsic("The number of arguments (" + (args.size() - 1)
                            + ") does not match the number of placeholders in the format string '" + shown + "'");
                }
                out.append(formatted(args.get(used)));
                i++;
            } else {
                out.append(c);
            }
        }
        if (used != args.size() - 1) {
            throw StatesError.intrinsic("The number of arguments (" + (args.size() - 1)
                    + ") does not match the number of placeholders in the format string '" + shown + "'");
        }
        return JsonTrees.NODES.textNode(out.toString().replace(ESCAPED_OPEN, '{').replace(ESCAPED_CLOSE, '}'));
    }

    /** Step Functions prints Format's arguments the way Java prints maps and lists: {a=1, b=[]}. */
    private static String formatted(JsonNode value) {
        if (value.isTextual()) return value.textValue();
        if (value.isObject()) {
            StringBuilder s = new StringBuilder("{");
            var it = value.properties().iterator();
            while (it.hasNext()) {
                var e = it.next();
                s.append(e.getKey()).append('=').append(formatted(e.getValue()));
                if (it.hasNext()) s.append(", ");
            }
            return s.append('}').toString();
        }
        if (value.isArray()) {
            StringBuilder s = new StringBuilder("[");
            for (int i = 0; i < value.size(); i++) {
                if (i > 0) s.append(", ");
                s.append(formatted(value.get(i)));
            }
            return s.append(']').toString();
        }
        return value.isNull() ? "null" : value.asText();
    }

    private static JsonNode stringToJson(String text) {
        if (text.isBlank()) return JsonTrees.NODES.nullNode();
        try {
            return JsonTrees.parse(text);
        } catch (JsonProcessingException e) {
            throw StatesError.intrinsic("The argument of States.StringToJson is not valid JSON: " + text);
        }
    }

    private static JsonNode partition(ArrayNode array, int size) {
        if (size <= 0) throw StatesError.intrinsic("The chunk size of States.ArrayPartition must be greater than 0, but was " + size);
        ArrayNode out = JsonTrees.array();
        ArrayNode chunk = null;
        for (int i = 0; i < array.size(); i++) {
            if (i % size == 0) chunk = out.addArray();
            chunk.add(array.get(i));
        }
        return out;
    }

    private static boolean contains(ArrayNode array, JsonNode value) {
        for (JsonNode item : array) if (JsonTrees.same(item, value)) return true;
        return false;
    }

    private static JsonNode range(int first, int last, int step) {
        if (step == 0) throw StatesError.intrinsic("The step of States.ArrayRange must not be 0");
        ArrayNode out = JsonTrees.array();
        for (long v = first; step > 0 ? v <= last : v >= last; v += step) {
            if (out.size() == MAX_RANGE) {
                throw StatesError.intrinsic("States.ArrayRange would create more than " + MAX_RANGE + " items");
            }
            out.add((int) v);
        }
        return out;
    }

    private static JsonNode getItem(ArrayNode array, int index) {
        if (index < 0 || index >= array.size()) {
            throw StatesError.intrinsic("The index " + index + " of States.ArrayGetItem is out of bounds for an array of "
                    + array.size() + " items");
        }
        return array.get(index);
    }

    private static JsonNode unique(ArrayNode array) {
        ArrayNode out = JsonTrees.array();
        for (JsonNode item : array) if (!contains(out, item)) out.add(item);
        return out;
    }

    private static JsonNode base64Encode(String text) {
        if (text.length() > MAX_STRING) throw StatesError.intrinsic("The input of States.Base64Encode is longer than " + MAX_STRING + " characters");
        return JsonTrees.NODES.textNode(Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8)));
    }

    private static JsonNode base64Decode(String text) {
        if (text.length() > MAX_STRING) throw StatesError.intrinsic("The input of States.Base64Decode is longer than " + MAX_STRING + " characters");
        try {
            return JsonTrees.NODES.textNode(new String(Base64.getDecoder().decode(text), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            throw StatesError.intrinsic("The input of States.Base64Decode is not valid base64: " + text);
        }
    }

    private static JsonNode hash(String data, String algorithm) {
        if (data.length() > MAX_STRING) throw StatesError.intrinsic("The input of States.Hash is longer than " + MAX_STRING + " characters");
        if (!HASHES.contains(algorithm)) {
            throw StatesError.intrinsic("The hash algorithm '" + algorithm + "' is not supported: use one of MD5, SHA-1, SHA-256, SHA-384, SHA-512");
        }
        try {
            byte[] digest = MessageDigest.getInstance(algorithm).digest(data.getBytes(StandardCharsets.UTF_8));
            return JsonTrees.NODES.textNode(HexFormat.of().formatHex(digest));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has " + algorithm, e);
        }
    }

    private static JsonNode merge(String fn, List<JsonNode> args) {
        JsonNode first = args.get(0);
        JsonNode second = args.get(1);
        JsonNode deep = args.get(2);
        if (!first.isObject()) throw badType(fn, 0, "object", first);
        if (!second.isObject()) throw badType(fn, 1, "object", second);
        if (!deep.isBoolean()) throw badType(fn, 2, "boolean", deep);
        if (deep.booleanValue()) throw StatesError.intrinsic("States.JsonMerge supports only a shallow merge: its third argument must be false");
        ObjectNode out = JsonTrees.object();
        out.setAll((ObjectNode) first);
        out.setAll((ObjectNode) second);
        return out;
    }

    private static JsonNode random(String fn, List<JsonNode> args) {
        int start = integer(fn, args, 0);
        int end = integer(fn, args, 1);
        if (start >= end) throw StatesError.intrinsic("The start of States.MathRandom (" + start + ") must be less than its end (" + end + ")");
        Random random = args.size() == 3 ? new Random(integer(fn, args, 2)) : ThreadLocalRandom.current();
        return JsonTrees.NODES.numberNode(start + (int) random.nextLong(0, (long) end - start));
    }

    private static JsonNode split(String text, String delimiters) {
        if (text.length() > MAX_STRING) throw StatesError.intrinsic("The input of States.StringSplit is longer than " + MAX_STRING + " characters");
        ArrayNode out = JsonTrees.array();
        StringBuilder part = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (delimiters.indexOf(c) >= 0) {
                if (!part.isEmpty()) out.add(part.toString());
                part.setLength(0);
            } else {
                part.append(c);
            }
        }
        if (!part.isEmpty()) out.add(part.toString());
        return out;
    }
}
