package dev.inkwell.workflow.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import dev.inkwell.core.ConflictException;
import dev.inkwell.core.InputLocation;
import dev.inkwell.core.InvalidInputException;
import dev.inkwell.store.Store;
import dev.inkwell.workflow.Execution;
import dev.inkwell.workflow.ExecutionStatus;
import dev.inkwell.workflow.StateMachine;
import dev.inkwell.workflow.WorkflowEngine;
import dev.inkwell.workflow.json.JsonTrees;
import dev.inkwell.workflow.spi.ExecutionJournal;
import dev.inkwell.workflow.spi.ExecutorScheduler;
import dev.inkwell.workflow.spi.ItemSource;
import dev.inkwell.workflow.spi.ResultSink;
import dev.inkwell.workflow.spi.TaskContext;
import dev.inkwell.workflow.spi.TaskInvoker;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiFunction;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs stored workflows' executions in this process, safely beside other processes sharing the store. An execution
 * is recorded when it starts and at every transition (group-committed, see {@link StoreJournal}); the process that
 * runs it holds a lease on it and renews it while it lives. When a process dies, its leases run out and any process
 * with a runtime on the same store takes its executions over, resuming each from its last recorded transition. A
 * process that closes cleanly hands its executions over at once.
 *
 * <p>Waits and retry back-offs hold no thread; tasks run wherever the {@link TaskRouter}'s invokers run them. Starting
 * an execution again with the same name and input returns the first one (so a trigger delivered twice starts one).
 */
