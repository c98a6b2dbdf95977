package dev.inkwell.server.workflows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.inkwell.core.InputLocation;
import dev.inkwell.core.InvalidInputException;
import dev.inkwell.core.UnavailableException;
import dev.inkwell.server.ApiRoute;
import dev.inkwell.server.RouteGroup;
import dev.inkwell.server.triggers.JsonBodies;
import dev.inkwell.workflow.HistoryEvent;
import dev.inkwell.workflow.WorkflowDefinitionException;
import dev.inkwell.workflow.json.JsonTrees;
import dev.inkwell.workflow.runtime.ExecutionRecord;
import dev.inkwell.workflow.runtime.WorkflowCatalog;
import dev.inkwell.workflow.runtime.WorkflowRecord;
import dev.inkwell.workflow.runtime.WorkflowRuntime;
import io.javalin.http.Context;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Workflows and their executions over HTTP, behind the API key: save (validated: a bad definition is a 400 naming
 * the state and the field), list, describe and delete workflows; start executions (idempotent by name, optionally
 * waiting for the end), list, describe (DescribeExecution's shape), read their history (GetExecutionHistory's) and
 * stop them, wherever they run.
 */
public final class WorkflowRoutes implements RouteGroup {
    private static final Set<String> CREATE_FIELDS = Set.of("name", "definition", "functions");
    private static final Set<String> UPDATE_FIELDS = Set.of("name", "definition", "functions");
    private static final Set<String> START_FIELDS = Set.of("name", "input");
    private static final Set<String> STOP_FIELDS = Set.of("error", "cause");
    private static final Map<Integer, String> UNAVAILABLE = Map.of(503, "the store cannot be reached, or the server is stopping");
    private static final List<String> JSON = List.of("application/json");

    private final WorkflowHost host;

    public WorkflowRoutes(WorkflowHost host) {
        this.host = host;
    }

    @Override
    public List<ApiRoute> routes() {
        return List.of(
                ApiRoute.post("/v1/workflows").tag("workflows").summary("Create a workflow: an Amazon States Language definition and its function mapping")
                        .description("Body: {\"name\", \"definition\": the state machine (an object or its JSON text), \"functions\"?: {Lambda name: "
                                + "function}}. The definition is checked before it is kept. Creating it again with the same definition is a no-op.")
                        .manage().accepts(JSON).returns("Workflow").errors(UNAVAILABLE)
                        .error(400, "a bad name, definition (the message names the state and the field) or function mapping")
                        .error(409, "a workflow of that name exists with another definition").error(413, "body over 1 MiB")
                        .error(415, "not application/json").handler(this::create),
                ApiRoute.get("/v1/workflows").tag("workflows").summary("List the workflows").manage().returns("WorkflowList")
                        .errors(UNAVAILABLE).handler(this::list),
                ApiRoute.get("/v1/workflows/{name}").tag("workflows").summary("Describe a workflow: its definition, functions and executions by status")
                        .manage().returns("Workflow").errors(UNAVAILABLE).error(400, "not a workflow name").error(404, "no such workflow")
                        .handler(this::describe),
                ApiRoute.put("/v1/workflows/{name}").tag("workflows").summary("Create or update a workflow (a new revision; running executions keep theirs)")
                        .description("Body: {\"definition\", \"functions\"?}.").manage().accepts(JSON).returns("Workflow").errors(UNAVAILABLE)
                        .error(400, "a bad name, definition (the message names the state and the field) or function mapping")
                        .error(413, "body over 1 MiB").error(415, "not application/json").handler(this::put),
                ApiRoute.delete("/v1/workflows/{name}").tag("workflows").summary("Delete a workflow (its running executions carry on)")
                        .manage().returns("WorkflowDeleted").errors(UNAVAILABLE).error(400, "not a workflow name").error(404, "no such workflow")
                        .handler(this::delete),
                ApiRoute.post("/v1/workflows/{name}/executions").tag("workflows").summary("Start an execution of a workflow")
                        .description("Body (optional): {\"input\"?: any JSON (default {}), \"name\"?: the execution's name (default a UUID)}. "
                                + "Starting again with the same name and input answers the first execution (created: false). "
                                + "?wait=SECONDS answers once it has ended or the wait is over.")
                        .manage().accepts(JSON).returns("StartedExecution").errors(UNAVAILABLE)
                        .query(List.of(new ApiRoute.QueryParam("wait", "integer", "seconds to wait for the end (0-300, default 0)")))
                        .error(400, "a bad workflow or execution name, body or wait").error(404, "no such workflow")
                        .error(409, "an execution of that name exists with another input").error(413, "input over 256 KiB or body over 1 MiB")
                        .error(415, "not application/json").handler(this::start),
                ApiRoute.get("/v1/executions").tag("workflows").summary("List executions, newest first").manage().returns("ExecutionList")
                        .errors(UNAVAILABLE).error(400, "a bad workflow name, status or limit")
                        .query(List.of(new ApiRoute.QueryParam("workflow", "string", "only this workflow's"),
                                new ApiRoute.QueryParam("status", "string", "only RUNNING, SUCCEEDED, FAILED or ABORTED ones"),
                                new ApiRoute.QueryParam("limit", "integer", "at most this many (1-1000, default 100)")))
                        .handler(this::executions),
                ApiRoute.get("/v1/executions/{arn}").tag("workflows").summary("Describe an execution (DescribeExecution's shape)").manage()
                        .returns("Execution").errors(UNAVAILABLE).error(400, "not an execution ARN").error(404, "no such execution")
                        .handler(this::execution),
                ApiRoute.get("/v1/executions/{arn}/definition").tag("workflows")
                        .summary("The state machine an execution runs: its revision of the workflow (DescribeStateMachineForExecution's shape)")
                        .manage().returns("ExecutionDefinition").errors(UNAVAILABLE).error(400, "not an execution ARN")
                        .error(404, "no such execution").handler(this::definition),
                ApiRoute.get("/v1/executions/{arn}/history").tag("workflows").summary("An execution's events (GetExecutionHistory's shape)")
                        .manage().returns("ExecutionHistory").errors(UNAVAILABLE).error(400, "not an execution ARN, or a bad parameter")
                        .error(404, "no such execution")
                        .query(List.of(new ApiRoute.QueryParam("reverse", "boolean", "newest first"),
                                new ApiRoute.QueryParam("limit", "integer", "at most this many events (1-1000, default 1000)"),
                                new ApiRoute.QueryParam("nextToken", "string", "the previous page's nextToken")))
                        .handler(this::history),
                ApiRoute.post("/v1/executions/{arn}/stop").tag("workflows").summary("Stop an execution wherever it runs (ABORTED); a finished one is unchanged")
                        .description("Body (optional): {\"error\"?, \"cause\"?}.").manage().accepts(JSON).returns("Execution").errors(UNAVAILABLE)
                        .error(400, "not an execution ARN, or a bad body").error(404, "no such execution").error(413, "body over 1 MiB")
                        .error(415, "not application/json").handler(this::stop));
    }

