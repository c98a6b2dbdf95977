package dev.inkwell.workflow.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.inkwell.core.ConflictException;
import dev.inkwell.core.InvalidInputException;
import dev.inkwell.core.NotFoundException;
import dev.inkwell.store.Store;
import dev.inkwell.workflow.ExecutionStatus;
import dev.inkwell.workflow.HistoryEvent;
import dev.inkwell.workflow.WorkflowDefinitionException;
import dev.inkwell.workflow.json.JsonTrees;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The workflow runtime on a real store; run on SQLite and PostgreSQL. */
abstract class WorkflowRuntimeContract {
    static final String CHAIN = """
            {"StartAt": "First", "States": {
              "First": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                        "Parameters": {"FunctionName": "effect", "Payload.$": "$"}, "OutputPath": "$.Payload", "Next": "Pause"},
              "Pause": {"Type": "Wait", "Seconds": 1, "Next": "Second"},
              "Second": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:effect", "End": true}}}""";
    static final String HOLD = """
            {"StartAt": "Hold", "States": {
              "Hold": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:hold", "Next": "Done"},
              "Done": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:effect", "End": true}}}""";
    static final String LONG_WAIT = """
            {"StartAt": "Sleep", "States": {"Sleep": {"Type": "Wait", "Seconds": 3600, "End": true}}}""";

    Store store;
    TestTasks tasks;
    final List<WorkflowRuntime> runtimes = new ArrayList<>();

    abstract String newLocation() throws Exception;

    @BeforeEach
    void open() throws Exception {
        store = Store.open(newLocation());
        tasks = new TestTasks(store);
    }

    @AfterEach
    void close() {
        runtimes.forEach(WorkflowRuntime::close);
        store.close();
    }

    WorkflowRuntime runtime(String owner) {
        return runtime(owner, Duration.ofSeconds(2));
    }

    /** A runtime whose leases last {@code lease} (renewed every third of it). */
    WorkflowRuntime runtime(String owner, Duration lease) {
        WorkflowRuntime r = WorkflowRuntime.builder(store, tasks).owner(owner).lease(lease)
                .recoveryInterval(Duration.ofMillis(200)).pollInterval(Duration.ofMillis(50)).build();
        runtimes.add(r);
        return r;
    }

    static JsonNode json(String text) throws Exception {
        return JsonTrees.parse(text);
    }

    @Test
    void catalogKeepsRevisionsAndRefusesBadDefinitions() throws Exception {
        WorkflowCatalog catalog = runtime("a").catalog();
        WorkflowRecord first = catalog.create("chain", json(CHAIN), null);
        assertThat(first.revision()).isEqualTo(1);
        assertThat(catalog.create("chain", json(CHAIN), null).revision()).as("same definition again").isEqualTo(1);
        assertThatThrownBy(() -> catalog.create("chain", json(LONG_WAIT), null)).isInstanceOf(ConflictException.class)
                .hasMessageContaining("update");
        WorkflowRecord second = catalog.update("chain", json(LONG_WAIT), json("{\"x\": {}}"));
        assertThat(second.revision()).isEqualTo(2);
        assertThat(second.createdAt()).isEqualTo(first.createdAt());
        assertThat(catalog.get("chain").definition()).isEqualTo(json(LONG_WAIT));
        assertThat(catalog.get("chain", 1).definition()).isEqualTo(json(CHAIN));
        assertThat(catalog.list()).extracting(WorkflowRecord::name).containsExactly("chain");

        assertThatThrownBy(() -> catalog.create("bad", json("""
                {"StartAt": "A", "States": {"A": {"Type": "Pass", "Next": "Nowhere"}}}"""), null))
                .isInstanceOf(WorkflowDefinitionException.class).hasMessageContaining("A").hasMessageContaining("Nowhere");
        assertThatThrownBy(() -> catalog.create("has space", json(CHAIN), null)).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> catalog.create("x", json(CHAIN), json("[1]"))).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("object");
        assertThatThrownBy(() -> catalog.create("x", json(CHAIN), json("{\"unknown\": 1}"))).as("the router's check")
                .isInstanceOf(InvalidInputException.class);
        assertThat(catalog.find("bad")).isEmpty();

