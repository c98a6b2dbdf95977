package dev.inkwell.workflow.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.jayway.jsonpath.PathNotFoundException;
import dev.inkwell.workflow.ExecutionDescription;
import dev.inkwell.workflow.ExecutionStatus;
import dev.inkwell.workflow.HistoryEvent;
import dev.inkwell.workflow.StateMachine;
import dev.inkwell.workflow.asl.EvalContext;
import dev.inkwell.workflow.asl.PathValue;
import dev.inkwell.workflow.asl.State;
import dev.inkwell.workflow.asl.State.Catcher;
import dev.inkwell.workflow.asl.State.ChoiceRule;
import dev.inkwell.workflow.asl.State.Common;
import dev.inkwell.workflow.asl.State.Graph;
import dev.inkwell.workflow.asl.State.Limit;
import dev.inkwell.workflow.asl.State.ResultPathSpec;
import dev.inkwell.workflow.asl.State.Retrier;
import dev.inkwell.workflow.asl.StatesError;
import dev.inkwell.workflow.asl.Template;
import dev.inkwell.workflow.engine.Run.Phase;
import dev.inkwell.workflow.json.JsonTrees;
import dev.inkwell.workflow.spi.ExecutionJournal;
import dev.inkwell.workflow.spi.TaskContext;
import dev.inkwell.workflow.spi.TaskFailedException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one execution. All of its work happens in messages processed one at a time (a mailbox drained on the engine's
 * executor), so the run tree needs no locks, while task invocations, timers, and other executions proceed
 * concurrently. After every message that moved the execution, the new history events and a snapshot go to the
 * journal.
 */
public final class Interpreter {
    private static final Logger log = LoggerFactory.getLogger(Interpreter.class);
    private static final int BATCH = 32;

    private final EngineServices services;
    private final StateMachine machine;
    private final String name;
    private final String arn;
    private final JsonNode input;
    private final Instant startDate;
    private final ObjectNode executionContext;
    private final ObjectNode machineContext;

    private Run root;
    private long lastEventId;
    private volatile ExecutionStatus status = ExecutionStatus.RUNNING;
    /** Something changed that the last journal entry does not show. */
    private boolean snapshotDirty;
    private Instant stopDate;
    private JsonNode output;
    private String error;
    private String cause;

    private final List<HistoryEvent> history = Collections.synchronizedList(new ArrayList<>());
    private final List<HistoryEvent> unjournaled = new ArrayList<>();
    private final ConcurrentLinkedQueue<Runnable> mailbox = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean draining = new AtomicBoolean();
    private final CompletableFuture<ExecutionDescription> completion = new CompletableFuture<>();
    private volatile ExecutionDescription description;
    /** Let go (another process owns the execution now): nothing more runs or is journaled here. */
    private volatile boolean detached;

    private Interpreter(EngineServices services, StateMachine machine, String name, JsonNode input, Instant startDate) {
        this.services = services;
        this.machine = machine;
        this.name = name;
        this.arn = machine.executionArn(name);
        this.input = input;
        this.startDate = startDate;
        this.executionContext = JsonTrees.object();
        executionContext.put("Id", arn);
        executionContext.set("Input", input);
        executionContext.put("StartTime", startDate.toString());
        executionContext.put("Name", name);
        executionContext.put("RoleArn", services.roleArn());
        executionContext.put("RedriveCount", 0);
        this.machineContext = JsonTrees.object();
        machineContext.put("Id", machine.arn());
        machineContext.put("Name", machine.name());
    }

    /** Starts a new execution: ExecutionStarted, then the first state. */
    public static Interpreter start(EngineServices services, StateMachine machine, String name, JsonNode input) {
        Interpreter x = new Interpreter(services, machine, name, input, services.scheduler().now());
        x.post(() -> {
            ObjectNode details = JsonTrees.object();
            details.put("input", JsonTrees.write(input));
            details.putObject("inputDetails").put("truncated", false);
            details.put("roleArn", services.roleArn());
            x.root = new Run(null, machine.graph(), -1, "");
            x.root.state = machine.graph().startAt();
            x.root.input = input;
            x.emit(x.root, "ExecutionStarted", details);
            x.post(() -> x.step(x.root));
        });
        x.armExecutionTimeout();
        return x;
    }

    /** The definition's top-level TimeoutSeconds, counted from the start (so a resumed execution keeps its deadline). */
    private void armExecutionTimeout() {
        JsonNode timeout = machine.definition().path("TimeoutSeconds");
        if (!timeout.canConvertToLong() || timeout.longValue() <= 0) return;
        services.scheduler().schedule(startDate.plusSeconds(timeout.longValue()), () -> post(() -> {
            if (status != ExecutionStatus.RUNNING) return;
            snapshotDirty = true;
            if (root != null) root.abort();
            error = StatesError.TIMEOUT;
            cause = "The execution ran longer than the state machine's TimeoutSeconds (" + timeout.longValue() + ")";
            ObjectNode d = JsonTrees.object();
            d.put("error", error);
            d.put("cause", cause);
            emit(null, "ExecutionTimedOut", d);
            status = ExecutionStatus.FAILED;
            stopDate = services.scheduler().now();
        }));
    }

    /**
     * Carries on an execution from a journal snapshot: tasks that were in flight are invoked again, timers are set for
     * what remains of their wait. {@code priorHistory} (may be empty) is the history recorded before the snapshot.
     */
    public static Interpreter resume(EngineServices services, StateMachine machine, JsonNode snapshot, List<HistoryEvent> priorHistory) {
        if (!machine.arn().equals(snapshot.path("stateMachineArn").asText())) {
            throw new IllegalArgumentException("the snapshot belongs to " + snapshot.path("stateMachineArn").asText()
                    + ", not to " + machine.arn());
        }
        Interpreter x = new Interpreter(services, machine, snapshot.get("name").textValue(), snapshot.get("input"),
                Instant.parse(snapshot.get("startDate").textValue()));
        x.history.addAll(priorHistory);
        x.lastEventId = snapshot.get("lastEventId").longValue();
        x.status = ExecutionStatus.valueOf(snapshot.get("status").textValue());
        if (x.status != ExecutionStatus.RUNNING) {
            x.stopDate = Instant.parse(snapshot.get("stopDate").textValue());
            x.output = snapshot.get("output");
            x.error = snapshot.hasNonNull("error") ? snapshot.get("error").textValue() : null;
            x.cause = snapshot.hasNonNull("cause") ? snapshot.get("cause").textValue() : null;
            x.completion.complete(x.describe());
            return x;
        }
        x.root = restore(snapshot.get("root"), null, machine.graph());
        x.post(() -> x.reactivate(x.root));
        x.armExecutionTimeout();
        return x;
    }

