package dev.inkwell.workflow.asl;

import com.fasterxml.jackson.databind.JsonNode;
import com.jayway.jsonpath.PathNotFoundException;
import dev.inkwell.workflow.json.JsonTrees;
import java.util.ArrayList;
import java.util.List;

/**
 * A JSONPath-mode dynamic value: the string of a {@code "key.$"} field, a {@code ...Path} field or an intrinsic
 * argument. One of: a path into the state input ({@code $.a}), into the context object ({@code $$.Execution.Id}), into a
 * variable ({@code $name.a}), or an intrinsic function call ({@code States.Format(...)}).
 */
public sealed interface PathValue {
    /** The text as written in the definition (used in error messages). */
    String text();

    /** Evaluates; a path that finds nothing raises {@link PathNotFoundException}. */
    JsonNode evaluate(EvalContext context);

    /** A path into the state input ({@code $...}). */
    record InputPath(String text, JsonPathExpr path) implements PathValue {
        @Override
        public JsonNode evaluate(EvalContext context) {
            return path.read(context.input());
        }
    }

    /** A path into the context object ({@code $$...}). */
    record ContextPath(String text, JsonPathExpr path) implements PathValue {
        @Override
        public JsonNode evaluate(EvalContext context) {
            return path.read(context.context());
        }
    }

    /** A variable, optionally followed by a path into its value ({@code $name.a[0]}). */
    record VariablePath(String text, String name, JsonPathExpr rest) implements PathValue {
        @Override
        public JsonNode evaluate(EvalContext context) {
            JsonNode value = context.variable(name);
            if (value == null) throw new PathNotFoundException("No variable named '" + name + "' is in scope");
            return rest == null ? value : rest.read(value);
        }
    }

    /** An intrinsic function call. */
    record IntrinsicCall(String text, String name, List<PathValue> arguments) implements PathValue {
        @Override
        public JsonNode evaluate(EvalContext context) {
            List<JsonNode> values = new ArrayList<>(arguments.size());
            for (PathValue argument : arguments) {
                try {
                    values.add(argument.evaluate(context));
                } catch (PathNotFoundException e) {
                    throw StatesError.intrinsic("The JSONPath '" + argument.text() + "' in the intrinsic function '" + text
                            + "' could not be found");
                }
            }
            return Intrinsics.call(name, values);
        }
    }

    /** A literal argument of an intrinsic call: string, number, boolean or null. */
    record Literal(String text, JsonNode value) implements PathValue {
        @Override
        public JsonNode evaluate(EvalContext context) {
            return value;
        }
    }

    /** Compiles a dynamic value; throws IllegalArgumentException saying what is wrong. */
    static PathValue compile(String text) {
        if (text.startsWith("States.")) return new IntrinsicParser(text).parseCall();
        return compilePath(text);
    }

    /** A reference path ({@code $.a}, {@code $$.a}, {@code $var.a}); intrinsic calls not allowed. */
    static PathValue compilePath(String text) {
        if (text.startsWith("$$")) return new ContextPath(text, JsonPathExpr.compile(text.substring(1)));
        if (text.length() > 1 && text.charAt(0) == '$' && isIdentifierStart(text.charAt(1))) {
            int end = 1;
            while (end < text.length() && isIdentifierPart(text.charAt(end))) end++;
            String name = text.substring(1, end);
            JsonPathExpr rest = end == text.length() ? null : JsonPathExpr.compile("$" + text.substring(end));
            return new VariablePath(text, name, rest);
        }
        if (text.startsWith("$")) return new InputPath(text, JsonPathExpr.compile(text));
        throw new IllegalArgumentException("'" + text + "' is neither a JSONPath (starting with '$') nor an intrinsic function call");
    }

    static boolean isIdentifierStart(char c) {
        return Character.isLetter(c) || c == '_';
    }

    static boolean isIdentifierPart(char c) {
        return Character.isLetterOrDigit(c) || c == '_';
    }

    /** Recursive-descent parser for {@code States.Name(arg, ...)}. */
    final class IntrinsicParser {
        private final String text;
        private int pos;

