package dev.inkwell.workflow.asl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.jayway.jsonpath.PathNotFoundException;
import dev.inkwell.workflow.json.JsonTrees;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A compiled payload template: {@code Parameters}, {@code ResultSelector}, {@code ItemSelector} and {@code Assign}
 * with {@code "key.$"} fields (JSONPath), or {@code Arguments}, {@code Output} and {@code Assign} with {@code {% %}}
 * strings (JSONata). A template with nothing dynamic in it is kept as its literal value.
 */
public sealed interface Template {
    JsonNode evaluate(EvalContext context);

    /** Nothing to evaluate. */
    record Literal(JsonNode value) implements Template {
        @Override
        public JsonNode evaluate(EvalContext context) {
            return value;
        }
    }

    record ObjectTemplate(List<Map.Entry<String, Template>> fields) implements Template {
        @Override
        public JsonNode evaluate(EvalContext context) {
            ObjectNode out = JsonTrees.object();
            for (Map.Entry<String, Template> field : fields) out.set(field.getKey(), field.getValue().evaluate(context));
            return out;
        }
    }

    record ArrayTemplate(List<Template> items) implements Template {
        @Override
        public JsonNode evaluate(EvalContext context) {
            ArrayNode out = JsonTrees.array();
            for (Template item : items) out.add(item.evaluate(context));
            return out;
        }
    }

    /** A {@code "key.$": "..."} value: a path (which must find something) or an intrinsic call. */
    record Dynamic(String field, PathValue value) implements Template {
        @Override
        public JsonNode evaluate(EvalContext context) {
            try {
                return value.evaluate(context);
            } catch (PathNotFoundException e) {
                throw StatesError.runtime("The JSONPath '" + value.text() + "' specified for the field '" + field
                        + "' could not be found in the input '" + JsonTrees.write(context.input()) + "'");
            }
        }
    }

    /** A {@code "{% ... %}"} string: the expression must yield a value. */
    record Expression(String field, JsonataExpr expression) implements Template {
        @Override
        public JsonNode evaluate(EvalContext context) {
            JsonNode value = expression.evaluate(context, field);
            if (value == null) {
                throw StatesError.queryEvaluation("The JSONata expression '" + expression.text() + "' specified for the field '"
                        + field + "' returned nothing (undefined).");
            }
            return value;
        }
    }

    /** Compiles a JSONPath-mode template ({@code .$} keys are dynamic); IllegalArgumentException names the bad field. */
    static Template jsonPath(JsonNode node) {
        if (node instanceof ObjectNode object) {
            List<Map.Entry<String, Template>> fields = new ArrayList<>();
            boolean dynamic = false;
            for (var it = object.properties().iterator(); it.hasNext(); ) {
                var e = it.next();
                String key = e.getKey();
                if (key.endsWith(".$")) {
                    if (!e.getValue().isTextual()) {
                        throw new IllegalArgumentException("field '" + key + "': the value of a '.$' field must be a string");
                    }
                    PathValue value;
                    try {
                        value = PathValue.compile(e.getValue().textValue());
                    } catch (IllegalArgumentException bad) {
                        throw new IllegalArgumentException("field '" + key + "': " + bad.getMessage());
                    }
                    fields.add(Map.entry(key.substring(0, key.length() - 2), new Dynamic(key, value)));
                    dynamic = true;
                } else {
                    Template inner = jsonPath(e.getValue());
                    dynamic |= !(inner instanceof Literal);
                    fields.add(Map.entry(key, inner));
                }
            }
            return dynamic ? new ObjectTemplate(List.copyOf(fields)) : new Literal(node);
        }
        if (node instanceof ArrayNode array) {
            List<Template> items = new ArrayList<>();
            boolean dynamic = false;
            for (JsonNode item : array) {
                Template inner = jsonPath(item);
                dynamic |= !(inner instanceof Literal);
                items.add(inner);
            }
            return dynamic ? new ArrayTemplate(List.copyOf(items)) : new Literal(node);
        }
        return new Literal(node);
    }

    /** Compiles a JSONata-mode template ({@code {% %}} strings are expressions); {@code field} names it in messages. */
    static Template jsonata(JsonNode node, String field) {
        if (node.isTextual() && JsonataExpr.isExpression(node.textValue())) {
            return new Expression(field, JsonataExpr.compile(JsonataExpr.inside(node.textValue())));
        }
        if (node instanceof ObjectNode object) {
            List<Map.Entry<String, Template>> fields = new ArrayList<>();
            boolean dynamic = false;
            for (var it = object.properties().iterator(); it.hasNext(); ) {
                var e = it.next();
                Template inner = jsonata(e.getValue(), field + "/" + e.getKey());
                dynamic |= !(inner instanceof Literal);
                fields.add(Map.entry(e.getKey(), inner));
            }
            return dynamic ? new ObjectTemplate(List.copyOf(fields)) : new Literal(node);
        }
        if (node instanceof ArrayNode array) {
            List<Template> items = new ArrayList<>();
            boolean dynamic = false;
            for (int i = 0; i < array.size(); i++) {
                Template inner = jsonata(array.get(i), field + "/" + i);
                dynamic |= !(inner instanceof Literal);
                items.add(inner);
            }
            return dynamic ? new ArrayTemplate(List.copyOf(items)) : new Literal(node);
        }
        return new Literal(node);
    }
}