    private static Run restore(JsonNode json, Run parent, Graph graph) {
        Run run = Run.fromJson(json, parent, graph);
        if (run.phase == Phase.CHILDREN) {
            State s = run.current();
            for (JsonNode child : json.get("children")) {
                Graph childGraph = s instanceof State.Parallel p ? p.branches().get(child.get("index").intValue())
                        : ((State.MapState) s).processor();
                run.children.add(restore(child, run, childGraph));
            }
        }
        return run;
    }

    private void reactivate(Run run) {
        switch (run.phase) {
            case READY -> step(run);
            case TASK -> guarded(run, () -> invokeTask(run, false));
            case WAITING -> sleep(run, () -> finishWait(run));
            case RETRY_WAIT -> sleep(run, () -> retryNow(run));
            case CHILDREN -> {
                for (Run child : new ArrayList<>(run.children)) reactivate(child);
                if (run.current() instanceof State.MapState) launchIterations(run);
                if (run.finishedChildren == run.results.length) guarded(run, () -> containerSucceeded(run));
            }
            case DONE -> { }
        }
    }

    // ---------------------------------------------------------------- public view

    public String arn() {
        return arn;
    }

    public CompletableFuture<ExecutionDescription> completion() {
        return completion;
    }

    public List<HistoryEvent> history() {
        synchronized (history) {
            return List.copyOf(history);
        }
    }

    public ExecutionDescription describe() {
        ExecutionDescription d = description;
        if (d != null) return d;
        return new ExecutionDescription(arn, machine.arn(), name, status, startDate, stopDate, input, output, error, cause, 0);
    }

    /**
     * Stops the execution as StopExecution does: what runs is abandoned (a task in flight finishes unheeded), an
     * ExecutionAborted event with the given error and cause is recorded, and the status becomes ABORTED. Does nothing
     * once the execution has ended.
     */
    public void stop(String errorName, String causeText) {
        post(() -> {
            if (status != ExecutionStatus.RUNNING || detached) return;
            snapshotDirty = true;
            if (root != null) root.abort();
            error = errorName;
            cause = causeText;
            ObjectNode d = JsonTrees.object();
            if (errorName != null) d.put("error", errorName);
            if (causeText != null) d.put("cause", causeText);
            emit(null, "ExecutionAborted", d);
            status = ExecutionStatus.ABORTED;
            stopDate = services.scheduler().now();
        });
    }

    /**
     * Lets the execution go without recording anything: timers are cancelled, tasks in flight finish unheeded, the
     * journal hears nothing more and {@link #completion()} never completes. For a process that learns another one
     * has taken the execution over.
     */
    public void detach() {
        detached = true;
        post(() -> {
            unjournaled.clear();
            snapshotDirty = false;
            if (root != null) root.abort();
        });
    }

    public boolean detached() {
        return detached;
    }

    // ---------------------------------------------------------------- mailbox

    private void post(Runnable message) {
        mailbox.add(message);
        if (draining.compareAndSet(false, true)) services.executor().execute(this::drain);
    }

    private void drain() {
        int processed = 0;
        try {
            Runnable message;
            while (processed < BATCH && (message = mailbox.poll()) != null) {
                processed++;
                try {
                    message.run();
                } catch (RuntimeException bug) {
                    log.error("execution {}: internal error, failing the execution", arn, bug);
                    if (status == ExecutionStatus.RUNNING) {
                        finishExecution(null, StatesError.RUNTIME, "Internal engine error: " + bug);
                    }
                }
                checkpoint();
            }
        } finally {
            draining.set(false);
            if (!mailbox.isEmpty() && draining.compareAndSet(false, true)) services.executor().execute(this::drain);
        }
    }

    /** Hands the journal the events since the last call and a snapshot of now. */
    private void checkpoint() {
        if (detached) {
            unjournaled.clear();
            return;
        }
        if (unjournaled.isEmpty() && !snapshotDirty) return;
        List<HistoryEvent> events = List.copyOf(unjournaled);
        unjournaled.clear();
        snapshotDirty = false;
        boolean finished = status != ExecutionStatus.RUNNING;
        try {
            services.journal().record(new ExecutionJournal.Entry(arn, events, snapshot(), finished));
        } catch (RuntimeException e) {
            log.warn("execution {}: the journal failed to record {} events: {}", arn, events.size(), e.toString());
        }
        if (finished && !completion.isDone()) {
            description = describe();
            completion.complete(description);
        }
    }

    /** Where the execution stands, as plain JSON: what {@link #resume} needs. */
    public ObjectNode snapshot() {
        ObjectNode s = JsonTrees.object();
        s.put("version", 1);
        s.put("executionArn", arn);
        s.put("name", name);
        s.put("stateMachineArn", machine.arn());
        s.set("input", input);
        s.put("startDate", startDate.toString());
        s.put("status", status.name());
        s.put("lastEventId", lastEventId);
        if (stopDate != null) s.put("stopDate", stopDate.toString());
        if (output != null) s.set("output", output);
        if (error != null) s.put("error", error);
        if (cause != null) s.put("cause", cause);
        if (root != null && status == ExecutionStatus.RUNNING) s.set("root", root.toJson());
        return s;
    }

    // ---------------------------------------------------------------- events

    private long emit(Run run, String type, ObjectNode details) {
        long id = ++lastEventId;
        long previous = run == null ? id - 1 : run.lastEventId;
        HistoryEvent event = new HistoryEvent(id, previous, services.scheduler().now(), type, details);
        history.add(event);
        unjournaled.add(event);
        if (run != null) run.lastEventId = id;
        return id;
    }

    private static ObjectNode stateDetails(String name, String key, JsonNode value) {
        ObjectNode d = JsonTrees.object();
        d.put("name", name);
        d.put(key, JsonTrees.write(value));
        d.putObject(key + "Details").put("truncated", false);
        return d;
    }

