package dev.inkwell.workflow.task;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.inkwell.workflow.json.JsonTrees;
import dev.inkwell.workflow.spi.TaskContext;
import dev.inkwell.workflow.spi.TaskFailedException;
import dev.inkwell.workflow.spi.TaskInvoker;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * Lambda-style tasks over a map of named functions, with the JSON shapes Step Functions uses:
 * <ul>
 *   <li>{@code arn:aws:states:::lambda:invoke}: the function named by {@code FunctionName} (a name, a partial or a
 *       full Lambda ARN, any {@code :version} qualifier ignored) gets {@code Payload}; the answer is wrapped like
 *       Lambda's Invoke response ({@code ExecutedVersion}, {@code Payload}, {@code SdkHttpMetadata},
 *       {@code SdkResponseMetadata}, {@code StatusCode}), so {@code "OutputPath": "$.Payload"} works;</li>
 *   <li>a Lambda function ARN as the Resource: the function gets the effective input and its answer is the result;</li>
 *   <li>anything else goes to the {@code fallback} invoker.</li>
 * </ul>
 * A function that throws {@link TaskFailedException} fails the task with that error; any other exception fails it
 * with Lambda's {@code Lambda.Unknown}-style naming: the exception's simple class name as the error and a Lambda error
 * JSON as the cause.
 */
public final class LambdaInvoker implements TaskInvoker {
    public static final String LAMBDA_INVOKE = "arn:aws:states:::lambda:invoke";

    /** A function: gets the event, answers asynchronously. */
    @FunctionalInterface
    public interface Function {
        CompletionStage<JsonNode> apply(JsonNode event, TaskContext context);
    }

    private final Map<String, Function> functions;
    private final TaskInvoker fallback;

    /** {@code functions} by function name (the last part of a Lambda ARN, without qualifier). */
    public LambdaInvoker(Map<String, Function> functions, TaskInvoker fallback) {
        this.functions = Map.copyOf(functions);
        this.fallback = Objects.requireNonNull(fallback);
    }

    public LambdaInvoker(Map<String, Function> functions) {
        this(functions, (resource, parameters, context) -> CompletableFuture.failedFuture(
                new TaskFailedException("States.TaskFailed", "No task handler for the resource " + resource)));
    }

    @Override
    public CompletionStage<JsonNode> invoke(String resource, JsonNode parameters, TaskContext context) {
        if (resource.equals(LAMBDA_INVOKE) || resource.startsWith(LAMBDA_INVOKE + ".")) {
            JsonNode functionName = parameters.get("FunctionName");
            if (functionName == null || !functionName.isTextual()) {
                return CompletableFuture.failedFuture(new TaskFailedException("States.Runtime",
                        "The field 'FunctionName' is required by " + LAMBDA_INVOKE));
            }
            JsonNode payload = parameters.has("Payload") ? parameters.get("Payload") : JsonTrees.object();
            return call(functionName.textValue(), payload, context).thenApply(LambdaInvoker::invokeResponse);
        }
        if (resource.startsWith("arn:aws:lambda:")) return call(resource, parameters, context);
        return fallback.invoke(resource, parameters, context);
    }

    private CompletionStage<JsonNode> call(String nameOrArn, JsonNode event, TaskContext context) {
        String name = functionName(nameOrArn);
        Function function = functions.get(name);
        if (function == null) {
            return CompletableFuture.failedFuture(new TaskFailedException("Lambda.ResourceNotFoundException",
                    "Function not found: " + nameOrArn));
        }
        CompletionStage<JsonNode> answer;
        try {
            answer = function.apply(event, context);
        } catch (RuntimeException e) {
            answer = CompletableFuture.failedFuture(e);
        }
        return answer.handle((value, failure) -> {
            if (failure == null) return value;
            Throwable f = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
            if (f instanceof TaskFailedException t) throw t;
            ObjectNode cause = JsonTrees.object();
            cause.put("errorMessage", String.valueOf(f.getMessage()));
            cause.put("errorType", f.getClass().getSimpleName());
            cause.putArray("stackTrace");
            throw new TaskFailedException(f.getClass().getSimpleName(), JsonTrees.write(cause));
        });
    }

    /** {@code arn:aws:lambda:region:account:function:name[:qualifier]}, {@code name:qualifier} or {@code name}. */
    public static String functionName(String nameOrArn) {
        String[] parts = nameOrArn.split(":");
        if (parts.length >= 7 && parts[0].equals("arn")) return parts[6];
        if (parts.length == 3 && parts[1].equals("function")) return parts[2];
        return parts[0];
    }

    private static JsonNode invokeResponse(JsonNode payload) {
        ObjectNode out = JsonTrees.object();
        out.put("ExecutedVersion", "$LATEST");
        out.set("Payload", payload == null ? JsonTrees.NODES.nullNode() : payload);
        ObjectNode http = out.putObject("SdkHttpMetadata");
        String requestId = UUID.randomUUID().toString();
        ObjectNode headers = http.putObject("AllHttpHeaders");
        headers.putArray("X-Amz-Executed-Version").add("$LATEST");
        headers.putArray("x-amzn-RequestId").add(requestId);
        headers.putArray("Content-Type").add("application/json");
        ObjectNode single = http.putObject("HttpHeaders");
        single.put("X-Amz-Executed-Version", "$LATEST");
        single.put("x-amzn-RequestId", requestId);
        single.put("Content-Type", "application/json");
        http.put("HttpStatusCode", 200);
        out.putObject("SdkResponseMetadata").put("RequestId", requestId);
        out.put("StatusCode", 200);
        return out;
    }
}
