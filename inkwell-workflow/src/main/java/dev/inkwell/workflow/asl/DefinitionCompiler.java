package dev.inkwell.workflow.asl;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.inkwell.workflow.WorkflowDefinitionException;
import dev.inkwell.workflow.asl.State.Catcher;
import dev.inkwell.workflow.asl.State.ChoiceRule;
import dev.inkwell.workflow.asl.State.Common;
import dev.inkwell.workflow.asl.State.Graph;
import dev.inkwell.workflow.asl.State.Jitter;
import dev.inkwell.workflow.asl.State.Limit;
import dev.inkwell.workflow.asl.State.QueryLanguage;
import dev.inkwell.workflow.asl.State.ResultPathSpec;
import dev.inkwell.workflow.asl.State.Retrier;
import dev.inkwell.workflow.json.JsonTrees;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Validates an Amazon States Language document and compiles it: every path, intrinsic call and JSONata expression is
 * parsed once here, so executions only evaluate. The first problem found is thrown as a
 * {@link WorkflowDefinitionException} naming the state and the field.
 */
public final class DefinitionCompiler {
    private static final Set<String> TYPES = Set.of("Pass", "Task", "Choice", "Wait", "Succeed", "Fail", "Parallel", "Map");

    private static final Set<String> ALWAYS = Set.of("Type", "Comment", "QueryLanguage");
    private static final Map<String, Set<String>> JSONPATH_FIELDS = Map.of(
            "Pass", Set.of("InputPath", "Parameters", "Result", "ResultPath", "OutputPath", "Next", "End", "Assign"),
            "Task", Set.of("Resource", "InputPath", "Parameters", "ResultSelector", "ResultPath", "OutputPath", "Next", "End",
                    "Retry", "Catch", "TimeoutSeconds", "TimeoutSecondsPath", "HeartbeatSeconds", "HeartbeatSecondsPath",
                    "Assign", "Credentials"),
            "Choice", Set.of("InputPath", "OutputPath", "Choices", "Default", "Assign"),
            "Wait", Set.of("InputPath", "OutputPath", "Next", "End", "Seconds", "Timestamp", "SecondsPath", "TimestampPath", "Assign"),
            "Succeed", Set.of("InputPath", "OutputPath"),
            "Fail", Set.of("Error", "Cause", "ErrorPath", "CausePath"),
            "Parallel", Set.of("Branches", "InputPath", "Parameters", "ResultSelector", "ResultPath", "OutputPath", "Next", "End",
                    "Retry", "Catch", "Assign"),
            "Map", Set.of("ItemProcessor", "Iterator", "ItemsPath", "ItemSelector", "Parameters", "ItemReader", "ItemBatcher",
                    "ResultWriter", "MaxConcurrency", "MaxConcurrencyPath", "ToleratedFailurePercentage",
                    "ToleratedFailurePercentagePath", "ToleratedFailureCount", "ToleratedFailureCountPath", "Label", "InputPath",
                    "ResultSelector", "ResultPath", "OutputPath", "Next", "End", "Retry", "Catch", "Assign"));
    private static final Map<String, Set<String>> JSONATA_FIELDS = Map.of(
            "Pass", Set.of("Output", "Next", "End", "Assign"),
            "Task", Set.of("Resource", "Arguments", "Output", "Next", "End", "Retry", "Catch", "TimeoutSeconds", "HeartbeatSeconds",
                    "Assign", "Credentials"),
            "Choice", Set.of("Choices", "Default", "Output", "Assign"),
            "Wait", Set.of("Seconds", "Timestamp", "Output", "Next", "End", "Assign"),
            "Succeed", Set.of("Output"),
            "Fail", Set.of("Error", "Cause"),
            "Parallel", Set.of("Branches", "Arguments", "Output", "Next", "End", "Retry", "Catch", "Assign"),
            "Map", Set.of("ItemProcessor", "Iterator", "Items", "ItemSelector", "ItemReader", "ItemBatcher", "ResultWriter",
                    "MaxConcurrency", "ToleratedFailurePercentage", "ToleratedFailureCount", "Label", "Output", "Next", "End",
                    "Retry", "Catch", "Assign", "Arguments"));
    /** Fields that only make sense with JSONPath, and their JSONata replacement, for a helpful message. */
    private static final Map<String, String> JSONPATH_ONLY = Map.ofEntries(
            Map.entry("InputPath", "Arguments"), Map.entry("Parameters", "Arguments"), Map.entry("ResultSelector", "Output"),
            Map.entry("ResultPath", "Output"), Map.entry("OutputPath", "Output"), Map.entry("Result", "Output"),
            Map.entry("ItemsPath", "Items"), Map.entry("SecondsPath", "Seconds"), Map.entry("TimestampPath", "Timestamp"),
            Map.entry("ErrorPath", "Error"), Map.entry("CausePath", "Cause"), Map.entry("MaxConcurrencyPath", "MaxConcurrency"),
            Map.entry("TimeoutSecondsPath", "TimeoutSeconds"), Map.entry("HeartbeatSecondsPath", "HeartbeatSeconds"),
            Map.entry("ToleratedFailurePercentagePath", "ToleratedFailurePercentage"),
            Map.entry("ToleratedFailureCountPath", "ToleratedFailureCount"));
    private static final Set<String> JSONATA_ONLY = Set.of("Arguments", "Output", "Items", "Condition");