    // ---------------------------------------------------------------- states

    private boolean live(Run run) {
        return status == ExecutionStatus.RUNNING && !run.aborted && !detached;
    }

    private void guarded(Run run, Runnable body) {
        if (!live(run)) return;
        try {
            body.run();
        } catch (StatesError e) {
            stateFailed(run, run.current(), e);
        }
    }

    private void step(Run run) {
        if (!live(run) || run.phase != Phase.READY) return;
        snapshotDirty = true;
        State s = run.current();
        if (!run.entered) {
            run.enteredTime = services.scheduler().now();
            run.entered = true;
            run.retryCounts = new int[s.common().retry().size()];
            run.attempt = 0;
            run.enteredEventId = emit(run, s.type() + "StateEntered", stateDetails(s.name(), "input", run.input));
        }
        guarded(run, () -> runState(run, s));
    }

    private void runState(Run run, State s) {
        Common c = s.common();
        switch (s) {
            case State.Pass pass -> {
                if (c.jsonata()) {
                    finishState(run, s, run.input);
                } else {
                    JsonNode effective = effectiveInput(run, c);
                    finishState(run, s, pass.result() != null ? pass.result() : effective);
                }
            }
            case State.Choice choice -> choose(run, choice);
            case State.Succeed succeed -> finishState(run, s, c.jsonata() ? run.input : inputPath(run, c));
            case State.Fail fail -> failState(run, fail);
            case State.Wait wait -> startWait(run, wait);
            case State.Task task -> {
                run.effectiveInput = effectiveInput(run, c);
                invokeTask(run, true);
            }
            case State.Parallel parallel -> {
                run.effectiveInput = effectiveInput(run, c);
                startParallel(run, parallel);
            }
            case State.MapState map -> {
                run.effectiveInput = c.jsonata() ? run.input : inputPath(run, c);
                startMap(run, map);
            }
        }
    }

    /** InputPath then Parameters (JSONPath), or Arguments (JSONata). */
    private JsonNode effectiveInput(Run run, Common c) {
        if (c.jsonata()) {
            return c.arguments() == null ? run.input : c.arguments().evaluate(scope(run, run.input));
        }
        JsonNode effective = inputPath(run, c);
        if (c.parameters() != null) effective = c.parameters().evaluate(scope(run, effective));
        return effective;
    }

    private JsonNode inputPath(Run run, Common c) {
        if (c.inputPathNull()) return JsonTrees.object();
        if (c.inputPath() == null) return run.input;
        try {
            return c.inputPath().evaluate(scope(run, run.input));
        } catch (PathNotFoundException e) {
            throw StatesError.runtime("Invalid path '" + c.inputPath().text() + "' : " + e.getMessage());
        }
    }

    /**
     * The state produced {@code result}: ResultSelector, Assign, ResultPath and OutputPath (JSONPath) or Assign and
     * Output (JSONata), then StateExited and the transition.
     */
    private void finishState(Run run, State s, JsonNode result) {
        Common c = s.common();
        boolean hasResult = s instanceof State.Task || s instanceof State.Parallel || s instanceof State.MapState;
        JsonNode out;
        ObjectNode assigned = null;
        if (c.jsonata()) {
            Scope scope = scope(run, run.input);
            if (hasResult) scope.result = result;
            if (c.assign() != null) assigned = (ObjectNode) c.assign().evaluate(scope);
            out = c.output() != null ? c.output().evaluate(scope) : hasResult ? result : run.input;
        } else {
            JsonNode r = result;
            if (hasResult && c.resultSelector() != null) r = c.resultSelector().evaluate(scope(run, r));
            if (c.assign() != null) assigned = (ObjectNode) c.assign().evaluate(scope(run, r));
            out = s instanceof State.Pass || hasResult ? applyResultPath(run.input, r, c.resultPath()) : r;
            out = outputPath(run, c, out);
        }
        exitState(run, s, out, assigned, c.next());
    }

    private JsonNode outputPath(Run run, Common c, JsonNode out) {
        if (c.outputPathNull()) return JsonTrees.object();
        if (c.outputPath() == null) return out;
        try {
            return c.outputPath().evaluate(scope(run, out));
        } catch (PathNotFoundException e) {
            throw StatesError.runtime("Invalid path '" + c.outputPath().text() + "' : " + e.getMessage());
        }
    }

    /** Writes {@code result} into a copy of {@code input} at the ResultPath, creating objects on the way. */
    static JsonNode applyResultPath(JsonNode input, JsonNode result, ResultPathSpec path) {
        if (path.discard()) return input;
        if (path.steps().isEmpty()) return result;
        return writeAt(input, path.steps(), 0, result);
    }

    private static JsonNode writeAt(JsonNode node, List<Object> steps, int i, JsonNode value) {
        if (i == steps.size()) return value;
        Object step = steps.get(i);
        if (step instanceof Integer index && node instanceof ArrayNode array && index < array.size()) {
            ArrayNode copy = array.deepCopy();
            copy.set(index, writeAt(array.get(index), steps, i + 1, value));
            return copy;
        }
        ObjectNode copy = JsonTrees.object();
        if (node instanceof ObjectNode object) copy.setAll(object);
        String key = step.toString();
        JsonNode existing = copy.get(key);
        copy.set(key, writeAt(existing == null ? JsonTrees.object() : existing, steps, i + 1, value));
        return copy;
    }

    private void exitState(Run run, State s, JsonNode out, ObjectNode assigned, String next) {
        emit(run, s.type() + "StateExited", stateDetails(s.name(), "output", out));
        if (assigned != null) run.variables.setAll(assigned);
        snapshotDirty = true;
        if (next == null) {
            completeRun(run, out);
        } else {
            run.state = next;
            run.input = out;
            run.entered = false;
            run.phase = Phase.READY;
            run.effectiveInput = null;
            post(() -> step(run));
        }
    }

