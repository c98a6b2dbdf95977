package dev.inkwell.server.triggers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.inkwell.core.InputLocation;
import dev.inkwell.core.InvalidInputException;
import dev.inkwell.functions.Function;
import dev.inkwell.functions.FunctionFailure;
import dev.inkwell.functions.Invocation;
import dev.inkwell.functions.trigger.Trigger;
import dev.inkwell.functions.trigger.TriggerFailure;
import dev.inkwell.server.ApiRoute;
import dev.inkwell.server.HttpProblem;
import dev.inkwell.server.RouteGroup;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Triggers and functions over HTTP, behind the API key: create, list, describe and delete triggers (kept in the
 * store, so every replica sees them), list what they gave up on, list functions and invoke one.
 */
public final class TriggerRoutes implements RouteGroup {
    private static final Set<String> CREATE_FIELDS = Set.of("name", "bucket", "prefix", "suffix", "action", "options");
    private static final Map<Integer, String> UNAVAILABLE = Map.of(503, "the store or the buckets cannot be reached, or triggers are off");
    private static final int MAX_LIST = 1000;
    private final TriggerHost host;

    public TriggerRoutes(TriggerHost host) {
        this.host = host;
    }

    @Override
    public List<ApiRoute> routes() {
        return List.of(
                ApiRoute.get("/v1/triggers").tag("triggers").summary("List the triggers, and how this replica runs them").manage()
                        .returns("TriggerList").errors(UNAVAILABLE).handler(this::list),
                ApiRoute.post("/v1/triggers").tag("triggers").summary("Create a trigger: objects written under a bucket prefix go to a function")
                        .description("Body: {\"name\", \"bucket\", \"prefix\"?, \"suffix\"?, \"action\": classify|ingest|register, \"options\"?: "
                                + "{\"endpoint\", \"output_prefix\", \"table\", \"split\", \"channels\"}}. Every replica sharing the store runs it.")
                        .manage().accepts(List.of("application/json")).returns("Trigger").errors(UNAVAILABLE)
                        .error(400, "a bad definition (the message names the field)").error(404, "no such bucket or function")
                        .error(409, "a trigger of that name exists").error(413, "body over 1 MiB").error(415, "not application/json")
                        .handler(this::create),
                ApiRoute.get("/v1/triggers/{name}").tag("triggers").summary("Describe a trigger").manage().returns("Trigger")
                        .errors(UNAVAILABLE).error(400, "not a trigger name").error(404, "no such trigger").handler(this::describe),
                ApiRoute.delete("/v1/triggers/{name}").tag("triggers").summary("Delete a trigger (work already queued for it still runs)")
                        .manage().returns("TriggerDeleted").errors(UNAVAILABLE).error(400, "not a trigger name").error(404, "no such trigger")
                        .handler(this::delete),
                ApiRoute.get("/v1/trigger-failures").tag("triggers").summary("Objects the triggers gave up on, oldest first")
                        .manage().returns("TriggerFailureList").errors(UNAVAILABLE).error(400, "a bad trigger name or limit")
                        .query(List.of(new ApiRoute.QueryParam("trigger", "string", "only this trigger's"),
                                new ApiRoute.QueryParam("limit", "integer", "at most this many (1-1000, default 100)")))
                        .handler(this::failures),
                ApiRoute.get("/v1/functions").tag("functions").summary("List the functions triggers and callers can run").manage()
                        .returns("FunctionList").handler(this::functions),
                ApiRoute.post("/v1/functions/{name}/invoke").tag("functions").summary("Run a function once with a JSON event")
                        .description("classify: {\"bucket\", \"key\", \"endpoint\"?, \"output_prefix\"?}; ingest: {\"bucket\", \"key\", \"table\"}; "
                                + "export: {\"table\", \"bucket\", \"key\", \"header\"?, \"uuid\"?, \"split\"?}; register: {\"bucket\", \"key\", \"endpoint\"}.")
                        .manage().accepts(List.of("application/json")).returns("FunctionResult").errors(UNAVAILABLE)
                        .error(400, "a bad event, or bad input (the message names file, line and column)").error(404, "no such function, bucket or object")
                        .error(409, "the function's work clashes with what is there").error(413, "body or object over the limits")
                        .error(415, "not application/json").error(422, "the input is there but cannot be used").handler(this::invoke));
    }