    private final QueryLanguage machineLanguage;

    private DefinitionCompiler(QueryLanguage machineLanguage) {
        this.machineLanguage = machineLanguage;
    }

    /** Parses and validates a definition's JSON text. */
    public static Graph compile(String definitionJson) {
        return compile(parse(definitionJson));
    }

    /** Parses a definition's JSON text; malformed JSON is refused with its line and column. */
    public static JsonNode parse(String definitionJson) {
        try {
            return JsonTrees.parse(definitionJson);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? ""
                    : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
            throw new WorkflowDefinitionException(null, null, "the definition is not valid JSON: " + e.getOriginalMessage() + where);
        } catch (RuntimeException e) {
            throw new WorkflowDefinitionException(null, null, "the definition is not valid JSON: " + e.getMessage());
        }
    }

    public static Graph compile(JsonNode root) {
        if (root == null || !root.isObject()) throw new WorkflowDefinitionException(null, null, "the definition must be a JSON object");
        QueryLanguage language = QueryLanguage.JSONPATH;
        JsonNode ql = root.get("QueryLanguage");
        if (ql != null) language = language(null, ql);
        for (var it = root.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (!Set.of("StartAt", "States", "Comment", "Version", "TimeoutSeconds", "QueryLanguage").contains(field)) {
                throw new WorkflowDefinitionException(null, field, "not a top-level field of a state machine");
            }
        }
        JsonNode timeout = root.get("TimeoutSeconds");
        if (timeout != null && (!timeout.isIntegralNumber() || !timeout.canConvertToLong() || timeout.longValue() <= 0)) {
            throw new WorkflowDefinitionException(null, "TimeoutSeconds", "must be a positive integer number of seconds, not " + timeout);
        }
        return new DefinitionCompiler(language).graph("", root, language);
    }

    private static QueryLanguage language(String state, JsonNode value) {
        if (value.isTextual() && value.textValue().equals("JSONPath")) return QueryLanguage.JSONPATH;
        if (value.isTextual() && value.textValue().equals("JSONata")) return QueryLanguage.JSONATA;
        throw new WorkflowDefinitionException(state, "QueryLanguage", "must be \"JSONPath\" or \"JSONata\", not " + value);
    }

    /** {@code prefix} is the path of enclosing states ("Outer/"), so nested states are named unambiguously. */
    private Graph graph(String prefix, JsonNode node, QueryLanguage language) {
        String where = prefix.isEmpty() ? null : prefix.substring(0, prefix.length() - 1);
        JsonNode startAt = node.get("StartAt");
        if (startAt == null) throw new WorkflowDefinitionException(where, "StartAt", "is required");
        if (!startAt.isTextual()) throw new WorkflowDefinitionException(where, "StartAt", "must be a state name (a string)");
        JsonNode states = node.get("States");
        if (states == null) throw new WorkflowDefinitionException(where, "States", "is required");
        if (!states.isObject() || states.isEmpty()) {
            throw new WorkflowDefinitionException(where, "States", "must be an object with at least one state");
        }
        if (!states.has(startAt.textValue())) {
            throw new WorkflowDefinitionException(where, "StartAt", "no state named '" + startAt.textValue() + "'");
        }
        Map<String, State> compiled = new LinkedHashMap<>();
        for (var it = states.properties().iterator(); it.hasNext(); ) {
            var e = it.next();
            compiled.put(e.getKey(), state(prefix + e.getKey(), e.getKey(), e.getValue(), language));
        }
        Graph graph = new Graph(startAt.textValue(), Map.copyOf(compiled), language);
        checkTransitions(prefix, graph);
        return graph;
    }

