package dev.inkwell.workflow.asl;

import com.dashjoin.jsonata.JException;
import com.dashjoin.jsonata.Jsonata;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.inkwell.workflow.json.JsonTrees;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A compiled JSONata expression (the text between {@code {%} and {@code %}}), evaluated with Step Functions'
 * bindings: {@code $states} ({@code input}, {@code result}, {@code errorOutput}, {@code context}), the workflow
 * variables, and the functions Step Functions adds ({@code $partition}, {@code $range}, {@code $hash},
 * {@code $random}, {@code $uuid}, {@code $parse}).
 */
public final class JsonataExpr {
    private static final Pattern VARIABLE = Pattern.compile("\\$([A-Za-z_][A-Za-z0-9_]*)");

    static final long MAX_MILLIS = 10_000;
    static final int MAX_DEPTH = 500;

    private final String text;
    /**
     * The library's evaluator keeps per-evaluation state in the expression object, so each thread evaluates its own
     * copy (compiled once per thread); the definition was validated with the first one.
     */
    private final ThreadLocal<Jsonata> compiled;
    /** The {@code $names} the expression mentions: only these are bound when it is evaluated. */
    private final Set<String> names;

    private JsonataExpr(String text, Jsonata first) {
        this.text = text;
        Thread owner = Thread.currentThread();
        this.compiled = ThreadLocal.withInitial(() -> Thread.currentThread() == owner ? first : parse(text));
        Set<String> found = new LinkedHashSet<>();
        Matcher m = VARIABLE.matcher(text);
        while (m.find()) found.add(m.group(1));
        this.names = Set.copyOf(found);
    }

    /** Compiles; throws IllegalArgumentException with the parser's message when the expression is not valid. */
    public static JsonataExpr compile(String text) {
        try {
            return new JsonataExpr(text, parse(text));
        } catch (JException e) {
            throw new IllegalArgumentException("invalid JSONata expression '" + text + "': " + describe(e));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("invalid JSONata expression '" + text + "': " + e.getMessage());
        }
    }

    private static Jsonata parse(String text) {
        Jsonata expression = Jsonata.jsonata(text);
        // keep JSON null distinct from undefined (Java null) in results
        expression.setOutputConvertNulls(false);
        return expression;
    }

    /** True when the string is a whole {@code {% ... %}} expression. */
    public static boolean isExpression(String value) {
        return value.length() >= 4 && value.startsWith("{%") && value.endsWith("%}");
    }

    /** The expression inside a {@code {% ... %}} string. */
    public static String inside(String value) {
        return value.substring(2, value.length() - 2).strip();
    }

    public String text() {
        return text;
    }

    /**
     * Evaluates; returns null when the expression yields nothing (JSONata's undefined). Failures raise
     * States.QueryEvaluationError naming {@code field}.
     */
    public JsonNode evaluate(EvalContext context, String field) {
        Object input = toJsonata(context.input());
        Jsonata expression = compiled.get();
        Jsonata.Frame frame = expression.createFrame();
        // a definition is user input: bound how long and how deep one expression may run
        frame.setRuntimeBounds(MAX_MILLIS, MAX_DEPTH);
        for (String name : names) {
            if (name.equals("states")) {
                frame.bind("states", statesVariable(context));
                continue;
            }
            JsonNode variable = context.variable(name);
            if (variable != null) {
                frame.bind(name, toJsonata(variable));
            } else if (CUSTOM.containsKey(name)) {
                frame.bind(name, CUSTOM.get(name));
            }
        }
        Object value;
        try {
            value = expression.evaluate(input, frame);
        } catch (JException e) {
            throw StatesError.queryEvaluation("The JSONata expression '" + text + "' specified for the field '" + field
                    + "' threw an error during evaluation. " + describe(e));
        } catch (StatesError e) {
            throw e;
        } catch (RuntimeException e) {
            throw StatesError.queryEvaluation("The JSONata expression '" + text + "' specified for the field '" + field
                    + "' threw an error during evaluation. " + e.getMessage());
        }
        if (value == null) return null;
        try {
            return toJson(value);
        } catch (IllegalArgumentException unsupported) {
            throw StatesError.queryEvaluation("The JSONata expression '" + text + "' specified for the field '" + field
                    + "' returned an unsupported result type.");
        }
    }

    private static String describe(JException e) {
        String code = e.getError();
        String message = e.getMessage();
        if (code != null && message != null && !message.startsWith(code)) return code + ": " + message;
        return message;
    }

    private static Object statesVariable(EvalContext context) {
        Map<String, Object> states = new LinkedHashMap<>();
        states.put("input", toJsonata(context.input()));
        states.put("context", toJsonata(context.context()));
        if (context.result() != null) states.put("result", toJsonata(context.result()));
        if (context.errorOutput() != null) states.put("errorOutput", toJsonata(context.errorOutput()));
        return states;
    }

    private static final Map<String, Jsonata.JFunction> CUSTOM = new LinkedHashMap<>();