    private WorkflowRuntime runtime() {
        return host.runtime();
    }

    private void create(Context ctx) {
        JsonNode body = JsonBodies.object(ctx);
        JsonBodies.only(body, CREATE_FIELDS);
        String name = WorkflowCatalog.checkName(JsonBodies.text(body, "name", true));
        ctx.json(workflow(saved(() -> runtime().catalog().create(name, WorkflowRequests.definition(body), WorkflowRequests.functions(body))), false));
    }

    private void put(Context ctx) {
        String name = WorkflowCatalog.checkName(ctx.pathParam("name"));
        JsonNode body = JsonBodies.object(ctx);
        JsonBodies.only(body, UPDATE_FIELDS);
        String named = JsonBodies.text(body, "name", false);
        if (named != null && !named.equals(name)) {
            throw new InvalidInputException(InputLocation.file("request body, field name"),
                    "differs from the workflow named in the path (leave it out)");
        }
        JsonNode definition = WorkflowRequests.definition(body);
        JsonNode functions = WorkflowRequests.functions(body);
        WorkflowCatalog catalog = runtime().catalog();
        ctx.json(workflow(saved(() -> catalog.find(name).isPresent() ? catalog.update(name, definition, functions)
                : catalog.create(name, definition, functions)), false));
    }

    private static WorkflowRecord saved(Supplier<WorkflowRecord> save) {
        try {
            return save.get();
        } catch (WorkflowDefinitionException e) {
            throw WorkflowRequests.badDefinition(e);
        }
    }

    private void list(Context ctx) {
        WorkflowRuntime r = runtime();
        ArrayNode out = JsonTrees.array();
        for (WorkflowRecord w : r.catalog().list()) out.add(w.toJson(false).put("stateMachineArn", r.stateMachineArn(w.name())));
        ctx.json(JsonTrees.object().set("workflows", out));
    }

    private void describe(Context ctx) {
        WorkflowRecord w = runtime().catalog().get(WorkflowCatalog.checkName(ctx.pathParam("name")));
        ctx.json(workflow(w, true));
    }