        catalog.delete("chain");
        assertThat(catalog.list()).isEmpty();
        assertThatThrownBy(() -> catalog.get("chain")).isInstanceOf(NotFoundException.class);
        assertThat(catalog.get("chain", 2).revision()).as("revisions outlive the workflow for its executions").isEqualTo(2);
        assertThat(catalog.create("chain", json(CHAIN), null).revision()).as("numbering goes on").isEqualTo(3);
        assertThatThrownBy(() -> catalog.delete("chain-nope")).isInstanceOf(NotFoundException.class);
    }

    @Test
    void executionRunsToTheEndAndItsHistoryIsInTheStore() throws Exception {
        WorkflowRuntime runtime = runtime("a");
        runtime.catalog().create("chain", json(CHAIN), null);
        WorkflowRuntime.Started started = runtime.start("chain", "run-1", json("{\"count\": 0}"), null);
        assertThat(started.created()).isTrue();
        assertThat(runtime.executions().describe(started.execution().arn()).status()).isEqualTo(ExecutionStatus.RUNNING);

        ExecutionRecord done = runtime.completion(started.execution().arn()).get(20, TimeUnit.SECONDS);
        assertThat(done.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(done.output().path("count").asInt()).isEqualTo(2);
        ExecutionRecord stored = runtime.executions().describe(done.arn());
        assertThat(stored.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(stored.output()).isEqualTo(done.output());
        assertThat(stored.stoppedAt()).isAfterOrEqualTo(stored.startedAt().plusSeconds(1));
        assertThat(stored.owner()).isEqualTo("a");

        List<HistoryEvent> history = runtime.executions().history(done.arn(), false, 1000, 0);
        assertThat(history).extracting(HistoryEvent::type).containsExactly("ExecutionStarted", "TaskStateEntered", "TaskScheduled",
                "TaskStarted", "TaskSucceeded", "TaskStateExited", "WaitStateEntered", "WaitStateExited", "TaskStateEntered",
                "TaskScheduled", "TaskStarted", "TaskSucceeded", "TaskStateExited", "ExecutionSucceeded");
        assertThat(history).extracting(HistoryEvent::id).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L, 11L, 12L, 13L, 14L);
        assertThat(history.getLast().toJson().path("executionSucceededEventDetails").path("output").asText()).contains("\"count\":2");
        assertThat(runtime.executions().history(done.arn(), true, 2, 0)).extracting(HistoryEvent::id).containsExactly(14L, 13L);
        assertThat(runtime.executions().history(done.arn(), false, 3, 12)).extracting(HistoryEvent::id).containsExactly(13L, 14L);
        assertThat(tasks.effects()).isEqualTo(2);

        JsonNode described = stored.toJson(runtime.stateMachineArn("chain"));
        assertThat(described.path("executionArn").asText()).isEqualTo("arn:aws:states:us-east-1:123456789012:execution:chain:run-1");
        assertThat(described.path("stateMachineArn").asText()).isEqualTo("arn:aws:states:us-east-1:123456789012:stateMachine:chain");
        assertThat(described.path("input").asText()).isEqualTo("{\"count\":0}");
        assertThat(runtime.executions().list("chain", ExecutionStatus.SUCCEEDED, null, 10)).extracting(ExecutionRecord::name)
                .containsExactly("run-1");
        assertThat(runtime.executions().list("chain", ExecutionStatus.RUNNING, null, 10)).isEmpty();
        assertThat(runtime.executions().counts("chain")).containsEntry(ExecutionStatus.SUCCEEDED, 1L);
        assertThat(runtime.running()).isZero();
    }

    @Test
    void startingAgainWithTheSameNameIsIdempotentAndAnotherInputConflicts() throws Exception {
        WorkflowRuntime runtime = runtime("a");
        runtime.catalog().create("sleep", json(LONG_WAIT), null);
        WorkflowRuntime.Started first = runtime.start("sleep", "once", json("{\"a\": 1}"), null);
        WorkflowRuntime.Started again = runtime.start("sleep", "once", json("{\"a\": 1}"), null);
        assertThat(again.created()).isFalse();
        assertThat(again.execution().arn()).isEqualTo(first.execution().arn());
        assertThat(runtime.running()).isEqualTo(1);
        assertThatThrownBy(() -> runtime.start("sleep", "once", json("{\"a\": 2}"), null)).isInstanceOf(ConflictException.class)
                .hasMessageContaining("ExecutionAlreadyExists");
        assertThatThrownBy(() -> runtime.start("sleep", "bad name!", null, null)).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> runtime.start("nope", null, null, null)).isInstanceOf(NotFoundException.class);
    }

    @Test
    void stopAbortsWhereverItRunsAndLongWaitsHoldNoThread() throws Exception {
        // longer leases: on a loaded machine a late renewal would let b take some of a's executions, which is not what
        // this test is about; a still notices the stop at its next renewal (every 2 s)
        WorkflowRuntime a = runtime("a", Duration.ofSeconds(6));
        WorkflowRuntime b = runtime("b", Duration.ofSeconds(6));
        a.catalog().create("sleep", json(LONG_WAIT), null);
        int threadsBefore = Thread.activeCount();
        List<String> arns = new ArrayList<>();
        for (int i = 0; i < 300; i++) arns.add(a.start("sleep", "s" + i, null, null).execution().arn());
        await(() -> a.executions().history(arns.getLast(), false, 10, 0).size() >= 2);
        assertThat(Thread.activeCount() - threadsBefore).as("300 sleeping executions, threads added").isLessThan(20);

        ExecutionRecord stopped = b.stop(arns.getFirst(), "Stopped.ByTest", "enough");
        assertThat(stopped.status()).isEqualTo(ExecutionStatus.ABORTED);
        assertThat(stopped.error()).isEqualTo("Stopped.ByTest");
        assertThat(a.completion(arns.getFirst()).get(30, TimeUnit.SECONDS).status()).isEqualTo(ExecutionStatus.ABORTED);
        List<HistoryEvent> history = a.executions().history(arns.getFirst(), false, 100, 0);
        assertThat(history.getLast().type()).isEqualTo("ExecutionAborted");
        assertThat(history.getLast().toJson().path("executionAbortedEventDetails").path("cause").asText()).isEqualTo("enough");
        assertThat(b.stop(arns.getFirst(), "again", null).error()).as("stopping a stopped one changes nothing").isEqualTo("Stopped.ByTest");
        assertThat(a.stop(arns.get(1), null, null).status()).isEqualTo(ExecutionStatus.ABORTED);
        assertThat(a.running()).isEqualTo(298);
    }

    @Test
    void aClosedRuntimeHandsItsExecutionsOverAndTasksInFlightRunAgainWithTheSameKey() throws Exception {
        WorkflowRuntime a = runtime("a");
        a.catalog().create("hold", json(HOLD), null);
        List<String> arns = new ArrayList<>();
        for (int i = 0; i < 5; i++) arns.add(a.start("hold", "h" + i, null, null).execution().arn());
        await(() -> tasks.heldCalls() == 5);
        a.close();
        assertThat(a.executions().describe(arns.getFirst()).status()).isEqualTo(ExecutionStatus.RUNNING);

        WorkflowRuntime b = runtime("b");
        await(() -> b.running() == 5);
        assertThat(tasks.heldCalls()).as("the same attempts, invoked again with their keys").isEqualTo(5);
        tasks.release();
        for (String arn : arns) {
            ExecutionRecord done = b.completion(arn).get(20, TimeUnit.SECONDS);
            assertThat(done.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
            assertThat(done.output().path("count").asInt()).isEqualTo(1);
            List<HistoryEvent> history = b.executions().history(arn, false, 100, 0);
            assertThat(history.get(4).toJson().path("taskSucceededEventDetails").path("output").asText())
                    .isEqualTo("\"" + arn + "#Hold#0\"");
            List<String> types = history.stream().map(HistoryEvent::type).toList();
            assertThat(types).containsExactly("ExecutionStarted", "TaskStateEntered", "TaskScheduled", "TaskStarted", "TaskSucceeded",
                    "TaskStateExited", "TaskStateEntered", "TaskScheduled", "TaskStarted", "TaskSucceeded", "TaskStateExited",
                    "ExecutionSucceeded");
        }
        assertThat(tasks.calls.get()).as("5 held twice, 5 effects").isEqualTo(15);
        assertThat(b.executions().describe(arns.getFirst()).owner()).isEqualTo("b");
    }

    @Test
    void anEnqueuedExecutionIsRunByARuntimeStartedAfterwards() throws Exception {
        // a process without a runtime (the CLI) records the execution; no one runs it yet
        WorkflowCatalog catalog = new WorkflowCatalog(store, Clock.systemUTC(), w -> { });
        catalog.create("chain", json(CHAIN), null);
        ExecutionStore executions = new ExecutionStore(store);
        WorkflowRuntime.Started queued = WorkflowRuntime.enqueue(catalog, executions, Clock.systemUTC(), "chain", "queued-1",
                json("{\"count\": 5}"));
        assertThat(queued.created()).isTrue();
        String arn = queued.execution().arn();
        assertThat(arn).isEqualTo("arn:aws:states:us-east-1:123456789012:execution:chain:queued-1");
        ExecutionRecord waiting = executions.describe(arn);
        assertThat(waiting.status()).isEqualTo(ExecutionStatus.RUNNING);
        assertThat(waiting.owner()).isNull();
        assertThat(executions.history(arn, false, 10, 0)).as("nothing has run").isEmpty();
        WorkflowRuntime.Started again = WorkflowRuntime.enqueue(catalog, executions, Clock.systemUTC(), "chain", "queued-1",
                json("{\"count\": 5}"));
        assertThat(again.created()).as("idempotent by name").isFalse();
        assertThat(again.execution().arn()).isEqualTo(arn);
        assertThatThrownBy(() -> WorkflowRuntime.enqueue(catalog, executions, Clock.systemUTC(), "chain", "queued-1",
                json("{\"count\": 6}"))).isInstanceOf(ConflictException.class).hasMessageContaining("ExecutionAlreadyExists");
        assertThatThrownBy(() -> WorkflowRuntime.enqueue(catalog, executions, Clock.systemUTC(), "chain", "no spaces", null))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("execution name");
        assertThatThrownBy(() -> WorkflowRuntime.enqueue(catalog, executions, Clock.systemUTC(), "nope", null, null))
                .isInstanceOf(NotFoundException.class);

        // a runtime that only runs what it starts leaves it alone
        WorkflowRuntime own = WorkflowRuntime.builder(store, tasks).owner("cli").takeOver(false).lease(Duration.ofSeconds(2)).build();
        runtimes.add(own);
        Thread.sleep(300);
        assertThat(executions.describe(arn).owner()).isNull();

        WorkflowRuntime server = runtime("server");
        ExecutionRecord done = server.await(arn, Duration.ofSeconds(20));
        assertThat(done.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(done.output().path("count").asInt()).isEqualTo(7);
        assertThat(executions.describe(arn).owner()).isEqualTo("server");
        assertThat(executions.history(arn, false, 100, 0)).extracting(HistoryEvent::type).startsWith("ExecutionStarted")
                .endsWith("ExecutionSucceeded").hasSize(14);
        assertThat(tasks.effects()).as("each task once").isEqualTo(2);

        // the runtime's own enqueue: the same, picked up by whichever runtime looks first
        String second = server.enqueue("chain", null, json("{\"count\": 0}")).execution().arn();
        assertThat(server.await(second, Duration.ofSeconds(20)).status()).isEqualTo(ExecutionStatus.SUCCEEDED);
    }

    @Test
    void concurrentStartsAreWrittenTogetherAndStayIdempotentByName() throws Exception {
        WorkflowRuntime runtime = runtime("a");
        runtime.catalog().create("sleep", json(LONG_WAIT), null);
        List<Future<WorkflowRuntime.Started>> answers = new ArrayList<>();
        try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 200; i++) {
                String name = "c" + (i % 100);
                answers.add(clients.submit(() -> runtime.start("sleep", name, json("{\"same\": true}"), null)));
            }
        }
        List<Future<?>> conflicts = new ArrayList<>();
        try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 5; i++) conflicts.add(clients.submit(() -> runtime.start("sleep", "c" + 0, json("{\"same\": false}"), null)));
            conflicts.add(clients.submit(() -> runtime.start("sleep", "bad name", null, null)));
        }
        Map<String, Integer> created = new HashMap<>();
        for (Future<WorkflowRuntime.Started> f : answers) {
            WorkflowRuntime.Started s = f.get();
            created.merge(s.execution().name(), s.created() ? 1 : 0, Integer::sum);
        }
        assertThat(created).hasSize(100).allSatisfy((name, n) -> assertThat(n).as(name).isEqualTo(1));
        for (Future<?> f : conflicts.subList(0, 5)) assertThatThrownBy(f::get).hasCauseInstanceOf(ConflictException.class);
        assertThatThrownBy(conflicts.getLast()::get).hasCauseInstanceOf(InvalidInputException.class);
        assertThat(runtime.running()).isEqualTo(100);
        assertThat(runtime.executions().counts("sleep")).containsEntry(ExecutionStatus.RUNNING, 100L);
    }

    @Test
    void anotherProcessWaitsForAnExecutionByReadingTheStore() throws Exception {
        WorkflowRuntime a = runtime("a");
        WorkflowRuntime b = runtime("b");
        a.catalog().create("chain", json(CHAIN), null);
        String arn = a.start("chain", null, json("{}"), null).execution().arn();
        ExecutionRecord seenByB = b.completion(arn).get(20, TimeUnit.SECONDS);
        assertThat(seenByB.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(seenByB.output().path("count").asInt()).isEqualTo(2);
        assertThat(b.await(arn, Duration.ofSeconds(1)).status()).isEqualTo(ExecutionStatus.SUCCEEDED);
    }

    @Test
    void aWorkflowStartsAnotherAndWaitsForIt() throws Exception {
        WorkflowRuntime runtime = runtime("a");
        runtime.catalog().create("chain", json(CHAIN), null);
        runtime.catalog().create("fails", json("""
                {"StartAt": "F", "States": {"F": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:fail", "End": true}}}"""), null);
        runtime.catalog().create("parent", json("""
                {"StartAt": "Child", "States": {
                  "Child": {"Type": "Task", "Resource": "arn:aws:states:::states:startExecution.sync:2",
                            "Parameters": {"StateMachineArn": "arn:aws:states:us-east-1:123456789012:stateMachine:chain", "Input": {"count": 10}},
                            "Next": "Fire"},
                  "Fire": {"Type": "Task", "Resource": "arn:aws:states:::states:startExecution",
                           "Parameters": {"StateMachineArn": "chain", "Input.$": "$.Output", "Name": "fired"}, "Next": "Failing"},
                  "Failing": {"Type": "Task", "Resource": "arn:aws:states:::states:startExecution.sync",
                              "Parameters": {"StateMachineArn": "fails", "Input": "{}"},
                              "Catch": [{"ErrorEquals": ["States.TaskFailed"], "ResultPath": "$.caught", "Next": "End"}],
                              "End": true},
                  "End": {"Type": "Pass", "End": true}}}"""), null);
        String arn = runtime.start("parent", "p", null, null).execution().arn();
        ExecutionRecord done = runtime.completion(arn).get(30, TimeUnit.SECONDS);
        assertThat(done.status()).as(String.valueOf(done.cause())).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(done.output().path("ExecutionArn").asText()).endsWith(":execution:chain:fired");
        JsonNode cause = JsonTrees.parse(done.output().path("caught").path("Cause").asText());
        assertThat(cause.path("Status").asText()).isEqualTo("FAILED");
        assertThat(cause.path("Error").asText()).isEqualTo("Test.Failure");
        List<ExecutionRecord> children = runtime.executions().list("chain", null, null, 10);
        assertThat(children).hasSize(2).allSatisfy(c -> assertThat(c.parentArn()).isEqualTo(arn));
        ExecutionRecord synced = children.stream().filter(c -> c.name().startsWith("child-")).findFirst().orElseThrow();
        assertThat(synced.output().path("count").asInt()).isEqualTo(12);
        ExecutionRecord fired = runtime.completion(children.stream().filter(c -> c.name().equals("fired")).findFirst().orElseThrow().arn())
                .get(20, TimeUnit.SECONDS);
        assertThat(fired.input().path("count").asInt()).as("the .sync:2 output was JSON").isEqualTo(12);
    }

    static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("timed out waiting");
            Thread.sleep(20);
        }
    }
}
