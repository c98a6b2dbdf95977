package dev.inkwell.workflow.asl;

import com.fasterxml.jackson.databind.JsonNode;
import com.jayway.jsonpath.PathNotFoundException;
import dev.inkwell.workflow.json.JsonTrees;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** A compiled Choice rule condition: a JSONPath comparison, a boolean combination, or a JSONata {@code Condition}. */
public sealed interface Condition {
    boolean test(EvalContext context);

    Set<String> OPERATORS = Set.of(
            "StringEquals", "StringLessThan", "StringGreaterThan", "StringLessThanEquals", "StringGreaterThanEquals",
            "StringMatches", "NumericEquals", "NumericLessThan", "NumericGreaterThan", "NumericLessThanEquals",
            "NumericGreaterThanEquals", "BooleanEquals", "TimestampEquals", "TimestampLessThan", "TimestampGreaterThan",
            "TimestampLessThanEquals", "TimestampGreaterThanEquals", "IsNull", "IsPresent", "IsNumeric", "IsString",
            "IsBoolean", "IsTimestamp");

    record And(List<Condition> all) implements Condition {
        @Override
        public boolean test(EvalContext context) {
            for (Condition c : all) if (!c.test(context)) return false;
            return true;
        }
    }

    record Or(List<Condition> any) implements Condition {
        @Override
        public boolean test(EvalContext context) {
            for (Condition c : any) if (c.test(context)) return true;
            return false;
        }
    }

    record Not(Condition inner) implements Condition {
        @Override
        public boolean test(EvalContext context) {
            return !inner.test(context);
        }
    }

    /** A JSONata {@code Condition}: must evaluate to a boolean. */
    record Jsonata(JsonataExpr expression) implements Condition {
        @Override
        public boolean test(EvalContext context) {
            JsonNode value = expression.evaluate(context, "Condition");
            if (value == null) {
                throw StatesError.queryEvaluation("The JSONata expression '" + expression.text()
                        + "' specified for the field 'Condition' returned nothing (undefined).");
            }
            if (!value.isBoolean()) {
                throw StatesError.queryEvaluation("The JSONata expression '" + expression.text()
                        + "' specified for the field 'Condition' returned an unexpected result type. Expected 'boolean', but was '"
                        + JsonTrees.typeName(value) + "' for value: " + JsonTrees.write(value));
            }
            return value.booleanValue();
        }
    }

    /**
     * {@code Variable} compared by {@code operator} with a literal ({@code operand}) or, for the {@code ...Path}
     * forms, with the value at {@code operandPath}. A value of the wrong type compares false.
     */
    record Comparison(PathValue variable, String operator, JsonNode operand, PathValue operandPath, Pattern pattern)
            implements Condition {
        @Override
        public boolean test(EvalContext context) {
            JsonNode value;
            try {
                value = variable.evaluate(context);
            } catch (PathNotFoundException missing) {
                value = null;
            }
            if (operator.equals("IsPresent")) return (value != null) == operand.booleanValue();
            if (value == null) {
                if (operator.startsWith("Is")) return !operand.booleanValue();
                throw StatesError.runtime("Invalid path '" + variable.text()
                        + "': The choice state's condition path references an invalid value.");
            }
            JsonNode other = operand;
            if (operandPath != null) {
                try {
                    other = operandPath.evaluate(context);
                } catch (PathNotFoundException missing) {
                    throw StatesError.runtime("Invalid path '" + operandPath.text()
                            + "': The choice state's condition path references an invalid value.");
                }
            }
            return compare(value, other);
        }

        private boolean compare(JsonNode value, JsonNode other) {
            switch (operator) {
                case "IsNull": return value.isNull() == other.booleanValue();
                case "IsNumeric": return value.isNumber() == other.booleanValue();
                case "IsString": return value.isTextual() == other.booleanValue();
                case "IsBoolean": return value.isBoolean() == other.booleanValue();
                case "IsTimestamp": return (timestamp(value) != null) == other.booleanValue();
                case "StringMatches": return value.isTextual() && pattern.matcher(value.textValue()).matches();
                case "BooleanEquals": return value.isBoolean() && other.isBoolean() && value.booleanValue() == other.booleanValue();
                default: break;
            }
            String kind = operator.startsWith("String") ? "String" : operator.startsWith("Numeric") ? "Numeric" : "Timestamp";
            String relation = operator.substring(kind.length());
            int order;
            switch (kind) {
                case "String" -> {
                    if (!value.isTextual() || !other.isTextual()) return false;
                    order = value.textValue().compareTo(other.textValue());
                }
                case "Numeric" -> {
                    if (!value.isNumber() || !other.isNumber()) return false;
                    order = value.decimalValue().compareTo(other.decimalValue());
                }
                default -> {
                    OffsetDateTime a = timestamp(value);
                    OffsetDateTime b = timestamp(other);
                    if (a == null || b == null) return false;
                    order = a.toInstant().compareTo(b.toInstant());
                }
            }
            return switch (relation) {
                case "Equals" -> order == 0;
                case "LessThan" -> order < 0;
                case "GreaterThan" -> order > 0;
                case "LessThanEquals" -> order <= 0;
                case "GreaterThanEquals" -> order >= 0;
                default -> throw new IllegalStateException("operator " + operator);
            };
        }
    }

    /** An RFC 3339 timestamp (with 'T' and an offset or 'Z'), or null. */
    static OffsetDateTime timestamp(JsonNode value) {
        if (!value.isTextual()) return null;
        return parseTimestamp(value.textValue());
    }

    static OffsetDateTime parseTimestamp(String text) {
        try {
            return OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** StringMatches' pattern: {@code *} matches any run of characters, {@code \*} and {@code \\} are literals. */
    static Pattern wildcard(String pattern) {
        StringBuilder regex = new StringBuilder();
        StringBuilder literal = new StringBuilder();
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '\\' && i + 1 < pattern.length()) {
                literal.append(pattern.charAt(++i));
            } else if (c == '*') {
                if (!literal.isEmpty()) regex.append(Pattern.quote(literal.toString()));
                literal.setLength(0);
                regex.append(".*");
            } else {
                literal.append(c);
            }
        }
        if (!literal.isEmpty()) regex.append(Pattern.quote(literal.toString()));
        return Pattern.compile(regex.toString(), Pattern.DOTALL);
    }
}