    private static void checkTransitions(String prefix, Graph graph) {
        for (State state : graph.states().values()) {
            String where = prefix + state.name();
            // state.name() is the plain name; 'where' adds the enclosing states for messages
            String next = state.common().next();
            if (next != null && !graph.states().containsKey(next)) {
                throw new WorkflowDefinitionException(where, "Next", "no state named '" + next + "'");
            }
            for (Catcher c : state.common().catchers()) {
                if (!graph.states().containsKey(c.next())) {
                    throw new WorkflowDefinitionException(where, "Catch", "Next: no state named '" + c.next() + "'");
                }
            }
            if (state instanceof State.Choice choice) {
                for (int i = 0; i < choice.choices().size(); i++) {
                    String target = choice.choices().get(i).next();
                    if (!graph.states().containsKey(target)) {
                        throw new WorkflowDefinitionException(where, "Choices[" + i + "].Next", "no state named '" + target + "'");
                    }
                }
                if (choice.defaultNext() != null && !graph.states().containsKey(choice.defaultNext())) {
                    throw new WorkflowDefinitionException(where, "Default", "no state named '" + choice.defaultNext() + "'");
                }
            }
        }
    }

    private State state(String where, String name, JsonNode node, QueryLanguage inherited) {
        if (!node.isObject()) throw new WorkflowDefinitionException(where, null, "a state must be a JSON object");
        JsonNode typeNode = node.get("Type");
        if (typeNode == null) throw new WorkflowDefinitionException(where, "Type", "is required");
        String type = typeNode.asText();
        if (!typeNode.isTextual() || !TYPES.contains(type)) {
            throw new WorkflowDefinitionException(where, "Type", "unknown state type " + typeNode
                    + " (expected one of Pass, Task, Choice, Wait, Succeed, Fail, Parallel, Map)");
        }
        QueryLanguage language = inherited;
        if (node.has("QueryLanguage")) {
            language = language(where, node.get("QueryLanguage"));
            if (machineLanguage == QueryLanguage.JSONATA && language == QueryLanguage.JSONPATH) {
                throw new WorkflowDefinitionException(where, "QueryLanguage",
                        "a state cannot use JSONPath when the state machine's QueryLanguage is JSONata");
            }
        }
        Set<String> allowed = (language == QueryLanguage.JSONATA ? JSONATA_FIELDS : JSONPATH_FIELDS).get(type);
        for (var it = node.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (ALWAYS.contains(field) || allowed.contains(field)) continue;
            if (language == QueryLanguage.JSONATA && JSONPATH_ONLY.containsKey(field)) {
                throw new WorkflowDefinitionException(where, field, "not supported when the QueryLanguage is JSONata (use '"
                        + JSONPATH_ONLY.get(field) + "')");
            }
            if (language == QueryLanguage.JSONPATH && JSONATA_ONLY.contains(field)) {
                throw new WorkflowDefinitionException(where, field,
                        "only supported when the QueryLanguage is JSONata (set \"QueryLanguage\": \"JSONata\")");
            }
            throw new WorkflowDefinitionException(where, field, "not a field of a " + type + " state");
        }
        StateReader r = new StateReader(where, name, node, language);
        Common common = r.common(type);
        return switch (type) {
            case "Pass" -> new State.Pass(common, node.get("Result"));
            case "Task" -> task(r, common);
            case "Choice" -> choice(r, common);
            case "Wait" -> waitState(r, common);
            case "Succeed" -> new State.Succeed(common);
            case "Fail" -> fail(r, common);
            case "Parallel" -> parallel(r, common, name);
            default -> map(r, common, name);
        };
    }

    private State task(StateReader r, Common common) {
        JsonNode resource = r.node.get("Resource");
        if (resource == null || !resource.isTextual() || resource.textValue().isBlank()) {
            throw r.error("Resource", "is required: the ARN of what the task runs");
        }
        r.exclusive("TimeoutSeconds", "TimeoutSecondsPath");
        r.exclusive("HeartbeatSeconds", "HeartbeatSecondsPath");
        Long timeout = r.positiveLong("TimeoutSeconds");
        Long heartbeat = r.positiveLong("HeartbeatSeconds");
        if (timeout != null && heartbeat != null && heartbeat >= timeout) {
            throw r.error("HeartbeatSeconds", "must be smaller than TimeoutSeconds (" + timeout + ")");
        }
        return new State.Task(common, resource.textValue(), timeout, r.path("TimeoutSecondsPath"), r.jsonataField("TimeoutSeconds"),
                heartbeat, r.path("HeartbeatSecondsPath"), r.jsonataField("HeartbeatSeconds"));
    }