    private void choose(Run run, State.Choice choice) {
        Common c = choice.common();
        JsonNode effective = c.jsonata() ? run.input : inputPath(run, c);
        Scope scope = scope(run, effective);
        ChoiceRule chosen = null;
        for (ChoiceRule rule : choice.choices()) {
            if (rule.condition().test(scope)) {
                chosen = rule;
                break;
            }
        }
        String next = chosen != null ? chosen.next() : choice.defaultNext();
        if (next == null) {
            throw StatesError.inStateError(StatesError.NO_CHOICE_MATCHED,
                    "No Choice Rule matched, and no Default is set, for the input '" + JsonTrees.write(effective) + "'");
        }
        Template assign = chosen != null ? chosen.assign() : c.assign();
        ObjectNode assigned = assign == null ? null : (ObjectNode) assign.evaluate(scope);
        JsonNode out;
        if (c.jsonata()) {
            Template output = chosen != null && chosen.output() != null ? chosen.output() : c.output();
            out = output != null ? output.evaluate(scope) : run.input;
        } else {
            out = outputPath(run, c, effective);
        }
        exitState(run, choice, out, assigned, next);
    }

    private void failState(Run run, State.Fail fail) {
        Common c = fail.common();
        Scope scope = scope(run, run.input);
        String errorName = failField(run, fail.error(), fail.errorPath(), "ErrorPath", scope);
        String causeText = failField(run, fail.cause(), fail.causePath(), "CausePath", scope);
        failRun(run, errorName, causeText);
    }

    private String failField(Run run, Template literal, PathValue path, String field, Scope scope) {
        JsonNode value;
        if (literal != null) {
            value = literal.evaluate(scope);
        } else if (path != null) {
            try {
                value = path.evaluate(scope);
            } catch (PathNotFoundException e) {
                throw StatesError.runtime("The JSONPath '" + path.text() + "' specified for the field '" + field
                        + "' could not be found in the input '" + JsonTrees.write(run.input) + "'");
            }
        } else {
            return null;
        }
        if (value.isTextual()) return value.textValue();
        if (literal != null) {
            throw StatesError.queryEvaluation("The " + field.replace("Path", "") + " field of a Fail state must be a string, but was "
                    + JsonTrees.typeName(value) + ": " + JsonTrees.write(value));
        }
        return JsonTrees.write(value);
    }

    // ---------------------------------------------------------------- Wait