    private void list(Context ctx) {
        var service = host.service();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("triggers", service.triggers().list().stream().map(Trigger::toMap).toList());
        out.put("runtime", service.status());
        ctx.json(out);
    }

    private void create(Context ctx) {
        JsonNode body = JsonBodies.object(ctx);
        JsonBodies.only(body, CREATE_FIELDS);
        JsonNode options = body.get("options");
        if (options != null && !options.isNull() && !options.isObject()) {
            throw new InvalidInputException(InputLocation.file("request body, field options"), "expected an object");
        }
        Trigger t = host.service().triggers().create(JsonBodies.text(body, "name", true), JsonBodies.text(body, "bucket", true),
                JsonBodies.text(body, "prefix", false), JsonBodies.text(body, "suffix", false), JsonBodies.text(body, "action", true),
                options == null || options.isNull() ? null : (ObjectNode) options);
        ctx.json(t.toMap());
    }

    private void describe(Context ctx) {
        ctx.json(host.service().triggers().get(ctx.pathParam("name")).toMap());
    }

    private void delete(Context ctx) {
        String name = ctx.pathParam("name");
        host.service().triggers().delete(name);
        ctx.json(Map.of("trigger", name, "deleted", true));
    }

    private void failures(Context ctx) {
        String trigger = ctx.queryParam("trigger");
        int limit = limit(ctx.queryParam("limit"));
        List<TriggerFailure> failures = host.service().triggers().failures(trigger == null || trigger.isEmpty() ? null : trigger, limit);
        ctx.json(Map.of("failures", failures.stream().map(TriggerFailure::toJson).toList()));
    }

    private static int limit(String value) {
        if (value == null || value.isEmpty()) return 100;
        if (!value.matches("[0-9]{1,4}") || Integer.parseInt(value) < 1 || Integer.parseInt(value) > MAX_LIST) {
            throw new InvalidInputException(InputLocation.file("limit"), "expected a whole number from 1 to " + MAX_LIST);
        }
        return Integer.parseInt(value);
    }

    private void functions(Context ctx) {
        List<Map<String, Object>> out = host.functions().all().stream().map(TriggerRoutes::describe).toList();
        ctx.json(Map.of("functions", out));
    }

    private static Map<String, Object> describe(Function f) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", f.name());
        m.put("description", f.description());
        m.put("object_events", f.takesObjectEvents());
        return m;
    }

    private void invoke(Context ctx) {
        String name = ctx.pathParam("name");
        JsonNode event = JsonBodies.object(ctx);
        var env = host.environment();
        Invocation invocation = Invocation.direct(env, "http", host.timeout());
        JsonNode result;
        try {
            result = host.functions().invoke(name, event, invocation);
        } catch (FunctionFailure f) {
            throw asHttp(f);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("function", name);
        out.put("result", result);
        ctx.json(out);
    }

    /** The failure as the server answers Inkwell's own exceptions (its cause, where it has one), else by its error name. */
    static RuntimeException asHttp(FunctionFailure f) {
        if (f.getCause() instanceof RuntimeException r && !(f.error().equals(FunctionFailure.INTERNAL))) return r;
        int status = switch (f.error()) {
            case FunctionFailure.INVALID_INPUT -> 400;
            case FunctionFailure.TOO_LARGE -> 413;
            case FunctionFailure.NOT_FOUND, FunctionFailure.NO_SUCH_FUNCTION -> 404;
            case FunctionFailure.CONFLICT -> 409;
            case FunctionFailure.UNPROCESSABLE -> 422;
            case FunctionFailure.UNAVAILABLE, FunctionFailure.TIMEOUT -> 503;
            default -> 500;
        };
        if (status == 500 && f.getCause() instanceof RuntimeException r) return r;
        return new HttpProblem(status, f.error() + ": " + f.getMessage());
    }
}