    private State choice(StateReader r, Common common) {
        JsonNode choices = r.node.get("Choices");
        if (choices == null) throw r.error("Choices", "is required: a Choice state needs at least one rule");
        if (!choices.isArray() || choices.isEmpty()) throw r.error("Choices", "must be a non-empty array of rules");
        List<ChoiceRule> rules = new ArrayList<>();
        for (int i = 0; i < choices.size(); i++) {
            String field = "Choices[" + i + "]";
            JsonNode rule = choices.get(i);
            if (!rule.isObject()) throw r.error(field, "a rule must be an object");
            JsonNode next = rule.get("Next");
            if (next == null || !next.isTextual()) throw r.error(field + ".Next", "is required: the state to go to when the rule matches");
            Condition condition;
            Template output = null;
            if (r.language == QueryLanguage.JSONATA) {
                for (var it = rule.fieldNames(); it.hasNext(); ) {
                    String f = it.next();
                    if (!Set.of("Condition", "Next", "Assign", "Output", "Comment").contains(f)) {
                        throw r.error(field + "." + f, "not a field of a JSONata Choice rule (use 'Condition')");
                    }
                }
                JsonNode cond = rule.get("Condition");
                if (cond == null) throw r.error(field + ".Condition", "is required");
                if (cond.isBoolean()) {
                    boolean constant = cond.booleanValue();
                    condition = constant ? new Condition.And(List.of()) : new Condition.Or(List.of());
                } else if (cond.isTextual() && JsonataExpr.isExpression(cond.textValue())) {
                    condition = new Condition.Jsonata(r.jsonata(field + ".Condition", JsonataExpr.inside(cond.textValue())));
                } else {
                    throw r.error(field + ".Condition", "must be a {% JSONata %} expression or a boolean");
                }
                if (rule.has("Output")) output = r.jsonataTemplate(field + ".Output", rule.get("Output"), "Output");
            } else {
                condition = condition(r, field, rule, true);
            }
            Template assign = rule.has("Assign") ? r.assign(field + ".Assign", rule.get("Assign")) : null;
            rules.add(new ChoiceRule(condition, next.textValue(), assign, output));
        }
        JsonNode defaultNext = r.node.get("Default");
        if (defaultNext != null && !defaultNext.isTextual()) throw r.error("Default", "must be a state name");
        if (r.node.has("Next") || r.node.has("End")) throw r.error("Next", "a Choice state chooses its next state: no Next or End");
        return new State.Choice(common, List.copyOf(rules), defaultNext == null ? null : defaultNext.textValue());
    }

    private Condition condition(StateReader r, String field, JsonNode rule, boolean top) {
        if (!rule.isObject()) throw r.error(field, "a rule must be an object");
        if (!top && rule.has("Next")) throw r.error(field + ".Next", "only top-level Choice rules have Next");
        if (rule.has("And") || rule.has("Or")) {
            String op = rule.has("And") ? "And" : "Or";
            JsonNode list = rule.get(op);
            if (!list.isArray() || list.isEmpty()) throw r.error(field + "." + op, "must be a non-empty array of rules");
            List<Condition> inner = new ArrayList<>();
            for (int i = 0; i < list.size(); i++) inner.add(condition(r, field + "." + op + "[" + i + "]", list.get(i), false));
            return op.equals("And") ? new Condition.And(List.copyOf(inner)) : new Condition.Or(List.copyOf(inner));
        }
        if (rule.has("Not")) return new Condition.Not(condition(r, field + ".Not", rule.get("Not"), false));
        if (rule.has("Condition")) {
            throw r.error(field + ".Condition", "only supported when the QueryLanguage is JSONata (set \"QueryLanguage\": \"JSONata\")");
        }
        JsonNode variable = rule.get("Variable");
        if (variable == null || !variable.isTextual()) throw r.error(field + ".Variable", "is required: the JSONPath to test");
        PathValue variablePath = r.compilePath(field + ".Variable", variable.textValue());
        String operator = null;
        for (var it = rule.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (Set.of("Variable", "Next", "Assign", "Comment").contains(f)) continue;
            String base = f.endsWith("Path") ? f.substring(0, f.length() - 4) : f;
            if (!Condition.OPERATORS.contains(base) || (f.endsWith("Path") && (base.startsWith("Is") || base.equals("StringMatches")))) {
                throw r.error(field + "." + f, "not a comparison operator");
            }
            if (operator != null) throw r.error(field + "." + f, "a rule has one comparison operator, and this one also has " + operator);
            operator = f;
        }
        if (operator == null) throw r.error(field, "a rule needs a comparison operator (e.g. StringEquals) or And/Or/Not");
        JsonNode operand = rule.get(operator);
        if (operator.endsWith("Path")) {
            if (!operand.isTextual()) throw r.error(field + "." + operator, "must be a JSONPath");
            return new Condition.Comparison(variablePath, operator.substring(0, operator.length() - 4), null,
                    r.compilePath(field + "." + operator, operand.textValue()), null);
        }
        String expected = operator.startsWith("Is") || operator.equals("BooleanEquals") ? "boolean"
                : operator.startsWith("Numeric") ? "number" : "string";
        boolean ok = switch (expected) {
            case "boolean" -> operand.isBoolean();
            case "number" -> operand.isNumber();
            default -> operand.isTextual();
        };
        if (!ok) throw r.error(field + "." + operator, "must be a " + expected + ", not " + operand);
        if (operator.startsWith("Timestamp") && Condition.parseTimestamp(operand.textValue()) == null) {
            throw r.error(field + "." + operator, "'" + operand.textValue() + "' is not an ISO-8601 timestamp such as 2024-01-31T12:00:00Z");
        }
        return new Condition.Comparison(variablePath, operator, operand, null,
                operator.equals("StringMatches") ? Condition.wildcard(operand.textValue()) : null);
    }