    private void startWait(Run run, State.Wait wait) {
        Common c = wait.common();
        JsonNode effective = c.jsonata() ? run.input : inputPath(run, c);
        Scope scope = scope(run, effective);
        Instant now = services.scheduler().now();
        Instant until;
        if (wait.seconds() != null) {
            until = now.plusSeconds(wait.seconds());
        } else if (wait.timestamp() != null) {
            until = OffsetDateTime.parse(wait.timestamp(), DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
        } else if (wait.secondsTemplate() != null) {
            JsonNode v = wait.secondsTemplate().evaluate(scope);
            if (!v.isIntegralNumber() || v.longValue() < 0) {
                throw StatesError.queryEvaluation("The Seconds field must be a non-negative integer, but was: " + JsonTrees.write(v));
            }
            until = now.plusSeconds(v.longValue());
        } else if (wait.timestampTemplate() != null) {
            JsonNode v = wait.timestampTemplate().evaluate(scope);
            Instant parsed = v.isTextual() ? timestamp(v.textValue()) : null;
            if (parsed == null) {
                throw StatesError.queryEvaluation("The Timestamp field cannot be parsed as an ISO-8601 extended offset date-time format string: "
                        + (v.isTextual() ? v.textValue() : JsonTrees.write(v)));
            }
            until = parsed;
        } else if (wait.secondsPath() != null) {
            JsonNode v = readParameter(wait.secondsPath(), scope, "SecondsPath");
            String shown = wait.secondsPath().text() + " == " + (v.isTextual() ? v.textValue() : JsonTrees.write(v));
            if (!v.isNumber() || (!v.isIntegralNumber() && v.doubleValue() != Math.rint(v.doubleValue()))) {
                throw StatesError.runtime("The SecondsPath parameter cannot be parsed as a long value: " + shown);
            }
            if (v.longValue() < 0) throw StatesError.runtime("The SecondsPath parameter references a negative value: " + shown);
            until = now.plusSeconds(v.longValue());
        } else {
            JsonNode v = readParameter(wait.timestampPath(), scope, "TimestampPath");
            Instant parsed = v.isTextual() ? timestamp(v.textValue()) : null;
            if (parsed == null) {
                throw StatesError.runtime("The TimestampPath parameter does not reference a valid ISO-8601 extended offset date-time format string: "
                        + wait.timestampPath().text() + " == " + (v.isTextual() ? v.textValue() : JsonTrees.write(v)));
            }
            until = parsed;
        }
        run.phase = Phase.WAITING;
        run.wakeAt = until;
        run.effectiveInput = effective;
        sleep(run, () -> finishWait(run));
    }

    private JsonNode readParameter(PathValue path, Scope scope, String field) {
        try {
            return path.evaluate(scope);
        } catch (PathNotFoundException e) {
            throw StatesError.runtime("The " + field + " parameter does not reference an input value: " + path.text());
        }
    }

    private static Instant timestamp(String text) {
        try {
            return OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** Sleeps until run.wakeAt without holding a thread; the snapshot keeps wakeAt so a resume waits only the rest. */
    private void sleep(Run run, Runnable then) {
        long generation = run.generation;
        run.timer = services.scheduler().schedule(run.wakeAt, () -> post(() -> {
            if (run.generation == generation && live(run)) then.run();
        }));
    }

    private void finishWait(Run run) {
        run.phase = Phase.READY;
        run.wakeAt = null;
        guarded(run, () -> finishState(run, run.current(), run.effectiveInput));
    }

    // ---------------------------------------------------------------- Task

    private void invokeTask(Run run, boolean announce) {
        State.Task task = (State.Task) run.current();
        Scope scope = scope(run, run.input);
        Long timeout = seconds(task.timeoutSeconds(), task.timeoutPath(), task.timeoutTemplate(), scope, "TimeoutSeconds");
        Long heartbeat = seconds(task.heartbeatSeconds(), task.heartbeatPath(), task.heartbeatTemplate(), scope, "HeartbeatSeconds");
        String[] kind = resourceKind(task.resource());
        if (announce) {
            ObjectNode scheduled = JsonTrees.object();
            scheduled.put("resourceType", kind[0]);
            scheduled.put("resource", kind[1]);
            scheduled.put("region", services.region());
            scheduled.put("parameters", JsonTrees.write(run.effectiveInput));
            if (timeout != null) scheduled.put("timeoutInSeconds", timeout);
            if (heartbeat != null) scheduled.put("heartbeatInSeconds", heartbeat);
            emit(run, "TaskScheduled", scheduled);
            ObjectNode started = JsonTrees.object();
            started.put("resourceType", kind[0]);
            started.put("resource", kind[1]);
            emit(run, "TaskStarted", started);
        }
        run.phase = Phase.TASK;
        snapshotDirty = true;
        long generation = ++run.generation;
        Instant now = services.scheduler().now();
        String key = arn + "#" + run.statePath() + "#" + run.attempt;
        Runnable beat = () -> post(() -> {
            if (run.generation != generation || !live(run) || heartbeat == null) return;
            if (run.heartbeatTimer != null) run.heartbeatTimer.cancel();
            run.heartbeatTimer = services.scheduler().schedule(services.scheduler().now().plusSeconds(heartbeat),
                    () -> post(() -> taskTimedOut(run, generation, StatesError.HEARTBEAT_TIMEOUT)));
        });
        TaskContext context = new TaskContext(arn, task.name(), run.statePath(), run.attempt, key, timeout, heartbeat, now, beat);
        if (timeout != null) {
            run.timer = services.scheduler().schedule(now.plusSeconds(timeout),
                    () -> post(() -> taskTimedOut(run, generation, StatesError.TIMEOUT)));
        }
        if (heartbeat != null) {
            run.heartbeatTimer = services.scheduler().schedule(now.plusSeconds(heartbeat),
                    () -> post(() -> taskTimedOut(run, generation, StatesError.HEARTBEAT_TIMEOUT)));
        }
        CompletionStage<JsonNode> stage;
        try {
            stage = services.tasks().invoke(task.resource(), run.effectiveInput, context);
        } catch (RuntimeException e) {
            stage = CompletableFuture.failedFuture(e);
        }
        stage.whenComplete((result, failure) -> post(() -> taskCompleted(run, generation, result, failure)));
    }

    private Long seconds(Long literal, PathValue path, Template template, Scope scope, String field) {
        if (literal != null) return literal;
        JsonNode v;
        if (path != null) {
            v = readParameter(path, scope, field + "Path");
        } else if (template != null) {
            v = template.evaluate(scope);
        } else {
            return null;
        }
        if (!v.isIntegralNumber() || v.longValue() <= 0) {
            String message = "The " + field + " value must be a positive integer, but was: " + JsonTrees.write(v);
            throw template != null ? StatesError.queryEvaluation(message) : StatesError.runtime(message);
        }
        return v.longValue();
    }

    /** History's resourceType/resource: "lambda"/"invoke" for arn:aws:states:::lambda:invoke, else service/ARN. */
    static String[] resourceKind(String resource) {
        String[] parts = resource.split(":", 7);
        if (parts.length >= 7 && parts[2].equals("states") && parts[3].isEmpty()) return new String[] {parts[5], parts[6]};
        if (parts.length >= 3 && parts[0].equals("arn")) return new String[] {parts[2], resource};
        return new String[] {"task", resource};
    }

    private void taskCompleted(Run run, long generation, JsonNode result, Throwable failure) {
        if (run.generation != generation || !live(run) || run.phase != Phase.TASK) return;
        run.cancelTimers();
        run.generation++;
        State.Task task = (State.Task) run.current();
        String[] kind = resourceKind(task.resource());
        if (failure != null) {
            Throwable f = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
            String errorName;
            String causeText;
            if (f instanceof TaskFailedException t) {
                errorName = t.error();
                causeText = t.errorCause();
            } else {
                errorName = StatesError.TASK_FAILED;
                causeText = f.getMessage() == null ? f.toString() : f.getMessage();
            }
            ObjectNode d = JsonTrees.object();
            d.put("resourceType", kind[0]);
            d.put("resource", kind[1]);
            if (errorName != null) d.put("error", errorName);
            if (causeText != null) d.put("cause", causeText);
            emit(run, "TaskFailed", d);
            run.phase = Phase.READY;
            stateFailed(run, task, new StatesError(errorName, causeText));
            return;
        }
        JsonNode value = result == null ? JsonTrees.NODES.nullNode() : result;
        ObjectNode d = JsonTrees.object();
        d.put("resourceType", kind[0]);
        d.put("resource", kind[1]);
        d.put("output", JsonTrees.write(value));
        d.putObject("outputDetails").put("truncated", false);
        emit(run, "TaskSucceeded", d);
        run.phase = Phase.READY;
        guarded(run, () -> finishState(run, task, value));
    }

    private void taskTimedOut(Run run, long generation, String errorName) {
        if (run.generation != generation || !live(run) || run.phase != Phase.TASK) return;
        run.cancelTimers();
        run.generation++;
        State.Task task = (State.Task) run.current();
        String[] kind = resourceKind(task.resource());
        ObjectNode d = JsonTrees.object();
        d.put("resourceType", kind[0]);
        d.put("resource", kind[1]);
        d.put("error", errorName);
        d.put("cause", "");
        emit(run, "TaskTimedOut", d);
        run.phase = Phase.READY;
        stateFailed(run, task, new StatesError(errorName, null));
    }

    // ---------------------------------------------------------------- Parallel and Map

    private void startParallel(Run run, State.Parallel parallel) {
        emit(run, "ParallelStateStarted", null);
        int n = parallel.branches().size();
        run.phase = Phase.CHILDREN;
        run.results = new JsonNode[n];
        run.children = new ArrayList<>();
        run.finishedChildren = 0;
        run.failures = 0;
        for (int i = 0; i < n; i++) {
            Graph branch = parallel.branches().get(i);
            Run child = new Run(run, branch, i, run.statePath() + "/" + i);
            child.state = branch.startAt();
            child.input = run.effectiveInput;
            child.lastEventId = run.lastEventId;
            run.children.add(child);
        }
        run.nextChild = n;
        for (Run child : List.copyOf(run.children)) post(() -> step(child));
    }

    private void startMap(Run run, State.MapState map) {
        Common c = map.common();
        Scope scope = scope(run, run.effectiveInput);
        JsonNode items;
        if (map.distributed() && map.itemReader() != null) {
            JsonNode reader = map.itemReader().evaluate(scope);
            run.phase = Phase.TASK;
            long generation = ++run.generation;
            CompletionStage<List<JsonNode>> read;
            try {
                read = services.itemSource().read(reader, run.effectiveInput);
            } catch (RuntimeException e) {
                read = CompletableFuture.failedFuture(e);
            }
            read.whenComplete((list, failure) -> post(() -> {
                if (run.generation != generation || !live(run)) return;
                run.phase = Phase.READY;
                if (failure != null) {
                    Throwable f = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
                    StatesError e = f instanceof TaskFailedException t ? new StatesError(t.error(), t.errorCause())
                            : new StatesError(StatesError.ITEM_READER_FAILED, String.valueOf(f.getMessage()));
                    stateFailed(run, map, e);
                    return;
                }
                ArrayNode array = JsonTrees.array();
                list.forEach(array::add);
                guarded(run, () -> startIterations(run, map, array));
            }));
            return;
        }
        if (c.jsonata()) {
            if (map.items() != null) {
                items = map.items().evaluate(scope);
                if (!items.isArray()) {
                    String text = ((Template.Expression) map.items()).expression().text();
                    throw StatesError.queryEvaluation("The JSONata expression '" + text
                            + "' specified for the field 'Items' returned an unexpected result type. Expected 'array', but was '"
                            + JsonTrees.typeName(items) + "' for value: " + JsonTrees.write(items));
                }
            } else {
                items = run.input;
                if (!items.isArray()) {
                    throw StatesError.queryEvaluation("Map state input must be an array but was: " + JsonTrees.write(items));
                }
            }
        } else {
            if (map.itemsPath() != null) {
                try {
                    items = map.itemsPath().evaluate(scope);
                } catch (PathNotFoundException e) {
                    throw StatesError.runtime("Invalid path '" + map.itemsPath().text() + "' : " + e.getMessage());
                }
            } else {
                items = run.effectiveInput;
            }
            if (!items.isArray()) {
                throw StatesError.runtime("Map state input must be an array but was: " + JsonTrees.write(items));
            }
        }
        startIterations(run, map, (ArrayNode) items);
    }

    private void startIterations(Run run, State.MapState map, ArrayNode allItems) {
        Scope scope = scope(run, run.effectiveInput);
        ArrayNode items = map.itemBatcher() == null ? allItems : batches(allItems, map.itemBatcher().evaluate(scope));
        int limit = (int) limit(map.maxConcurrency(), scope, 0);
        ObjectNode started = JsonTrees.object();
        started.put("length", items.size());
        emit(run, "MapStateStarted", started);
        run.phase = Phase.CHILDREN;
        run.items = items;
        run.results = new JsonNode[items.size()];
        run.children = new ArrayList<>();
        run.nextChild = 0;
        run.finishedChildren = 0;
        run.failures = 0;
        run.maxConcurrency = limit;
        if (items.isEmpty()) {
            containerSucceeded(run);
            return;
        }
        launchIterations(run);
    }

    /** ItemBatcher: items grouped into {"Items": [...], "BatchInput": ...} of at most MaxItemsPerBatch. */
    private static ArrayNode batches(ArrayNode items, JsonNode batcher) {
        int size = batcher.path("MaxItemsPerBatch").isIntegralNumber() && batcher.get("MaxItemsPerBatch").intValue() > 0
                ? batcher.get("MaxItemsPerBatch").intValue() : Math.max(1, items.size());
        ArrayNode out = JsonTrees.array();
        for (int i = 0; i < items.size(); i += size) {
            ObjectNode batch = out.addObject();
            if (batcher.has("BatchInput")) batch.set("BatchInput", batcher.get("BatchInput"));
            ArrayNode chunk = batch.putArray("Items");
            for (int j = i; j < Math.min(items.size(), i + size); j++) chunk.add(items.get(j));
        }
        return out;
    }

    /** Starts iterations until MaxConcurrency are in flight (0: no limit). */
    private void launchIterations(Run run) {
        State.MapState map = (State.MapState) run.current();
        while (run.nextChild < run.items.size()
                && (run.maxConcurrency == 0 || run.nextChild - run.finishedChildren < run.maxConcurrency)) {
            int i = run.nextChild++;
            JsonNode item = run.items.get(i);
            ObjectNode d = JsonTrees.object();
            d.put("name", map.name());
            d.put("index", i);
            emit(run, "MapIterationStarted", d);
            Run child = new Run(run, map.processor(), i, run.statePath() + "[" + i + "]");
            child.state = map.processor().startAt();
            child.itemValue = item;
            child.lastEventId = run.lastEventId;
            if (map.itemSelector() != null) {
                Scope scope = scope(run, run.effectiveInput);
                ObjectNode mapItem = JsonTrees.object();
                mapItem.put("Index", i);
                mapItem.set("Value", item);
                scope.mapItem = mapItem;
                child.input = map.itemSelector().evaluate(scope);
            } else {
                child.input = item;
            }
            run.children.add(child);
            post(() -> step(child));
        }
    }

    private double limit(Limit limit, Scope scope, double absent) {
        if (limit.absent()) return absent;
        if (limit.literal() != null) return limit.literal().doubleValue();
        JsonNode v;
        if (limit.path() != null) {
            try {
                v = limit.path().evaluate(scope);
            } catch (PathNotFoundException e) {
                throw StatesError.runtime("The " + limit.field() + " field refers to a value that could not be found: " + limit.path().text());
            }
            if (v.isTextual()) {
                try {
                    v = JsonTrees.NODES.numberNode(Long.parseLong(v.textValue().strip()));
                } catch (NumberFormatException e) {
                    throw StatesError.runtime("The " + limit.field() + " field refers to value " + JsonTrees.write(v)
                            + " which is not a valid integer: " + limit.path().text());
                }
            }
            if (!v.isNumber() || v.doubleValue() < 0) {
                throw StatesError.runtime("The " + limit.field() + " field refers to value " + JsonTrees.write(v)
                        + " which is not a valid integer: " + limit.path().text());
            }
        } else {
            v = limit.template().evaluate(scope);
            if (!v.isNumber() || v.doubleValue() < 0) {
                throw StatesError.queryEvaluation("The " + limit.field() + " field must be a non-negative number, but was: " + JsonTrees.write(v));
            }
        }
        return v.doubleValue();
    }

    private void childDone(Run parent, Run child) {
        if (!live(parent) || parent.phase != Phase.CHILDREN) return;
        snapshotDirty = true;
        parent.results[child.index] = child.output;
        parent.finishedChildren++;
        parent.children.remove(child);
        if (parent.current() instanceof State.MapState map) {
            ObjectNode d = JsonTrees.object();
            d.put("name", map.name());
            d.put("index", child.index);
            emit(parent, "MapIterationSucceeded", d);
            guarded(parent, () -> launchIterations(parent));
        }
        if (parent.finishedChildren == parent.results.length && parent.phase == Phase.CHILDREN) {
            guarded(parent, () -> containerSucceeded(parent));
        }
    }

    private void childFailed(Run parent, Run child) {
        if (!live(parent) || parent.phase != Phase.CHILDREN) return;
        snapshotDirty = true;
        State s = parent.current();
        parent.children.remove(child);
        if (s instanceof State.MapState map) {
            ObjectNode d = JsonTrees.object();
            d.put("name", map.name());
            d.put("index", child.index);
            emit(parent, "MapIterationFailed", d);
            parent.failures++;
            Scope scope = scope(parent, parent.effectiveInput);
            boolean toleranceSet = !map.toleratedFailureCount().absent() || !map.toleratedFailurePercentage().absent();
            boolean tolerated;
            try {
                double count = limit(map.toleratedFailureCount(), scope, 0);
                double percentage = limit(map.toleratedFailurePercentage(), scope, 0);
                tolerated = toleranceSet && (parent.failures <= count
                        || parent.failures * 100.0 / parent.results.length <= percentage);
            } catch (StatesError e) {
                abortChildren(parent);
                stateFailed(parent, s, e);
                return;
            }
            if (tolerated) {
                parent.results[child.index] = errorOutput(child.error, child.cause);
                parent.finishedChildren++;
                guarded(parent, () -> launchIterations(parent));
                if (parent.finishedChildren == parent.results.length && parent.phase == Phase.CHILDREN) {
                    guarded(parent, () -> containerSucceeded(parent));
                }
                return;
            }
            abortChildren(parent);
            if (toleranceSet) {
                stateFailed(parent, s, new StatesError(StatesError.EXCEED_TOLERATED_FAILURE_THRESHOLD,
                        "The specified tolerated failure threshold was exceeded"));
            } else {
                stateFailed(parent, s, new StatesError(child.error, child.cause));
            }
            return;
        }
        abortChildren(parent);
        stateFailed(parent, s, new StatesError(child.error, child.cause));
    }

    private void abortChildren(Run parent) {
        for (Run other : parent.children) other.abort();
        parent.children = new ArrayList<>();
        parent.phase = Phase.READY;
    }

    private void containerSucceeded(Run run) {
        State s = run.current();
        run.phase = Phase.READY;
        ArrayNode results = JsonTrees.array();
        for (JsonNode r : run.results) results.add(r);
        run.results = null;
        run.items = null;
        if (s instanceof State.Parallel) {
            emit(run, "ParallelStateSucceeded", null);
            finishState(run, s, results);
            return;
        }
        State.MapState map = (State.MapState) s;
        emit(run, "MapStateSucceeded", null);
        if (map.resultWriter() != null) {
            JsonNode writer = map.resultWriter().evaluate(scope(run, run.effectiveInput));
            String mapRunArn = arn.replace(":execution:", ":mapRun:") + "/" + map.name() + ":" + lastEventId;
            run.phase = Phase.TASK;
            long generation = ++run.generation;
            List<JsonNode> list = new ArrayList<>();
            results.forEach(list::add);
            CompletionStage<JsonNode> written;
            try {
                written = services.resultSink().write(writer, mapRunArn, list);
            } catch (RuntimeException e) {
                written = CompletableFuture.failedFuture(e);
            }
            written.whenComplete((value, failure) -> post(() -> {
                if (run.generation != generation || !live(run)) return;
                run.phase = Phase.READY;
                if (failure != null) {
                    Throwable f = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
                    stateFailed(run, map, f instanceof TaskFailedException t ? new StatesError(t.error(), t.errorCause())
                            : new StatesError(StatesError.RESULT_WRITER_FAILED, String.valueOf(f.getMessage())));
                    return;
                }
                guarded(run, () -> finishState(run, map, value));
            }));
            return;
        }
        finishState(run, s, results);
    }

    // ---------------------------------------------------------------- errors, Retry and Catch

    private static ObjectNode errorOutput(String errorName, String causeText) {
        ObjectNode o = JsonTrees.object();
        if (errorName != null) o.put("Error", errorName);
        if (causeText != null) o.put("Cause", causeText);
        return o;
    }

    private void stateFailed(Run run, State s, StatesError raw) {
        if (!live(run)) return;
        snapshotDirty = true;
        StatesError e = raw.locate(run.state, run.enteredEventId);
        if (StatesError.QUERY_EVALUATION_ERROR.equals(e.error())) {
            ObjectNode d = JsonTrees.object();
            d.put("error", e.error());
            d.put("cause", e.cause());
            d.put("state", s.name());
            emit(run, "EvaluationFailed", d);
        }
        if (e.terminal()) {
            finishExecution(run, e.error(), e.cause());
            return;
        }
        boolean retriable = s instanceof State.Task || s instanceof State.Parallel || s instanceof State.MapState;
        if (retriable) {
            List<Retrier> retriers = s.common().retry();
            for (int i = 0; i < retriers.size(); i++) {
                Retrier r = retriers.get(i);
                if (!matches(r.errorEquals(), e.error(), s)) continue;
                if (run.retryCounts[i] < r.maxAttempts()) {
                    double delay = r.intervalSeconds() * Math.pow(r.backoffRate(), run.retryCounts[i]);
                    if (r.maxDelaySeconds() != null) delay = Math.min(delay, r.maxDelaySeconds());
                    if (r.jitter() == State.Jitter.FULL) delay = ThreadLocalRandom.current().nextDouble() * delay;
                    run.retryCounts[i]++;
                    run.attempt++;
                    run.phase = Phase.RETRY_WAIT;
                    run.wakeAt = services.scheduler().now().plus(Duration.ofMillis(Math.round(delay * 1000)));
                    sleep(run, () -> retryNow(run));
                    return;
                }
                break;
            }
        }
        if (s instanceof State.MapState) emit(run, "MapStateFailed", null);
        if (s instanceof State.Parallel) emit(run, "ParallelStateFailed", null);
        if (retriable) {
            for (Catcher catcher : s.common().catchers()) {
                if (!matches(catcher.errorEquals(), e.error(), s)) continue;
                try {
                    caught(run, s, catcher, errorOutput(e.error(), e.cause()));
                } catch (StatesError again) {
                    StatesError located = again.locate(run.state, run.enteredEventId);
                    if (located.terminal()) finishExecution(run, located.error(), located.cause());
                    else failRun(run, located.error(), located.cause());
                }
                return;
            }
        }
        failRun(run, e.error(), e.cause());
    }

    private static boolean matches(List<String> errorEquals, String errorName, State s) {
        for (String name : errorEquals) {
            if (name.equals(StatesError.ALL)) return true;
            if (name.equals(errorName)) return true;
            if (name.equals(StatesError.TASK_FAILED) && s instanceof State.Task && errorName != null
                    && !errorName.equals(StatesError.TIMEOUT) && !errorName.startsWith("States.")) {
                return true;
            }
        }
        return false;
    }

    private void caught(Run run, State s, Catcher catcher, ObjectNode errorOutput) {
        Common c = s.common();
        JsonNode out;
        ObjectNode assigned = null;
        if (c.jsonata()) {
            Scope scope = scope(run, run.input);
            scope.errorOutput = errorOutput;
            if (catcher.assign() != null) assigned = (ObjectNode) catcher.assign().evaluate(scope);
            out = catcher.output() != null ? catcher.output().evaluate(scope) : errorOutput;
        } else {
            if (catcher.assign() != null) assigned = (ObjectNode) catcher.assign().evaluate(scope(run, errorOutput));
            out = applyResultPath(run.input, errorOutput, catcher.resultPath());
        }
        run.phase = Phase.READY;
        exitState(run, s, out, assigned, catcher.next());
    }

    private void retryNow(Run run) {
        run.phase = Phase.READY;
        run.wakeAt = null;
        State s = run.current();
        guarded(run, () -> {
            switch (s) {
                case State.Task task -> invokeTask(run, true);
                case State.Parallel parallel -> startParallel(run, parallel);
                case State.MapState map -> {
                    run.effectiveInput = map.common().jsonata() ? run.input : inputPath(run, map.common());
                    startMap(run, map);
                }
                default -> throw new IllegalStateException("only Task, Parallel and Map states retry");
            }
        });
    }

    // ---------------------------------------------------------------- ends

    private void completeRun(Run run, JsonNode out) {
        run.phase = Phase.DONE;
        run.output = out;
        run.cancelTimers();
        if (run.parent == null) {
            finishExecution(run, null, null);
        } else {
            childDone(run.parent, run);
        }
    }

    private void failRun(Run run, String errorName, String causeText) {
        run.phase = Phase.DONE;
        run.failed = true;
        run.error = errorName;
        run.cause = causeText;
        run.cancelTimers();
        if (run.parent == null) {
            finishExecution(run, errorName, causeText);
        } else {
            childFailed(run.parent, run);
        }
    }

    /** Ends the execution: succeeded when {@code run} completed normally, failed otherwise. */
    private void finishExecution(Run run, String errorName, String causeText) {
        if (status != ExecutionStatus.RUNNING) return;
        snapshotDirty = true;
        boolean succeeded = run != null && run.parent == null && run.phase == Phase.DONE && !run.failed && errorName == null
                && causeText == null && !StatesError.RUNTIME.equals(errorName);
        if (root != null) root.abort();
        if (succeeded) {
            output = run.output;
            ObjectNode d = JsonTrees.object();
            d.put("output", JsonTrees.write(output));
            d.putObject("outputDetails").put("truncated", false);
            emit(null, "ExecutionSucceeded", d);
            status = ExecutionStatus.SUCCEEDED;
        } else {
            error = errorName;
            cause = causeText;
            ObjectNode d = JsonTrees.object();
            if (errorName != null) d.put("error", errorName);
            if (causeText != null) d.put("cause", causeText);
            emit(null, "ExecutionFailed", d);
            status = ExecutionStatus.FAILED;
        }
        stopDate = services.scheduler().now();
        log.debug("execution {} {}", arn, status);
    }

    // ---------------------------------------------------------------- evaluation scope

    private Scope scope(Run run, JsonNode in) {
        return new Scope(run, in);
    }

    /** The values a state's expressions see; the context object is built only when asked for. */
    private final class Scope implements EvalContext {
        private final Run run;
        private final JsonNode in;
        JsonNode result;
        JsonNode errorOutput;
        ObjectNode mapItem;
        private ObjectNode context;

        Scope(Run run, JsonNode in) {
            this.run = run;
            this.in = in;
        }

        @Override
        public JsonNode input() {
            return in;
        }

        @Override
        public JsonNode context() {
            if (context == null) {
                ObjectNode c = JsonTrees.object();
                c.set("Execution", executionContext);
                c.set("StateMachine", machineContext);
                ObjectNode state = c.putObject("State");
                state.put("Name", run.state);
                state.put("EnteredTime", (run.enteredTime == null ? services.scheduler().now() : run.enteredTime).toString());
                State s = run.current();
                if (s instanceof State.Task || s instanceof State.Parallel || s instanceof State.MapState) {
                    state.put("RetryCount", run.attempt);
                }
                if (mapItem != null) c.putObject("Map").set("Item", mapItem);
                context = c;
            }
            return context;
        }

        @Override
        public JsonNode variable(String variableName) {
            return run.variable(variableName);
        }

        @Override
        public JsonNode result() {
            return result;
        }

        @Override
        public JsonNode errorOutput() {
            return errorOutput;
        }
    }
}