    private ObjectNode workflow(WorkflowRecord w, boolean counts) {
        WorkflowRuntime r = runtime();
        ObjectNode out = w.toJson(true).put("stateMachineArn", r.stateMachineArn(w.name()));
        if (counts) {
            ObjectNode byStatus = out.putObject("executions");
            r.executions().counts(w.name()).forEach((status, n) -> byStatus.put(status.name(), n));
        }
        return out;
    }

    private void delete(Context ctx) {
        String name = WorkflowCatalog.checkName(ctx.pathParam("name"));
        runtime().catalog().delete(name);
        ctx.json(JsonTrees.object().put("workflow", name).put("deleted", true));
    }

    private void start(Context ctx) {
        String workflow = WorkflowCatalog.checkName(ctx.pathParam("name"));
        Duration wait = WorkflowRequests.await(ctx.queryParam("wait"));
        JsonNode body = optionalBody(ctx);
        JsonBodies.only(body, START_FIELDS);
        String name = JsonBodies.text(body, "name", false);
        JsonNode input = WorkflowRequests.input(body);
        WorkflowRuntime r = runtime();
        try {
            WorkflowRuntime.Started started = r.start(workflow, name, input, null);
            ExecutionRecord e = started.execution();
            if (!wait.isZero() && !e.finished()) e = r.await(e.arn(), wait);
            ctx.json(r.executions().find(e.arn()).orElse(e).toJson(r.stateMachineArn(e.workflow())).put("created", started.created()));
        } catch (IllegalStateException closing) {
            throw new UnavailableException("the server is stopping: " + closing.getMessage(), closing);
        }
    }

    private void executions(Context ctx) {
        String workflow = ctx.queryParam("workflow");
        if (workflow != null && workflow.isEmpty()) workflow = null;
        if (workflow != null) WorkflowCatalog.checkName(workflow);
        var status = WorkflowRequests.status(ctx.queryParam("status"));
        int limit = WorkflowRequests.limit(ctx.queryParam("limit"), 100);
        WorkflowRuntime r = runtime();
        ArrayNode out = JsonTrees.array();
        for (ExecutionRecord e : r.executions().list(workflow, status, null, limit)) out.add(e.toListJson(r.stateMachineArn(e.workflow())));
        ctx.json(JsonTrees.object().set("executions", out));
    }

    private void execution(Context ctx) {
        String arn = WorkflowRequests.executionArn(ctx.pathParam("arn"));
        WorkflowRuntime r = runtime();
        ExecutionRecord e = r.executions().describe(arn);
        ctx.json(e.toJson(r.stateMachineArn(e.workflow())));
    }

    private void definition(Context ctx) {
        String arn = WorkflowRequests.executionArn(ctx.pathParam("arn"));
        WorkflowRuntime r = runtime();
        ExecutionRecord e = r.executions().describe(arn);
        WorkflowRecord w = r.catalog().get(e.workflow(), e.revision());
        ctx.json(JsonTrees.object().put("stateMachineArn", r.stateMachineArn(w.name())).put("name", w.name())
                .put("definition", JsonTrees.write(w.definition())).put("revision", w.revision()).put("updateDate", w.updatedAt().toString()));
    }

    private void history(Context ctx) {
        String arn = WorkflowRequests.executionArn(ctx.pathParam("arn"));
        boolean reverse = WorkflowRequests.flag("reverse", ctx.queryParam("reverse"));
        int limit = WorkflowRequests.limit(ctx.queryParam("limit"), WorkflowRequests.MAX_LIST);
        long after = WorkflowRequests.after(ctx.queryParam("nextToken"));
        List<HistoryEvent> events = runtime().executions().history(arn, reverse, limit, after);
        ObjectNode out = JsonTrees.object();
        ArrayNode list = out.putArray("events");
        for (HistoryEvent e : events) list.add(e.toJson());
        if (events.size() == limit) out.put("nextToken", Long.toString(events.getLast().id()));
        ctx.json(out);
    }

    private void stop(Context ctx) {
        String arn = WorkflowRequests.executionArn(ctx.pathParam("arn"));
        JsonNode body = optionalBody(ctx);
        JsonBodies.only(body, STOP_FIELDS);
        String error = WorkflowRequests.text(body, "error", 256);
        String cause = WorkflowRequests.text(body, "cause", 32_768);
        WorkflowRuntime r = runtime();
        ExecutionRecord e = r.stop(arn, error, cause);
        ctx.json(e.toJson(r.stateMachineArn(e.workflow())));
    }

    /** The JSON object sent, or {} when nothing was. */
    private static JsonNode optionalBody(Context ctx) {
        boolean none = ctx.contentLength() <= 0 && ctx.header("Transfer-Encoding") == null;
        return none ? JsonTrees.object() : JsonBodies.object(ctx);
    }
}