public final class WorkflowRuntime implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(WorkflowRuntime.class);
    private static final Pattern EXECUTION_NAME = Pattern.compile("[A-Za-z0-9_\\-]{1,80}");
    private static final int RECOVER_AT_ONCE = 64;

    private final Store store;
    private final WorkflowCatalog catalog;
    private final ExecutionStore executions;
    private final TaskRouter router;
    private final String owner;
    private final Duration lease;
    private final Duration pollInterval;
    private final Clock clock;
    private final ScheduledExecutorService timers;
    private final ForkJoinPool engineThreads;
    private final ExecutorScheduler scheduler;
    private final StoreJournal journal;
    private final WorkflowEngine engine;
    private final ChildExecutions children;
    private final StartBatcher starts;
    private final Map<String, Local> locals = new ConcurrentHashMap<>();
    private final Map<String, StateMachine> machines = new ConcurrentHashMap<>();
    private final Map<String, TaskInvoker> invokers = new ConcurrentHashMap<>();
    private volatile Instant lastRenewal;
    private volatile boolean closed;

    /** An execution this process runs. */
    private static final class Local {
        final WorkflowRecord workflow;
        final TaskInvoker tasks;
        final CompletableFuture<ExecutionRecord> done = new CompletableFuture<>();
        final long since = System.nanoTime();
        volatile Execution execution;

        Local(WorkflowRecord workflow, TaskInvoker tasks) {
            this.workflow = workflow;
            this.tasks = tasks;
        }
    }

    private WorkflowRuntime(Builder b) {
        this.store = b.store;
        this.router = b.router;
        this.owner = b.owner;
        this.lease = b.lease;
        this.pollInterval = b.pollInterval;
        this.clock = b.clock;
        this.catalog = new WorkflowCatalog(store, clock, router::check);
        this.executions = new ExecutionStore(store);
        this.timers = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().daemon().name("workflow-runtime").unstarted(r));
        this.engineThreads = new ForkJoinPool(Math.max(2, Runtime.getRuntime().availableProcessors()),
                pool -> {
                    var t = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(pool);
                    t.setName("workflow-engine-" + t.getPoolIndex());
                    t.setDaemon(true);
                    return t;
                }, null, true);
        this.scheduler = new ExecutorScheduler(timers, clock);
        this.journal = new StoreJournal(executions, owner, clock, new StoreJournal.Listener() {
            @Override
            public void written(List<ExecutionJournal.Entry> entries) {
                for (ExecutionJournal.Entry e : entries) if (e.finished()) finished(e);
            }

            @Override
            public void lost(String arn) {
                letGo(arn, "another process runs it now, or it was stopped");
            }
        });
        this.children = new ChildExecutions(this);
        this.starts = new StartBatcher(executions);
        this.engine = WorkflowEngine.builder()
                .tasks(this::invoke)
                .journal(journal)
                .scheduler(scheduler)
                .executor(engineThreads)
                .itemSource(b.itemSource)
                .resultSink(b.resultSink)
                .build();
        this.lastRenewal = clock.instant();
        long renewEvery = Math.max(50, lease.toMillis() / 3);
        timers.scheduleWithFixedDelay(this::renew, renewEvery, renewEvery, TimeUnit.MILLISECONDS);
        if (b.takeOver) timers.scheduleWithFixedDelay(this::recover, 0, b.recoveryInterval.toMillis(), TimeUnit.MILLISECONDS);
    }

    public static Builder builder(Store store, TaskRouter router) {
        return new Builder(store, router);
    }

    public WorkflowCatalog catalog() {
        return catalog;
    }

    public ExecutionStore executions() {
        return executions;
    }

    /** This process's name on the executions it runs. */
    public String owner() {
        return owner;
    }

    /** How many executions this process runs now. */
    public int running() {
        return locals.size();
    }

    /** The state machine ARN of a workflow (its executions' ARNs follow it). */
    public String stateMachineArn(String workflow) {
        return "arn:aws:states:" + StateMachine.DEFAULT_REGION + ":" + StateMachine.DEFAULT_ACCOUNT + ":stateMachine:" + workflow;
    }

    /** What {@link #start} did: the execution, and whether this call started it (false: it existed already). */
    public record Started(ExecutionRecord execution, boolean created) {}

    /**
     * Starts an execution of {@code workflow}'s current revision; {@code name} null picks a UUID. An execution of
     * that name with the same input is returned as it is; with another input it is a conflict (ExecutionAlreadyExists).
     */
    public Started start(String workflow, String name, JsonNode input, String parentArn) {
        if (closed) throw new IllegalStateException("the workflow runtime is closed");
        WorkflowRecord wf = catalog.get(workflow);
        StateMachine machine = machine(wf);
        Instant now = clock.instant();
        Started started = insert(starts::insert, wf, machine, name, input, parentArn, owner, now, now.plus(lease));
        if (!started.created()) return started;
        ExecutionRecord record = started.execution();
        Local local = new Local(wf, tasks(wf));
        locals.put(record.arn(), local);
        local.execution = engine.start(machine, record.name(), record.input());
        return started;
    }

    /**
     * Records an execution of {@code workflow}'s current revision that no process runs yet: the first runtime on the
     * store to look for abandoned executions (within its recovery interval) starts it. For processes that only
     * start executions (the CLI) while a server runs them. Idempotent by name as {@link #start} is.
     */
    public static Started enqueue(WorkflowCatalog catalog, ExecutionStore executions, Clock clock, String workflow, String name,
                                  JsonNode input) {
        WorkflowRecord wf = catalog.get(workflow);
        StateMachine machine = StateMachine.of(wf.name(), wf.definition());
        Instant now = clock.instant();
        // unowned, its lease over as it is made: free for the taking
        return insert(executions::insert, wf, machine, name, input, null, null, now, now.minusMillis(1));
    }

    /** {@link #enqueue(WorkflowCatalog, ExecutionStore, Clock, String, String, JsonNode)} on this runtime's store. */
    public Started enqueue(String workflow, String name, JsonNode input) {
        return enqueue(catalog, executions, clock, workflow, name, input);
    }

    private static Started insert(BiFunction<ExecutionRecord, Instant, ExecutionStore.Inserted> executions, WorkflowRecord wf, StateMachine machine, String name, JsonNode input,
                                  String parentArn, String owner, Instant now, Instant leaseUntil) {
        String executionName = name == null ? UUID.randomUUID().toString() : name;
        if (!EXECUTION_NAME.matcher(executionName).matches()) {
            throw new InvalidInputException(InputLocation.file("execution name"), "'" + executionName
                    + "' must be 1 to 80 characters of letters, digits, '-' and '_'");
        }
        JsonNode in = input == null ? JsonTrees.object() : input;
        ExecutionRecord record = new ExecutionRecord(machine.executionArn(executionName), wf.name(), wf.revision(), executionName,
                ExecutionStatus.RUNNING, in, null, null, null, now, null, 0, owner, parentArn);
        ExecutionStore.Inserted inserted = executions.apply(record, leaseUntil);
        if (inserted.created()) return new Started(record, true);
        ExecutionRecord existing = inserted.record();
        if (JsonTrees.same(existing.input(), in)) return new Started(existing, false);
        throw new ConflictException("ExecutionAlreadyExists: an execution named " + executionName + " of " + wf.name()
                + " exists with another input");
    }

    /**
     * Completes with the execution once it has ended and its end is in the store, wherever it runs: at once for one
     * this process runs, by polling the store for one another process runs.
     */
    public CompletableFuture<ExecutionRecord> completion(String arn) {
        Local local = locals.get(arn);
        if (local != null) return local.done.copy();
        ExecutionRecord now = executions.describe(arn);
        if (now.finished()) return CompletableFuture.completedFuture(now);
        CompletableFuture<ExecutionRecord> out = new CompletableFuture<>();
        poll(arn, out);
        return out;
    }

    /** Waits up to {@code timeout} for the end; returns the execution as it stands then. */
    public ExecutionRecord await(String arn, Duration timeout) {
        try {
            return completion(arn).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            return executions.describe(arn);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return executions.describe(arn);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    /** Stops an execution wherever it runs (StopExecution); a finished one is returned unchanged. */
    public ExecutionRecord stop(String arn, String error, String cause) {
        ExecutionRecord stopped = executions.stop(arn, error, cause, clock.instant());
        Local local = locals.remove(arn);
        if (local != null) {
            if (local.execution != null) local.execution.detach();
            local.done.complete(stopped);
        }
        return stopped;
    }

    // ------------------------------------------------------------------ engine side

    private CompletionStage<JsonNode> invoke(String resource, JsonNode parameters, TaskContext context) {
        if (ChildExecutions.handles(resource)) return children.invoke(resource, parameters, context);
        Local local = locals.get(context.executionArn());
        if (local == null) {
            // let go a moment ago: the result will be ignored, so do not run the task at all
            return CompletableFuture.failedFuture(new IllegalStateException("the execution is no longer run here"));
        }
        return local.tasks.invoke(resource, parameters, context);
    }

    private void finished(ExecutionJournal.Entry entry) {
        Local local = locals.remove(entry.executionArn());
        if (local == null) return;
        JsonNode s = entry.snapshot();
        ExecutionRecord r = new ExecutionRecord(entry.executionArn(), local.workflow.name(), local.workflow.revision(),
                s.path("name").asText(), ExecutionStatus.valueOf(s.path("status").asText()), s.get("input"), s.get("output"),
                s.hasNonNull("error") ? s.get("error").textValue() : null, s.hasNonNull("cause") ? s.get("cause").textValue() : null,
                Instant.parse(s.get("startDate").textValue()), s.hasNonNull("stopDate") ? Instant.parse(s.get("stopDate").textValue()) : null,
                s.path("lastEventId").longValue(), null, null);
        local.done.complete(r);
    }

    private void letGo(String arn, String why) {
        Local local = locals.remove(arn);
        if (local == null) return;
        log.info("execution {}: let go ({})", arn, why);
        if (local.execution != null) local.execution.detach();
        if (!closed) {
            CompletableFuture<ExecutionRecord> elsewhere = new CompletableFuture<>();
            poll(arn, elsewhere);
            elsewhere.whenComplete((r, e) -> {
                if (e != null) local.done.completeExceptionally(e);
                else local.done.complete(r);
            });
        }
    }

    private void poll(String arn, CompletableFuture<ExecutionRecord> out) {
        timers.schedule(() -> {
            if (out.isDone()) return;
            try {
                ExecutionRecord r = executions.describe(arn);
                if (r.finished()) {
                    out.complete(r);
                    return;
                }
            } catch (RuntimeException e) {
                log.debug("polling execution {}: {}", arn, e.toString());
            }
            if (!closed) poll(arn, out);
            else out.completeExceptionally(new IllegalStateException("the workflow runtime closed before " + arn + " ended"));
        }, pollInterval.toMillis(), TimeUnit.MILLISECONDS);
    }

    private StateMachine machine(WorkflowRecord wf) {
        return machines.computeIfAbsent(wf.name() + "#" + wf.revision(), k -> StateMachine.of(wf.name(), wf.definition()));
    }

    private TaskInvoker tasks(WorkflowRecord wf) {
        return invokers.computeIfAbsent(wf.name() + "#" + wf.revision(), k -> router.tasks(wf));
    }

    // ------------------------------------------------------------------ leases

    private void renew() {
        Instant now = clock.instant();
        try {
            int renewed = executions.renew(owner, now.plus(lease));
            lastRenewal = now;
            if (renewed < locals.size()) {
                // some were stopped (or taken over) by another process while they waited: let them go now (not one
                // that started after the query, whose row the query may have missed)
                long asked = System.nanoTime();
                Set<String> held = executions.runningOf(owner);
                locals.forEach((arn, local) -> {
                    if (local.since < asked && !held.contains(arn)) letGo(arn, "stopped or taken over elsewhere");
                });
            }
        } catch (RuntimeException e) {
            log.warn("cannot renew the leases of {} executions: {}", locals.size(), e.getMessage());
            if (Duration.between(lastRenewal, now).compareTo(lease) > 0) {
                for (String arn : List.copyOf(locals.keySet())) letGo(arn, "its lease ran out while the store was unreachable");
            }
        }
    }

    private void recover() {
        if (closed) return;
        try {
            Instant now = clock.instant();
            for (String arn : executions.expired(now, RECOVER_AT_ONCE)) {
                if (closed) return;
                boolean mine = locals.containsKey(arn);
                if (!executions.claim(arn, owner, now, now.plus(lease)) || mine) continue;
                resume(arn);
            }
        } catch (RuntimeException e) {
            log.warn("cannot look for executions to take over: {}", e.getMessage());
        }
    }

    private void resume(String arn) {
        ExecutionStore.Resumable r = executions.resumable(arn);
        ExecutionRecord record = r.record();
        try {
            WorkflowRecord wf = catalog.get(record.workflow(), record.revision());
            StateMachine machine = machine(wf);
            Local local = new Local(wf, tasks(wf));
            locals.put(arn, local);
            if (r.snapshot() == null) {
                local.execution = engine.start(machine, record.name(), record.input());
            } else {
                local.execution = engine.resume(machine, r.snapshot(), r.history());
            }
            log.info("execution {}: taken over at event {}", arn, record.lastEventId());
        } catch (RuntimeException e) {
            locals.remove(arn);
            log.error("execution {}: cannot be resumed, stopping it", arn, e);
            executions.stop(arn, "States.Runtime", "Inkwell could not resume the execution: " + e.getMessage(), clock.instant());
        }
    }

    /**
     * Stops running executions here and hands them over: what was recorded is written, the leases end now, so
     * another process (or this one's next start) resumes them from there.
     */
    @Override
    public void close() {
        if (closed) return;
        closed = true;
        timers.shutdownNow();
        for (Local local : locals.values()) if (local.execution != null) local.execution.detach();
        journal.close();
        try {
            int handed = executions.release(owner, clock.instant());
            if (handed > 0) log.info("handed {} running executions over", handed);
        } catch (RuntimeException e) {
            log.warn("cannot hand executions over ({}); they are taken over when their leases run out", e.getMessage());
        }
        for (Local local : locals.values()) {
            local.done.completeExceptionally(new IllegalStateException("the workflow runtime closed before the execution ended"));
        }
        locals.clear();
        engineThreads.shutdownNow();
    }

    public static final class Builder {
        private final Store store;
        private final TaskRouter router;
        private String owner = "inkwell-" + UUID.randomUUID().toString().substring(0, 8);
        private Duration lease = Duration.ofSeconds(15);
        private Duration recoveryInterval = Duration.ofSeconds(2);
        private boolean takeOver = true;
        private Duration pollInterval = Duration.ofMillis(200);
        private Clock clock = Clock.systemUTC();
        private ItemSource itemSource = ItemSource.NONE;
        private ResultSink resultSink = ResultSink.NONE;

        private Builder(Store store, TaskRouter router) {
            this.store = Objects.requireNonNull(store);
            this.router = Objects.requireNonNull(router);
        }

        /** The name this process gives itself on the executions it runs (default: a random one per runtime). */
        public Builder owner(String owner) {
            this.owner = Objects.requireNonNull(owner);
            return this;
        }

        /** How long an execution stays this process's without a renewal (default 15 s): the take-over delay after a crash. */
        public Builder lease(Duration lease) {
            this.lease = Objects.requireNonNull(lease);
            return this;
        }

        /** How often to look for executions whose lease ran out (default 2 s). */
        public Builder recoveryInterval(Duration interval) {
            this.recoveryInterval = Objects.requireNonNull(interval);
            return this;
        }

        /**
         * Whether this runtime takes over executions no live process runs: abandoned ones and enqueued ones (default
         * true). False for a process that runs only what it starts itself (a command that waits for its execution).
         */
        public Builder takeOver(boolean takeOver) {
            this.takeOver = takeOver;
            return this;
        }

        /** How often a wait for another process's execution reads the store (default 200 ms). */
        public Builder pollInterval(Duration interval) {
            this.pollInterval = Objects.requireNonNull(interval);
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock);
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

        /** Starts the runtime: it begins taking over abandoned executions at once. */
        public WorkflowRuntime build() {
            return new WorkflowRuntime(this);
        }
    }
}
