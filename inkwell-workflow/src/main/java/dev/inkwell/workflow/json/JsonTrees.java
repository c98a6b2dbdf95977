package dev.inkwell.workflow.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.inkwell.core.Json;
import java.math.BigDecimal;

/**
 * The engine's one JSON toolbox. Values flowing through an execution are Jackson trees that are never mutated once
 * built (a state's result is written into a copy of its input), so they can be shared between the history, the
 * snapshot and the next state without copying.
 */
public final class JsonTrees {
    /** Nesting deeper than this is refused when parsing: a hostile input must not overflow the stack. */
    public static final int MAX_NESTING = Json.MAX_NESTING;

    /** The program's one configuration (trailing tokens refused, nesting capped). */
    public static final ObjectMapper MAPPER = Json.mapper();

    public static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private JsonTrees() {}

    /** Parses JSON text; a malformed text raises {@link JsonProcessingException}. */
    public static JsonNode parse(String text) throws JsonProcessingException {
        return MAPPER.readTree(text);
    }

    /** Compact JSON text, as Step Functions prints values in history events and error causes. */
    public static String write(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serialises", e);
        }
    }

    public static ObjectNode object() {
        return NODES.objectNode();
    }

    public static ArrayNode array() {
        return NODES.arrayNode();
    }

    /** The JSON type name Step Functions uses in messages: object, array, string, number, boolean, null. */
    public static String typeName(JsonNode node) {
        if (node == null || node.isMissingNode()) return "undefined";
        JsonNodeType type = node.getNodeType();
        return switch (type) {
            case OBJECT, POJO -> "object";
            case ARRAY -> "array";
            case STRING, BINARY -> "string";
            case NUMBER -> "number";
            case BOOLEAN -> "boolean";
            default -> "null";
        };
    }

    /** Numeric value of a number node, exact for integers and decimals alike. */
    public static BigDecimal decimal(JsonNode number) {
        return number.decimalValue();
    }

    /** JSON value equality with numbers compared by value (1, 1.0 and 1.00 are equal). */
    public static boolean same(JsonNode a, JsonNode b) {
        if (a.isNumber() && b.isNumber()) return a.decimalValue().compareTo(b.decimalValue()) == 0;
        if (a.getNodeType() != b.getNodeType()) return false;
        if (a.isObject()) {
            if (a.size() != b.size()) return false;
            for (var it = a.properties().iterator(); it.hasNext(); ) {
                var e = it.next();
                JsonNode other = b.get(e.getKey());
                if (other == null || !same(e.getValue(), other)) return false;
            }
            return true;
        }
        if (a.isArray()) {
            if (a.size() != b.size()) return false;
            for (int i = 0; i < a.size(); i++) if (!same(a.get(i), b.get(i))) return false;
            return true;
        }
        return a.equals(b);
    }

    /** A number node holding the value in its smallest exact form: integers as int/long, others as double. */
    public static JsonNode number(BigDecimal value) {
        BigDecimal stripped = value.stripTrailingZeros();
        if (stripped.scale() <= 0) {
            try {
                long l = stripped.longValueExact();
                return l == (int) l ? NODES.numberNode((int) l) : NODES.numberNode(l);
            } catch (ArithmeticException tooBig) {
                return NODES.numberNode(stripped.toBigIntegerExact());
            }
        }
        return NODES.numberNode(value.doubleValue());
    }
}
