package dev.inkwell.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import dev.inkwell.core.InputLocation;
import dev.inkwell.core.InvalidInputException;
import dev.inkwell.workflow.engine.EngineServices;
import dev.inkwell.workflow.engine.Interpreter;
import dev.inkwell.workflow.json.JsonTrees;
import dev.inkwell.workflow.spi.ExecutionJournal;
import dev.inkwell.workflow.spi.ExecutorScheduler;
import dev.inkwell.workflow.spi.ItemSource;
import dev.inkwell.workflow.spi.ResultSink;
import dev.inkwell.workflow.spi.TaskInvoker;
import dev.inkwell.workflow.spi.WorkflowScheduler;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.regex.Pattern;

/**
 * Runs Amazon States Language executions. One engine serves any number of state machines and executions; what
 * executions need from outside comes through the SPIs given to {@link #builder()}: the {@link TaskInvoker} for Task
 * states, the {@link ExecutionJournal} that makes progress durable, the {@link WorkflowScheduler} for time, and the
 * {@link ItemSource}/{@link ResultSink} of distributed Maps.
 *
 * <pre>{@code
 * WorkflowEngine engine = WorkflowEngine.builder().tasks(invoker).journal(journal).build();
 * StateMachine machine = StateMachine.parse("Classify", definitionJson);   // validated once
 * Execution execution = engine.start(machine, "run-1", inputJson);
 * ExecutionDescription done = execution.completion().join();
 * // after a crash, in any process: engine.resume(machine, lastSnapshot, storedHistory)
 * }</pre>
 */
public final class WorkflowEngine {
    private static final Pattern EXECUTION_NAME = Pattern.compile("[A-Za-z0-9_\\-]{1,80}");

    private final EngineServices services;

    private WorkflowEngine(EngineServices services) {
        this.services = services;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Starts an execution; {@code name} null picks a UUID. The input must be JSON text (any JSON value). */
    public Execution start(StateMachine machine, String name, String inputJson) {
        return start(machine, name, parseInput(inputJson));
    }

    public Execution start(StateMachine machine, String name, JsonNode input) {
        Objects.requireNonNull(machine, "machine");
        String executionName = name == null ? UUID.randomUUID().toString() : name;
        if (!EXECUTION_NAME.matcher(executionName).matches()) {
            throw new InvalidInputException(InputLocation.file("execution name"), "'" + executionName
                    + "' must be 1 to 80 characters of letters, digits, '-' and '_'");
        }
        return new Execution(Interpreter.start(services, machine, executionName, input == null ? JsonTrees.object() : input));
    }

    /**
     * Carries on an execution from a snapshot its journal recorded, in this or another process. Tasks that were in
     * flight are invoked again (same idempotency key); waits and back-offs sleep only for what remains.
     *
     * @param priorHistory the history recorded up to the snapshot (may be empty); new events continue its ids
     */
    public Execution resume(StateMachine machine, JsonNode snapshot, List<HistoryEvent> priorHistory) {
        return new Execution(Interpreter.resume(services, machine, snapshot, priorHistory));
    }

    /** Runs one execution to its end and reports it, for {@code inkwell workflows run}. Blocks the calling thread. */
    public RunResult run(StateMachine machine, String inputJson) {
        Execution execution = start(machine, null, inputJson);
        ExecutionDescription d = execution.completion().join();
        List<HistoryEvent> history = execution.history();
        return new RunResult(d.status(), d.output(), d.error(), d.cause(), history.stream().map(HistoryEvent::type).toList(), d,
                history);
    }

    private static JsonNode parseInput(String inputJson) {
        if (inputJson == null || inputJson.isBlank()) return JsonTrees.object();
        try {
            return JsonTrees.parse(inputJson);
        } catch (Exception e) {
            throw new InvalidInputException(InputLocation.file("execution input"), "not valid JSON: "
                    + e.getMessage().lines().findFirst().orElse(""), e);
        }
    }

    public static final class Builder {
        private TaskInvoker tasks = (resource, parameters, context) -> {
            throw new UnsupportedOperationException("no task invoker is configured for " + resource);
        };
        private ExecutionJournal journal = ExecutionJournal.NONE;
        private WorkflowScheduler scheduler;
        private Executor executor = ForkJoinPool.commonPool();
        private ItemSource itemSource = ItemSource.NONE;
        private ResultSink resultSink = ResultSink.NONE;
        private String roleArn = "arn:aws:iam::" + StateMachine.DEFAULT_ACCOUNT + ":role/inkwell-workflows";
        private String region = StateMachine.DEFAULT_REGION;

        /** How Task states run. */
        public Builder tasks(TaskInvoker tasks) {
            this.tasks = Objects.requireNonNull(tasks);
            return this;
        }

        /** Where progress is recorded (default: nowhere). */
        public Builder journal(ExecutionJournal journal) {
            this.journal = Objects.requireNonNull(journal);
            return this;
        }

        /** Clock and timers (default: {@link ExecutorScheduler#createDefault()}). */
        public Builder scheduler(WorkflowScheduler scheduler) {
            this.scheduler = Objects.requireNonNull(scheduler);
            return this;
        }

        /** Where the engine's own (short, non-blocking) work runs (default: the common fork-join pool). */
        public Builder executor(Executor executor) {
            this.executor = Objects.requireNonNull(executor);
            return this;
        }

        public Builder itemSource(ItemSource itemSource) {
            this.itemSource = Objects.requireNonNull(itemSource);
            return this;
        }

        public Builder resultSink(ResultSink resultSink) {
            this.resultSink = Objects.requireNonNull(resultSink);
            return this;
        }

        /** The role ARN shown in ExecutionStarted and {@code $$.Execution.RoleArn}. */
        public Builder roleArn(String roleArn) {
            this.roleArn = Objects.requireNonNull(roleArn);
            return this;
        }

        public Builder region(String region) {
            this.region = Objects.requireNonNull(region);
            return this;
        }

        public WorkflowEngine build() {
            WorkflowScheduler s = scheduler != null ? scheduler : ExecutorScheduler.createDefault();
            return new WorkflowEngine(new EngineServices(tasks, journal, s, executor, itemSource, resultSink, roleArn, region));
        }
    }
}
