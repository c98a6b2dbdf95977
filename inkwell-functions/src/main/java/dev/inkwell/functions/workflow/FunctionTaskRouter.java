package dev.inkwell.functions.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.inkwell.core.InputLocation;
import dev.inkwell.core.InvalidInputException;
import dev.inkwell.core.Json;
import dev.inkwell.core.NotFoundException;
import dev.inkwell.functions.Function;
import dev.inkwell.functions.FunctionEnvironment;
import dev.inkwell.functions.FunctionFailure;
import dev.inkwell.functions.Functions;
import dev.inkwell.functions.Invocation;
import dev.inkwell.functions.command.CommandFunction;
import dev.inkwell.functions.command.PythonShim;
import dev.inkwell.workflow.runtime.TaskRouter;
import dev.inkwell.workflow.runtime.WorkflowRecord;
import dev.inkwell.workflow.spi.TaskContext;
import dev.inkwell.workflow.spi.TaskFailedException;
import dev.inkwell.workflow.spi.TaskInvoker;
import dev.inkwell.workflow.task.LambdaInvoker;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * Routes a workflow's Task states to Inkwell functions: Lambda invocations ({@code arn:aws:states:::lambda:invoke} and
 * Lambda ARNs) through the workflow's {@link FunctionMapping}, falling back to the built-in function of the same name;
 * {@code arn:aws:states:::http:invoke} through {@link HttpTask}. Each call runs on a virtual thread of its own with the
 * task attempt's idempotency key, a deadline from the state's TimeoutSeconds (else 15 minutes, Lambda's most) and its
 * heartbeat. A function's failure fails the task with the function's error name and Lambda's error JSON as the cause.
 */
public final class FunctionTaskRouter implements TaskRouter {
    static final Duration DEFAULT_DEADLINE = Duration.ofMinutes(15);

    private final Functions functions;
    private final Supplier<FunctionEnvironment> environment;
    private final Map<String, String> awsEnvironment;
    private final HttpTask http = new HttpTask();

    /**
     * @param environment    what functions run with (buckets, store, endpoints), looked up on each call
     * @param awsEnvironment what points a command function's AWS SDK at Inkwell ({@code AWS_ENDPOINT_URL}, keys)
     */
    public FunctionTaskRouter(Functions functions, Supplier<FunctionEnvironment> environment, Map<String, String> awsEnvironment) {
        this.functions = functions;
        this.environment = environment;
        this.awsEnvironment = Map.copyOf(awsEnvironment);
    }

    @Override
    public void check(WorkflowRecord workflow) {
        FunctionMapping mapping = mapping(workflow.functions());
        mapping.entries().forEach((name, entry) -> {
            if (entry instanceof FunctionMapping.Builtin b) {
                InputLocation at = InputLocation.file("functions." + name);
                Function f;
                try {
                    f = functions.get(b.function());
                } catch (NotFoundException e) {
                    throw new InvalidInputException(at, e.getMessage());
                }
                try {
                    f.checkOptions(b.options().deepCopy());
                } catch (InvalidInputException e) {
                    throw new InvalidInputException(at, e.getMessage(), e);
                }
            }
        });
        checkNamedFunctions(workflow.definition(), mapping, "");
    }

    /** Every literal Lambda name in the definition must be mapped or built in: a typo shows when the workflow is saved. */
    private void checkNamedFunctions(JsonNode node, FunctionMapping mapping, String path) {
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                var e = it.next();
                JsonNode v = e.getValue();
                boolean lambda = e.getKey().equals("FunctionName") && v.isTextual()
                        || e.getKey().equals("Resource") && v.isTextual() && v.textValue().startsWith("arn:aws:lambda:");
                if (lambda) {
                    String name = LambdaInvoker.functionName(v.textValue());
                    if (!mapping.entries().containsKey(name) && !known(name)) {
                        throw new InvalidInputException(InputLocation.file(join(path, e.getKey())), "the function " + name
                                + " is neither in the workflow's function mapping nor built in (built in: " + builtInNames() + ")");
                    }
                } else {
                    checkNamedFunctions(v, mapping, join(path, e.getKey()));
                }
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) checkNamedFunctions(node.get(i), mapping, path + "[" + i + "]");
        }
    }

    private static String join(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    private boolean known(String name) {
        try {
            functions.get(name);
            return true;
        } catch (NotFoundException e) {
            return false;
        }
    }

    private String builtInNames() {
        return String.join(", ", functions.all().stream().map(Function::name).toList());
    }

    private static FunctionMapping mapping(JsonNode functions) {
        return FunctionMapping.parse(functions, Path.of("").toAbsolutePath(), PythonShim.path());
    }

    @Override
    public TaskInvoker tasks(WorkflowRecord workflow) {
        FunctionMapping mapping = mapping(workflow.functions());
        Map<String, LambdaInvoker.Function> byName = new HashMap<>();
        ObjectNode none = Json.mapper().createObjectNode();
        for (Function f : functions.all()) byName.put(f.name(), call(f, none));
        mapping.entries().forEach((name, entry) -> byName.put(name, switch (entry) {
            case FunctionMapping.Builtin b -> call(functions.get(b.function()), b.options());
            case FunctionMapping.Command c -> call(new CommandFunction(name, c.spec(), awsEnvironment), none);
        }));
        return new LambdaInvoker(byName, this::otherTask);
    }

    private CompletionStage<JsonNode> otherTask(String resource, JsonNode parameters, TaskContext context) {
        if (resource.equals(HttpTask.RESOURCE)) return http.invoke(parameters, context.timeoutSeconds());
        return CompletableFuture.failedFuture(new TaskFailedException("States.Runtime", "No task handler for the resource " + resource
                + " (Inkwell runs arn:aws:states:::lambda:invoke, Lambda ARNs, arn:aws:states:::http:invoke and arn:aws:states:::states:startExecution)"));
    }

    private LambdaInvoker.Function call(Function f, ObjectNode options) {
        return (event, context) -> {
            CompletableFuture<JsonNode> answer = new CompletableFuture<>();
            Thread.ofVirtual().name("inkwell-task-" + f.name()).start(() -> {
                try {
                    Instant deadline = context.scheduledAt().plus(context.timeoutSeconds() == null ? DEFAULT_DEADLINE
                            : Duration.ofSeconds(context.timeoutSeconds()));
                    Invocation invocation = new Invocation(context.idempotencyKey(), deadline, "workflow/" + context.stateName(),
                            environment.get(), context::heartbeat);
                    answer.complete(f.invoke(merged(event, options), invocation));
                } catch (FunctionFailure e) {
                    answer.completeExceptionally(failed(e));
                } catch (RuntimeException e) {
                    answer.completeExceptionally(failed(FunctionFailure.of(e)));
                } catch (Error e) {
                    answer.completeExceptionally(e);
                }
            });
            return answer;
        };
    }

    /** The event with the mapping's options added where the event has no such field. */
    static JsonNode merged(JsonNode event, ObjectNode options) {
        if (options.isEmpty() || !event.isObject()) return event;
        ObjectNode copy = ((ObjectNode) event).deepCopy();
        options.fields().forEachRemaining(o -> {
            if (!copy.has(o.getKey())) copy.set(o.getKey(), o.getValue());
        });
        return copy;
    }

    /** As Step Functions reports a Lambda error: its type as the error, Lambda's error JSON as the cause. */
    static TaskFailedException failed(FunctionFailure f) {
        ObjectNode cause = Json.mapper().createObjectNode();
        cause.put("errorMessage", f.getMessage());
        cause.put("errorType", f.error());
        cause.putArray("stackTrace");
        // a command function's handled error already carries Lambda's JSON: pass it through as it is
        String message = f.getMessage();
        if (message != null && message.startsWith("{") && message.contains("\"errorType\"")) return new TaskFailedException(f.error(), message);
        return new TaskFailedException(f.error(), cause.toString());
    }
}