    static {
        CUSTOM.put("partition", Jsonata.function("partition", (Jsonata.FnVarArgs<Object>) JsonataExpr::partition, null));
        CUSTOM.put("range", Jsonata.function("range", (Jsonata.FnVarArgs<Object>) JsonataExpr::range, null));
        CUSTOM.put("hash", Jsonata.function("hash", (Jsonata.FnVarArgs<Object>) JsonataExpr::hash, null));
        CUSTOM.put("random", Jsonata.function("random", (Jsonata.FnVarArgs<Object>) JsonataExpr::random, null));
        CUSTOM.put("uuid", Jsonata.function("uuid", (Jsonata.FnVarArgs<Object>) args -> UUID.randomUUID().toString(), null));
        CUSTOM.put("parse", Jsonata.function("parse", (Jsonata.FnVarArgs<Object>) JsonataExpr::parse, null));
    }

    private static Object partition(List<?> args) {
        List<Object> array = asList(args.get(0));
        int size = ((Number) args.get(1)).intValue();
        if (size <= 0) throw new JException("The chunk size must be greater than 0", -1);
        List<Object> out = new ArrayList<>();
        for (int i = 0; i < array.size(); i += size) out.add(new ArrayList<>(array.subList(i, Math.min(array.size(), i + size))));
        return out;
    }

    private static Object range(List<?> args) {
        long first = ((Number) args.get(0)).longValue();
        long last = ((Number) args.get(1)).longValue();
        long step = ((Number) args.get(2)).longValue();
        if (step == 0) throw new JException("The step must not be 0", -1);
        List<Object> out = new ArrayList<>();
        for (long v = first; step > 0 ? v <= last : v >= last; v += step) {
            if (out.size() == Intrinsics.MAX_RANGE) throw new JException("The range would have more than 1000 items", -1);
            out.add(v);
        }
        return out;
    }

    private static Object hash(List<?> args) {
        String data = String.valueOf(args.get(0));
        String algorithm = String.valueOf(args.get(1));
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(data.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new JException("Unsupported hash algorithm: " + algorithm, -1);
        }
    }

    private static Object random(List<?> args) {
        Random random = args.isEmpty() || args.get(0) == null ? ThreadLocalRandom.current() : new Random(((Number) args.get(0)).longValue());
        return random.nextDouble();
    }

    private static Object parse(List<?> args) {
        try {
            return toJsonata(JsonTrees.parse(String.valueOf(args.get(0))));
        } catch (Exception e) {
            throw new JException("The argument of $parse is not valid JSON", -1);
        }
    }

    @SuppressWarnings("unchecked")
    private static List<Object> asList(Object value) {
        if (value instanceof List<?> list) return (List<Object>) list;
        List<Object> single = new ArrayList<>();
        single.add(value);
        return single;
    }

    /** Jackson tree to the values the JSONata library works on (maps, lists, numbers, strings, booleans, NULL_VALUE). */
    static Object toJsonata(JsonNode node) {
        if (node == null || node.isMissingNode()) return null;
        switch (node.getNodeType()) {
            case OBJECT -> {
                Map<String, Object> map = new LinkedHashMap<>();
                node.properties().forEach(e -> map.put(e.getKey(), toJsonata(e.getValue())));
                return map;
            }
            case ARRAY -> {
                List<Object> list = new ArrayList<>(node.size());
                node.forEach(item -> list.add(toJsonata(item)));
                return list;
            }
            case STRING -> {
                return node.textValue();
            }
            case NUMBER -> {
                if (node.isInt() || node.isLong()) return node.longValue();
                if (node.isBigInteger() || node.isBigDecimal()) return node.doubleValue();
                return node.doubleValue();
            }
            case BOOLEAN -> {
                return node.booleanValue();
            }
            default -> {
                return Jsonata.NULL_VALUE;
            }
        }
    }

    /** The JSONata library's values back to a Jackson tree; functions and other values raise IllegalArgumentException. */
    static JsonNode toJson(Object value) {
        if (value == null || value == Jsonata.NULL_VALUE) return JsonTrees.NODES.nullNode();
        if (value instanceof Map<?, ?> map) {
            ObjectNode out = JsonTrees.object();
            for (var e : map.entrySet()) {
                if (e.getValue() == null) continue;
                out.set(String.valueOf(e.getKey()), toJson(e.getValue()));
            }
            return out;
        }
        if (value instanceof List<?> list) {
            ArrayNode out = JsonTrees.array();
            for (Object item : list) if (item != null) out.add(toJson(item));
            return out;
        }
        if (value instanceof String s) return JsonTrees.NODES.textNode(s);
        if (value instanceof Boolean b) return JsonTrees.NODES.booleanNode(b);
        if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
            return JsonTrees.NODES.numberNode(((Number) value).longValue());
        }
        if (value instanceof Number n) {
            double d = n.doubleValue();
            if (Double.isNaN(d) || Double.isInfinite(d)) throw new IllegalArgumentException("not a JSON number");
            if (d == Math.rint(d) && Math.abs(d) < 1e15) return JsonTrees.number(BigDecimal.valueOf((long) d));
            return JsonTrees.NODES.numberNode(d);
        }
        throw new IllegalArgumentException("not a JSON value: " + value.getClass().getSimpleName());
    }

    @Override
    public String toString() {
        return text;
    }
}
