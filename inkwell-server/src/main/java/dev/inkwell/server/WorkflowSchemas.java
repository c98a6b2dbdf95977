package dev.inkwell.server;

import static dev.inkwell.server.OpenApiDocument.Schemas.closed;
import static dev.inkwell.server.OpenApiDocument.Schemas.object;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The OpenAPI schemas of the workflow routes: Step Functions' shapes for executions and their histories. */
final class WorkflowSchemas {
    /** Every details key a history event may carry (HistoryEvent#detailsKey). */
    private static final List<String> EVENT_DETAILS = List.of("stateEnteredEventDetails", "stateExitedEventDetails",
            "executionStartedEventDetails", "executionSucceededEventDetails", "executionFailedEventDetails",
            "executionTimedOutEventDetails", "executionAbortedEventDetails", "taskScheduledEventDetails", "taskStartedEventDetails",
            "taskSucceededEventDetails", "taskFailedEventDetails", "taskTimedOutEventDetails", "mapStateStartedEventDetails",
            "mapIterationStartedEventDetails", "mapIterationSucceededEventDetails", "mapIterationFailedEventDetails",
            "evaluationFailedEventDetails");

    private WorkflowSchemas() {
    }

    static void add(Map<String, Object> s) {
        Map<String, Object> text = Map.of("type", "string");
        Map<String, Object> integer = Map.of("type", "integer");
        Map<String, Object> time = Map.of("type", "string", "format", "date-time");
        Map<String, Object> anyObject = Map.of("type", "object");
        Map<String, Object> definition = Map.of("description", "the Amazon States Language definition: an object, or its JSON text",
                "oneOf", List.of(anyObject, text));
        Map<String, Object> functions = Map.of("type", "object", "description", "Lambda names to Inkwell functions: {\"functions\": "
                + "{name: \"builtin\" | {\"function\", \"options\"} | {\"python\", \"codeDir\"} | {\"command\": [...]}}}");
        s.put("WorkflowDefinition", object(Map.of("name", Map.of("type", "string", "pattern", "^[A-Za-z0-9_.-]{1,80}$"),
                "definition", definition, "functions", functions), "name", "definition"));
        s.put("WorkflowUpdate", object(Map.of("definition", definition, "functions", functions), "definition"));
        Map<String, Object> workflow = new LinkedHashMap<>();
        workflow.put("name", text);
        workflow.put("revision", Map.of("type", "integer", "description", "1, and one more at every change"));
        workflow.put("createdAt", time);
        workflow.put("updatedAt", time);
        workflow.put("stateMachineArn", text);
        workflow.put("definition", anyObject);
        workflow.put("functions", anyObject);
        workflow.put("executions", Map.of("type", "object", "description", "executions by status", "additionalProperties", integer));
        s.put("Workflow", closed(workflow, "name", "revision", "createdAt", "updatedAt", "stateMachineArn", "definition", "functions"));
        Map<String, Object> summary = new LinkedHashMap<>(workflow);
        summary.remove("executions");
        s.put("WorkflowList", closed(Map.of("workflows", Map.of("type", "array", "items", closed(summary, "name", "revision",
                "createdAt", "updatedAt", "stateMachineArn"))), "workflows"));
        s.put("WorkflowDeleted", closed(Map.of("workflow", text, "deleted", Map.of("type", "boolean")), "workflow", "deleted"));
        s.put("StartExecution", object(Map.of("input", Map.of("description", "the execution's input: any JSON (default {})"),
                "name", Map.of("type", "string", "pattern", "^[A-Za-z0-9_-]{1,80}$"))));
        s.put("StopExecution", object(Map.of("error", text, "cause", text)));
        Map<String, Object> status = Map.of("type", "string", "enum", List.of("RUNNING", "SUCCEEDED", "FAILED", "ABORTED"));
        Map<String, Object> listed = new LinkedHashMap<>();
        listed.put("executionArn", text);
        listed.put("stateMachineArn", text);
        listed.put("name", text);
        listed.put("status", status);
        listed.put("startDate", time);
        listed.put("stopDate", time);
        listed.put("workflow", text);
        listed.put("revision", integer);
        String[] listedRequired = {"executionArn", "stateMachineArn", "name", "status", "startDate", "workflow", "revision"};
        s.put("ExecutionList", closed(Map.of("executions", Map.of("type", "array", "items", closed(listed, listedRequired))), "executions"));
        Map<String, Object> execution = new LinkedHashMap<>(listed);
        execution.put("input", Map.of("type", "string", "description", "the input as JSON text"));
        execution.put("output", Map.of("type", "string", "description", "the output as JSON text (SUCCEEDED only)"));
        execution.put("error", text);
        execution.put("cause", text);
        execution.put("parentExecutionArn", Map.of("type", "string", "description", "the execution that started this one"));
        String[] required = {"executionArn", "stateMachineArn", "name", "status", "startDate", "input", "workflow", "revision"};
        s.put("Execution", closed(execution, required));
        Map<String, Object> started = new LinkedHashMap<>(execution);
        started.put("created", Map.of("type", "boolean", "description", "false: an execution of that name and input existed"));
        s.put("StartedExecution", closed(started, append(required, "created")));
        s.put("ExecutionDefinition", closed(Map.of("stateMachineArn", text, "name", text,
                "definition", Map.of("type", "string", "description", "the Amazon States Language definition as JSON text"),
                "revision", integer, "updateDate", time), "stateMachineArn", "name", "definition", "revision", "updateDate"));
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("timestamp", time);
        event.put("type", Map.of("type", "string", "description", "Step Functions' event type (TaskStateEntered, …)"));
        event.put("id", integer);
        event.put("previousEventId", integer);
        for (String key : EVENT_DETAILS) event.put(key, anyObject);
        s.put("ExecutionHistory", closed(Map.of("events", Map.of("type", "array", "items", closed(event, "timestamp", "type", "id",
                "previousEventId")), "nextToken", Map.of("type", "string", "description", "more events: pass it back for the next page")), "events"));
    }

    private static String[] append(String[] names, String more) {
        String[] out = Arrays.copyOf(names, names.length + 1);
        out[names.length] = more;
        return out;
    }
}