    private State waitState(StateReader r, Common common) {
        int count = 0;
        for (String f : List.of("Seconds", "Timestamp", "SecondsPath", "TimestampPath")) if (r.node.has(f)) count++;
        if (count != 1) throw r.error("Seconds", "a Wait state needs exactly one of Seconds, Timestamp, SecondsPath, TimestampPath");
        Template secondsTemplate = r.jsonataField("Seconds");
        Template timestampTemplate = r.jsonataField("Timestamp");
        Long seconds = secondsTemplate == null ? r.nonNegativeLong("Seconds") : null;
        String timestamp = null;
        if (timestampTemplate == null && r.node.has("Timestamp")) {
            JsonNode t = r.node.get("Timestamp");
            if (!t.isTextual() || Condition.parseTimestamp(t.textValue()) == null) {
                throw r.error("Timestamp", "must be an ISO-8601 timestamp such as 2024-01-31T12:00:00Z, not " + t);
            }
            timestamp = t.textValue();
        }
        return new State.Wait(common, seconds, timestamp, r.path("SecondsPath"), r.path("TimestampPath"), secondsTemplate,
                timestampTemplate);
    }

    private State fail(StateReader r, Common common) {
        r.exclusive("Error", "ErrorPath");
        r.exclusive("Cause", "CausePath");
        Template error = null;
        Template cause = null;
        if (r.node.has("Error")) error = r.stringOrExpression("Error");
        if (r.node.has("Cause")) cause = r.stringOrExpression("Cause");
        return new State.Fail(common, error, cause, r.pathOrIntrinsic("ErrorPath"), r.pathOrIntrinsic("CausePath"));
    }

    private State parallel(StateReader r, Common common, String name) {
        JsonNode branches = r.node.get("Branches");
        if (branches == null || !branches.isArray() || branches.isEmpty()) {
            throw r.error("Branches", "is required: a non-empty array of branches, each with StartAt and States");
        }
        List<Graph> graphs = new ArrayList<>();
        for (int i = 0; i < branches.size(); i++) {
            JsonNode b = branches.get(i);
            if (!b.isObject()) throw r.error("Branches[" + i + "]", "a branch must be an object with StartAt and States");
            graphs.add(graph(r.where + "/", b, machineLanguage));
        }
        return new State.Parallel(common, List.copyOf(graphs));
    }

    private State map(StateReader r, Common common, String name) {
        r.exclusive("ItemProcessor", "Iterator");
        r.exclusive("ItemSelector", "Parameters");
        r.exclusive("MaxConcurrency", "MaxConcurrencyPath");
        r.exclusive("ToleratedFailureCount", "ToleratedFailureCountPath");
        r.exclusive("ToleratedFailurePercentage", "ToleratedFailurePercentagePath");
        String processorField = r.node.has("Iterator") ? "Iterator" : "ItemProcessor";
        JsonNode processor = r.node.get(processorField);
        if (processor == null || !processor.isObject()) {
            throw r.error("ItemProcessor", "is required: the states each item runs through (StartAt and States)");
        }
        boolean distributed = false;
        JsonNode config = processor.get("ProcessorConfig");
        if (config != null) {
            JsonNode mode = config.get("Mode");
            if (mode != null && !Set.of("INLINE", "DISTRIBUTED").contains(mode.asText())) {
                throw r.error(processorField + ".ProcessorConfig.Mode", "must be INLINE or DISTRIBUTED, not " + mode);
            }
            distributed = mode != null && mode.asText().equals("DISTRIBUTED");
        }
        if (!distributed && (r.node.has("ItemReader") || r.node.has("ResultWriter") || r.node.has("ItemBatcher"))) {
            String f = r.node.has("ItemReader") ? "ItemReader" : r.node.has("ResultWriter") ? "ResultWriter" : "ItemBatcher";
            throw r.error(f, "only a distributed Map (ProcessorConfig.Mode DISTRIBUTED) reads, batches or writes items");
        }
        ObjectNode graphNode = ((ObjectNode) processor).deepCopy();
        graphNode.remove("ProcessorConfig");
        graphNode.remove("Comment");
        Graph graph = graph(r.where + "/", graphNode, machineLanguage);
        String selectorField = r.node.has("Parameters") ? "Parameters" : "ItemSelector";
        Template selector = r.node.has(selectorField) ? r.payload(selectorField) : null;
        Template items = null;
        if (r.node.has("Items")) items = r.jsonataTemplate("Items", r.node.get("Items"), "Items");
        return new State.MapState(common, graph, distributed, r.path("ItemsPath"), items, selector,
                r.limit("MaxConcurrency", "MaxConcurrencyPath"),
                r.limit("ToleratedFailureCount", "ToleratedFailureCountPath"),
                r.limit("ToleratedFailurePercentage", "ToleratedFailurePercentagePath"),
                r.node.has("ItemReader") ? r.payload("ItemReader") : null,
                r.node.has("ItemBatcher") ? r.payload("ItemBatcher") : null,
                r.node.has("ResultWriter") ? r.payload("ResultWriter") : null);
    }