        IntrinsicParser(String text) {
            this.text = text;
        }

        IntrinsicCall parseCall() {
            IntrinsicCall call = call();
            skipSpaces();
            if (pos != text.length()) throw error("unexpected '" + text.substring(pos) + "' after the call");
            return call;
        }

        private IntrinsicCall call() {
            int start = pos;
            while (pos < text.length() && (isIdentifierPart(text.charAt(pos)) || text.charAt(pos) == '.')) pos++;
            String name = text.substring(start, pos);
            if (!Intrinsics.known(name)) throw new IllegalArgumentException("unknown intrinsic function '" + name + "'");
            skipSpaces();
            expect('(');
            List<PathValue> args = new ArrayList<>();
            skipSpaces();
            if (peek() != ')') {
                while (true) {
                    // Format's template keeps \{ and \} apart from its {} placeholders
                    if (args.isEmpty() && name.equals("States.Format") && peek() == '\'') {
                        args.add(string(true));
                        skipSpaces();
                        if (peek() == ',') {
                            pos++;
                            continue;
                        }
                        break;
                    }
                    args.add(argument());
                    skipSpaces();
                    if (peek() == ',') {
                        pos++;
                        continue;
                    }
                    break;
                }
            }
            expect(')');
            String problem = Intrinsics.arityProblem(name, args.size());
            if (problem != null) throw new IllegalArgumentException(problem);
            return new IntrinsicCall(text.substring(start, pos), name, List.copyOf(args));
        }

        private PathValue argument() {
            skipSpaces();
            char c = peek();
            if (c == '\'') return string(false);
            if (c == '$') return path();
            if (text.startsWith("States.", pos)) return call();
            int start = pos;
            while (pos < text.length() && text.charAt(pos) != ',' && text.charAt(pos) != ')') pos++;
            String token = text.substring(start, pos).strip();
            switch (token) {
                case "null": return new Literal(token, JsonTrees.NODES.nullNode());
                case "true": return new Literal(token, JsonTrees.NODES.booleanNode(true));
                case "false": return new Literal(token, JsonTrees.NODES.booleanNode(false));
                default:
                    JsonNode number;
                    try {
                        number = JsonTrees.parse(token);
                    } catch (Exception e) {
                        number = null;
                    }
                    if (number == null || !number.isNumber()) throw error("'" + token + "' is not a valid argument");
                    return new Literal(token, number);
            }
        }

        private PathValue string(boolean template) {
            int start = pos;
            pos++;
            StringBuilder value = new StringBuilder();
            while (pos < text.length() && text.charAt(pos) != '\'') {
                char c = text.charAt(pos++);
                if (c == '\\' && pos < text.length()) {
                    c = text.charAt(pos++);
                    if (template && c == '{') c = Intrinsics.ESCAPED_OPEN;
                    if (template && c == '}') c = Intrinsics.ESCAPED_CLOSE;
                }
                value.append(c);
            }
            expect('\'');
            return new Literal(text.substring(start, pos), JsonTrees.NODES.textNode(value.toString()));
        }

        private PathValue path() {
            int start = pos;
            int depth = 0;
            boolean quoted = false;
            while (pos < text.length()) {
                char c = text.charAt(pos);
                if (quoted) {
                    if (c == '\\') pos++;
                    else if (c == '\'') quoted = false;
                } else if (c == '\'') {
                    quoted = true;
                } else if (c == '[' || c == '(') {
                    depth++;
                } else if (c == ']' || c == ')') {
                    if (depth == 0) break;
                    depth--;
                } else if (c == ',' && depth == 0) {
                    break;
                }
                pos++;
            }
            return compilePath(text.substring(start, pos).strip());
        }

        private void skipSpaces() {
            while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) pos++;
        }

        private char peek() {
            return pos < text.length() ? text.charAt(pos) : '\0';
        }

        private void expect(char c) {
            if (peek() != c) throw error("expected '" + c + "'");
            pos++;
        }

        private IllegalArgumentException error(String problem) {
            return new IllegalArgumentException("invalid intrinsic function call '" + text + "': " + problem + " at position " + pos);
        }
    }
}
