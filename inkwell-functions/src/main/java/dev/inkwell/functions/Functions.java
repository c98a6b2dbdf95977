package dev.inkwell.functions;

import com.fasterxml.jackson.databind.JsonNode;
import dev.inkwell.core.NotFoundException;
import dev.inkwell.core.Texts;
import dev.inkwell.functions.builtin.ClassifyFunction;
import dev.inkwell.functions.builtin.DeployFunction;
import dev.inkwell.functions.builtin.EvaluateFunction;
import dev.inkwell.functions.builtin.ExportFunction;
import dev.inkwell.functions.builtin.IngestFunction;
import dev.inkwell.functions.builtin.RegisterFunction;
import dev.inkwell.functions.builtin.SerializeImageDataFunction;
import dev.inkwell.functions.builtin.ThresholdFunction;
import dev.inkwell.functions.builtin.WorkflowFunction;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The functions of a process by name, the built-ins ({@code classify}, {@code ingest}, {@code export},
 * {@code register}) first. Triggers, the CLI, the HTTP API and the workflow engine all call them through here:
 * <pre>{@code
 * JsonNode answer = functions.invoke("classify", event, Invocation.direct(environment, "cli", Duration.ofMinutes(1)));
 * functions.invokeAsync(name, event, invocation)      // a workflow Task: completes with the answer or the FunctionFailure
 * }</pre>
 */
public final class Functions {
    private static final Logger LOG = LoggerFactory.getLogger(Functions.class);
    private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_-]{0,63}");
    private final Map<String, Function> byName = new LinkedHashMap<>();

    /** The built-in functions. */
    public static Functions builtIn() {
        Functions f = new Functions();
        f.register(new ClassifyFunction());
        f.register(new IngestFunction());
        f.register(new ExportFunction());
        f.register(new RegisterFunction());
        f.register(new SerializeImageDataFunction());
        f.register(new ThresholdFunction());
        f.register(new EvaluateFunction());
        f.register(new DeployFunction());
        f.register(new WorkflowFunction());
        // functions of heavier modules (train and finetune need PyTorch: the command line's module provides them); one
        // that refuses to start, as those do in the serve image, which has no PyTorch, is left out
        Iterator<Function> extras = ServiceLoader.load(Function.class).iterator();
        while (true) {
            try {
                if (!extras.hasNext()) break;
                f.register(extras.next());
            } catch (ServiceConfigurationError e) {
                LOG.debug("function left out: {}", e.getMessage());
            }
        }
        return f;
    }

    /** Adds a function; its name must be new. */
    public synchronized Functions register(Function function) {
        if (!NAME.matcher(function.name()).matches()) throw new IllegalArgumentException("bad function name " + function.name());
        if (byName.putIfAbsent(function.name(), function) != null) throw new IllegalArgumentException("function " + function.name() + " exists");
        return this;
    }

    /** The function called {@code name}, or a {@link NotFoundException} listing the known ones. */
    public synchronized Function get(String name) {
        Function f = byName.get(name);
        if (f == null) {
            throw new NotFoundException("no function named '" + Texts.abbreviate(String.valueOf(name), 64) + "' (functions: "
                    + String.join(", ", byName.keySet()) + ")");
        }
        return f;
    }

    public synchronized Collection<Function> all() {
        return List.copyOf(byName.values());
    }

    /** Runs {@code name} on this thread; an unknown name is {@code Lambda.ResourceNotFoundException}. */
    public JsonNode invoke(String name, JsonNode event, Invocation invocation) throws FunctionFailure {
        Function f;
        try {
            f = get(name);
        } catch (NotFoundException e) {
            throw new FunctionFailure(FunctionFailure.NO_SUCH_FUNCTION, e.getMessage(), false);
        }
        try {
            return f.invoke(event, invocation);
        } catch (FunctionFailure e) {
            throw e;
        } catch (RuntimeException e) {
            throw FunctionFailure.of(e);
        }
    }

    /**
     * Runs {@code name} on a virtual thread of its own: what an asynchronous caller (a workflow Task) needs. The
     * future fails with the {@link FunctionFailure}.
     */
    public CompletableFuture<JsonNode> invokeAsync(String name, JsonNode event, Invocation invocation) {
        CompletableFuture<JsonNode> answer = new CompletableFuture<>();
        Thread.ofVirtual().name("inkwell-function-" + name).start(() -> {
            try {
                answer.complete(invoke(name, event, invocation));
            } catch (FunctionFailure | RuntimeException | Error e) {
                answer.completeExceptionally(e);
            }
        });
        return answer;
    }
}