    /** Reads one state's fields, with errors that name the state and the field. */
    private static final class StateReader {
        final String where;
        final String name;
        final JsonNode node;
        final QueryLanguage language;

        StateReader(String where, String name, JsonNode node, QueryLanguage language) {
            this.where = where;
            this.name = name;
            this.node = node;
            this.language = language;
        }

        WorkflowDefinitionException error(String field, String problem) {
            return new WorkflowDefinitionException(where, field, problem);
        }

        void exclusive(String a, String b) {
            if (node.has(a) && node.has(b)) throw error(b, "cannot be used together with '" + a + "'");
        }

        Common common(String type) {
            boolean terminal = type.equals("Succeed") || type.equals("Fail");
            boolean choice = type.equals("Choice");
            String next = null;
            boolean end = false;
            if (!terminal && !choice) {
                JsonNode n = node.get("Next");
                JsonNode e = node.get("End");
                if (n != null && e != null && e.asBoolean()) throw error("Next", "a state has either Next or \"End\": true, not both");
                if (n != null) {
                    if (!n.isTextual()) throw error("Next", "must be a state name");
                    next = n.textValue();
                } else if (e != null) {
                    if (!e.isBoolean() || !e.booleanValue()) throw error("End", "must be true (or use Next)");
                    end = true;
                } else {
                    throw error("Next", "is required (or \"End\": true): where to go after this state");
                }
            }
            boolean jsonata = language == QueryLanguage.JSONATA;
            PathValue inputPath = jsonata ? null : path("InputPath");
            PathValue outputPath = jsonata ? null : path("OutputPath");
            return new Common(name, language,
                    inputPath, !jsonata && node.has("InputPath") && node.get("InputPath").isNull(),
                    jsonata || !node.has("Parameters") || type.equals("Map") ? null : payload("Parameters"),
                    jsonata || !node.has("ResultSelector") ? null : payload("ResultSelector"),
                    jsonata ? ResultPathSpec.ROOT : resultPath("ResultPath", node.get("ResultPath")),
                    outputPath, !jsonata && node.has("OutputPath") && node.get("OutputPath").isNull(),
                    jsonata && node.has("Arguments") ? jsonataTemplate("Arguments", node.get("Arguments"), "Arguments") : null,
                    jsonata && node.has("Output") ? jsonataTemplate("Output", node.get("Output"), "Output") : null,
                    node.has("Assign") ? assign("Assign", node.get("Assign")) : null,
                    next, end, retriers(), catchers());
        }

        PathValue path(String field) {
            JsonNode value = node.get(field);
            if (value == null || value.isNull()) return null;
            if (!value.isTextual()) throw error(field, "must be a JSONPath string, not " + value);
            return compilePath(field, value.textValue());
        }

        /** A path field that may also hold an intrinsic function call (ErrorPath, CausePath). */
        PathValue pathOrIntrinsic(String field) {
            JsonNode value = node.get(field);
            if (value == null || value.isNull()) return null;
            if (!value.isTextual()) throw error(field, "must be a JSONPath or an intrinsic function call, not " + value);
            try {
                return PathValue.compile(value.textValue());
            } catch (IllegalArgumentException e) {
                throw error(field, e.getMessage());
            }
        }

        PathValue compilePath(String field, String text) {
            try {
                return PathValue.compilePath(text);
            } catch (IllegalArgumentException e) {
                throw error(field, e.getMessage());
            }
        }

        ResultPathSpec resultPath(String field, JsonNode value) {
            if (value == null) return ResultPathSpec.ROOT;
            if (value.isNull()) return new ResultPathSpec(null, true, List.of());
            if (!value.isTextual()) throw error(field, "must be a JSONPath string or null, not " + value);
            String text = value.textValue();
            JsonPathExpr path;
            try {
                path = JsonPathExpr.compile(text);
            } catch (IllegalArgumentException e) {
                throw error(field, e.getMessage());
            }
            if (path.steps() == null) {
                throw error(field, "'" + text + "' must be a reference path naming one place (like $.result or $.a.b[0])");
            }
            return new ResultPathSpec(text, false, path.steps());
        }

        Template payload(String field) {
            JsonNode value = node.get(field);
            if (language == QueryLanguage.JSONATA) return jsonataTemplate(field, value, field);
            try {
                return Template.jsonPath(value);
            } catch (IllegalArgumentException e) {
                throw error(field, e.getMessage());
            }
        }

        Template assign(String field, JsonNode value) {
            if (!value.isObject()) throw error(field, "must be an object of variable names to values");
            for (var it = value.fieldNames(); it.hasNext(); ) {
                String name = it.next();
                String bare = language == QueryLanguage.JSONPATH && name.endsWith(".$") ? name.substring(0, name.length() - 2) : name;
                if (bare.isEmpty() || !PathValue.isIdentifierStart(bare.charAt(0))
                        || !bare.chars().allMatch(c -> PathValue.isIdentifierPart((char) c))) {
                    throw error(field, "'" + name + "' is not a valid variable name (letters, digits and _, not starting with a digit)");
                }
                if (bare.equals("states")) throw error(field, "'states' is reserved: it is Step Functions' own $states variable");
            }
            if (language == QueryLanguage.JSONATA) return jsonataTemplate(field, value, field);
            try {
                return Template.jsonPath(value);
            } catch (IllegalArgumentException e) {
                throw error(field, e.getMessage());
            }
        }

        Template jsonataTemplate(String field, JsonNode value, String messageField) {
            try {
                return Template.jsonata(value, messageField);
            } catch (IllegalArgumentException e) {
                throw error(field, e.getMessage());
            }
        }

        JsonataExpr jsonata(String field, String text) {
            try {
                return JsonataExpr.compile(text);
            } catch (IllegalArgumentException e) {
                throw error(field, e.getMessage());
            }
        }

        /** A JSONata-mode field written as {@code {% %}}; null when absent or literal. */
        Template jsonataField(String field) {
            JsonNode value = node.get(field);
            if (value == null || language != QueryLanguage.JSONATA || !value.isTextual()) return null;
            if (!JsonataExpr.isExpression(value.textValue())) return null;
            return jsonataTemplate(field, value, field);
        }

        Template stringOrExpression(String field) {
            JsonNode value = node.get(field);
            if (language == QueryLanguage.JSONATA && value.isTextual() && JsonataExpr.isExpression(value.textValue())) {
                return jsonataTemplate(field, value, field);
            }
            if (!value.isTextual()) throw error(field, "must be a string, not " + value);
            return new Template.Literal(value);
        }

        Long positiveLong(String field) {
            JsonNode value = node.get(field);
            if (value == null || (value.isTextual() && language == QueryLanguage.JSONATA && JsonataExpr.isExpression(value.textValue()))) {
                return null;
            }
            if (!value.canConvertToLong() || !value.isIntegralNumber() || value.longValue() <= 0) {
                throw error(field, "must be a positive integer number of seconds, not " + value);
            }
            return value.longValue();
        }

        Long nonNegativeLong(String field) {
            JsonNode value = node.get(field);
            if (value == null) return null;
            if (!value.isIntegralNumber() || !value.canConvertToLong() || value.longValue() < 0) {
                throw error(field, "must be a non-negative integer number of seconds, not " + value);
            }
            return value.longValue();
        }

        Limit limit(String field, String pathField) {
            JsonNode value = node.get(field);
            if (value != null) {
                if (language == QueryLanguage.JSONATA && value.isTextual() && JsonataExpr.isExpression(value.textValue())) {
                    return new Limit(field, null, null, jsonataTemplate(field, value, field));
                }
                if (!value.isNumber() || value.doubleValue() < 0) throw error(field, "must be a non-negative number, not " + value);
                if (field.equals("ToleratedFailurePercentage") && value.doubleValue() > 100) {
                    throw error(field, "must be between 0 and 100, not " + value);
                }
                if (!field.equals("ToleratedFailurePercentage") && !value.isIntegralNumber()) {
                    throw error(field, "must be a non-negative integer, not " + value);
                }
                return new Limit(field, value, null, null);
            }
            if (node.has(pathField)) return new Limit(pathField, null, path(pathField), null);
            return Limit.none(field);
        }

        List<Retrier> retriers() {
            JsonNode retry = node.get("Retry");
            if (retry == null) return List.of();
            if (!retry.isArray()) throw error("Retry", "must be an array of retriers");
            List<Retrier> out = new ArrayList<>();
            for (int i = 0; i < retry.size(); i++) {
                String f = "Retry[" + i + "]";
                JsonNode r = retry.get(i);
                if (!r.isObject()) throw error(f, "a retrier must be an object");
                for (var it = r.fieldNames(); it.hasNext(); ) {
                    String k = it.next();
                    if (!Set.of("ErrorEquals", "IntervalSeconds", "MaxAttempts", "BackoffRate", "MaxDelaySeconds", "JitterStrategy",
                            "Comment").contains(k)) {
                        throw error(f + "." + k, "not a field of a retrier");
                    }
                }
                List<String> errors = errorEquals(f, r, i == retry.size() - 1);
                double interval = number(f, r, "IntervalSeconds", 1, 1, 99_999_999);
                double attempts = number(f, r, "MaxAttempts", 3, 0, 99_999_999);
                double backoff = number(f, r, "BackoffRate", 2.0, 1.0, Double.MAX_VALUE);
                Long maxDelay = r.has("MaxDelaySeconds") ? (long) number(f, r, "MaxDelaySeconds", 0, 1, 31_622_400) : null;
                Jitter jitter = Jitter.NONE;
                if (r.has("JitterStrategy")) {
                    String j = r.get("JitterStrategy").asText();
                    if (!j.equals("FULL") && !j.equals("NONE")) throw error(f + ".JitterStrategy", "must be FULL or NONE, not " + r.get("JitterStrategy"));
                    jitter = Jitter.valueOf(j);
                }
                if (r.has("IntervalSeconds") && !r.get("IntervalSeconds").isIntegralNumber()) {
                    throw error(f + ".IntervalSeconds", "must be a whole number of seconds");
                }
                if (r.has("MaxAttempts") && !r.get("MaxAttempts").isIntegralNumber()) {
                    throw error(f + ".MaxAttempts", "must be a whole number");
                }
                out.add(new Retrier(errors, interval, (int) attempts, backoff, maxDelay, jitter));
            }
            return List.copyOf(out);
        }

        List<Catcher> catchers() {
            JsonNode c = node.get("Catch");
            if (c == null) return List.of();
            if (!c.isArray()) throw error("Catch", "must be an array of catchers");
            List<Catcher> out = new ArrayList<>();
            for (int i = 0; i < c.size(); i++) {
                String f = "Catch[" + i + "]";
                JsonNode k = c.get(i);
                if (!k.isObject()) throw error(f, "a catcher must be an object");
                Set<String> allowed = language == QueryLanguage.JSONATA ? Set.of("ErrorEquals", "Next", "Output", "Assign", "Comment")
                        : Set.of("ErrorEquals", "Next", "ResultPath", "Assign", "Comment");
                for (var it = k.fieldNames(); it.hasNext(); ) {
                    String name = it.next();
                    if (!allowed.contains(name)) {
                        throw error(f + "." + name, "not a field of a catcher" + (language == QueryLanguage.JSONATA && name.equals("ResultPath")
                                ? " when the QueryLanguage is JSONata (use 'Output')" : ""));
                    }
                }
                List<String> errors = errorEquals(f, k, i == c.size() - 1);
                JsonNode next = k.get("Next");
                if (next == null || !next.isTextual()) throw error(f + ".Next", "is required: the state to go to when the error is caught");
                out.add(new Catcher(errors, next.textValue(),
                        language == QueryLanguage.JSONATA ? ResultPathSpec.ROOT : resultPath(f + ".ResultPath", k.get("ResultPath")),
                        k.has("Output") ? jsonataTemplate(f + ".Output", k.get("Output"), "Output") : null,
                        k.has("Assign") ? assign(f + ".Assign", k.get("Assign")) : null));
            }
            return List.copyOf(out);
        }

        private List<String> errorEquals(String f, JsonNode node, boolean last) {
            JsonNode errors = node.get("ErrorEquals");
            if (errors == null || !errors.isArray() || errors.isEmpty()) {
                throw error(f + ".ErrorEquals", "is required: a non-empty array of error names");
            }
            List<String> out = new ArrayList<>();
            Set<String> seen = new HashSet<>();
            for (JsonNode e : errors) {
                if (!e.isTextual()) throw error(f + ".ErrorEquals", "error names are strings, not " + e);
                seen.add(e.textValue());
                out.add(e.textValue());
            }
            if (seen.contains(StatesError.ALL) && (out.size() > 1 || !last)) {
                throw error(f + ".ErrorEquals", "States.ALL must appear alone, in the last retrier or catcher");
            }
            return List.copyOf(out);
        }

        private double number(String f, JsonNode node, String field, double absent, double min, double max) {
            JsonNode value = node.get(field);
            if (value == null) return absent;
            if (!value.isNumber() || value.doubleValue() < min || value.doubleValue() > max) {
                throw error(f + "." + field, "must be a number from " + (long) min + " up, not " + value);
            }
            return value.doubleValue();
        }
    }
}
