package dev.inkwell.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.inkwell.workflow.json.JsonTrees;
import dev.inkwell.workflow.spi.ExecutionJournal;
import dev.inkwell.workflow.spi.InMemoryExecutionJournal;
import dev.inkwell.workflow.spi.TaskContext;
import dev.inkwell.workflow.spi.TaskFailedException;
import dev.inkwell.workflow.spi.TaskInvoker;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * A process killed mid-execution carries on from the journal: a fresh engine resumes each recorded snapshot (every
 * transition of a run with a retry, waits, a Parallel and a Map) and reaches the same output with a consistent history.
 */
class ResumeTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private static final String DEFINITION = """
            {"StartAt": "Start", "States": {
              "Start": {"Type": "Pass", "Assign": {"run": "r1"}, "Next": "Work"},
              "Work": {"Type": "Task", "Resource": "arn:x:prepare", "ResultPath": "$.prepared",
                       "Retry": [{"ErrorEquals": ["Transient"], "IntervalSeconds": 3}], "Next": "Nap"},
              "Nap": {"Type": "Wait", "Seconds": 10, "Next": "Fan"},
              "Fan": {"Type": "Parallel", "ResultPath": "$.fan", "Next": "Each", "Branches": [
                {"StartAt": "Slow", "States": {
                  "Slow": {"Type": "Task", "Resource": "arn:x:slow", "Next": "Rest"},
                  "Rest": {"Type": "Wait", "Seconds": 2, "End": true}}},
                {"StartAt": "Seed", "States": {
                  "Seed": {"Type": "Pass", "Result": {"v": 21}, "Next": "Twice"},
                  "Twice": {"Type": "Task", "Resource": "arn:x:double", "End": true}}}]},
              "Each": {"Type": "Map", "ItemsPath": "$.prepared.items", "MaxConcurrency": 2, "ResultPath": "$.each",
                       "ItemSelector": {"v.$": "$$.Map.Item.Value", "run.$": "$run"},
                       "ItemProcessor": {"StartAt": "Double", "States": {
                         "Double": {"Type": "Task", "Resource": "arn:x:double", "Next": "Breathe"},
                         "Breathe": {"Type": "Wait", "Seconds": 1, "End": true}}}, "Next": "Check"},
              "Check": {"Type": "Choice", "Choices": [{"Variable": "$.each[0].v", "NumericEquals": 2, "Next": "Done"}], "Default": "Broken"},
              "Broken": {"Type": "Fail", "Error": "Broken"},
              "Done": {"Type": "Succeed"}}}
            """;

    /** The clock the functions use: the one of the engine currently running. */
    private ManualScheduler clock;
    private final List<TaskContext> invocations = new CopyOnWriteArrayList<>();

    private final TaskInvoker functions = (resource, parameters, context) -> {
        invocations.add(context);
        switch (resource) {
            case "arn:x:prepare" -> {
                if (context.attempt() == 0) return CompletableFuture.failedFuture(new TaskFailedException("Transient", "try again"));
                return CompletableFuture.completedFuture(JsonTrees.object().set("items", JsonTrees.array().add(1).add(2).add(3)));
            }
            case "arn:x:slow" -> {
                CompletableFuture<JsonNode> later = new CompletableFuture<>();
                clock.schedule(clock.now().plusSeconds(5), () -> later.complete(JsonTrees.NODES.textNode("slow done")));
                return later;
            }
            default -> {
                return CompletableFuture.completedFuture(JsonTrees.object().put("v", parameters.path("v").asInt() * 2));
            }
        }
    };

    private record Recorded(ExecutionJournal.Entry entry, Instant at) {}

    private WorkflowEngine engine(ManualScheduler scheduler, ExecutionJournal journal) {
        return WorkflowEngine.builder().tasks(functions).scheduler(scheduler).executor(Runnable::run).journal(journal).build();
    }

    private static void runToEnd(ManualScheduler scheduler, Execution execution) {
        for (int i = 0; i < 200 && !execution.completion().isDone(); i++) scheduler.advance(Duration.ofSeconds(1));
        assertThat(execution.completion()).isDone();
    }

    @Test
    void resuming_from_every_recorded_snapshot_reaches_the_same_end() throws Exception {
        StateMachine machine = StateMachine.parse("Durable", DEFINITION);
        clock = new ManualScheduler(T0);
        List<Recorded> recorded = new ArrayList<>();
        InMemoryExecutionJournal journal = new InMemoryExecutionJournal();
        ManualScheduler referenceClock = clock;
        Execution reference = engine(clock, entry -> {
            journal.record(entry);
            recorded.add(new Recorded(entry, referenceClock.now()));
        }).start(machine, "reference", "{\"job\": 7}");
        runToEnd(clock, reference);
        ExecutionDescription expected = reference.completion().join();
        assertThat(expected.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(JsonTrees.write(expected.output())).isEqualTo("{\"job\":7,\"prepared\":{\"items\":[1,2,3]},"
                + "\"fan\":[\"slow done\",{\"v\":42}],\"each\":[{\"v\":2},{\"v\":4},{\"v\":6}]}");
        List<String> expectedTypes = ConformanceTest.normalized(reference.history().stream().map(HistoryEvent::type).toList());
        assertThat(journal.history(reference.arn())).isEqualTo(reference.history());
        assertThat(recorded.size()).isGreaterThan(30);
        assertThat(recorded).filteredOn(r -> r.entry().snapshot().toString().contains("\"phase\":\"WAITING\"")).isNotEmpty();
        assertThat(recorded).filteredOn(r -> r.entry().snapshot().toString().contains("\"phase\":\"RETRY_WAIT\"")).isNotEmpty();
        assertThat(recorded).filteredOn(r -> r.entry().snapshot().toString().contains("\"phase\":\"CHILDREN\"")).isNotEmpty();

        for (int k = 0; k < recorded.size(); k++) {
            Recorded crash = recorded.get(k);
            // what a database gives back: the snapshot as text, and the history rows written with it
            JsonNode snapshot = JsonTrees.parse(JsonTrees.write(crash.entry().snapshot()));
            List<HistoryEvent> stored = new ArrayList<>();
            for (Recorded r : recorded.subList(0, k + 1)) {
                for (HistoryEvent event : r.entry().events()) stored.add(HistoryEvent.fromJson(JsonTrees.parse(JsonTrees.write(event.toJson()))));
            }
            clock = new ManualScheduler(crash.at());
            InMemoryExecutionJournal fresh = new InMemoryExecutionJournal();
            Execution resumed = engine(clock, fresh).resume(machine, snapshot, stored);
            runToEnd(clock, resumed);

            ExecutionDescription d = resumed.completion().join();
            assertThat(d.status()).as("snapshot %d", k).isEqualTo(ExecutionStatus.SUCCEEDED);
            assertThat(d.output()).as("snapshot %d", k).isEqualTo(expected.output());
            List<HistoryEvent> history = resumed.history();
            assertThat(ConformanceTest.normalized(history.stream().map(HistoryEvent::type).toList())).as("snapshot %d", k)
                    .isEqualTo(expectedTypes);
            for (int i = 0; i < history.size(); i++) {
                assertThat(history.get(i).id()).as("snapshot %d event %d", k, i).isEqualTo(i + 1);
                assertThat(history.get(i).previousEventId()).isLessThan(history.get(i).id());
            }
        }
    }

    @Test
    void a_resumed_wait_sleeps_only_the_rest() {
        StateMachine machine = StateMachine.parse("Sleepy", """
                {"StartAt": "Nap", "States": {"Nap": {"Type": "Wait", "Seconds": 10, "Next": "Up"}, "Up": {"Type": "Pass", "End": true}}}""");
        clock = new ManualScheduler(T0);
        InMemoryExecutionJournal journal = new InMemoryExecutionJournal();
        Execution first = engine(clock, journal).start(machine, "nap", "{}");
        clock.advance(Duration.ofSeconds(4));
        JsonNode snapshot = journal.latestSnapshot(first.arn());
        assertThat(snapshot.at("/root/wakeAt").textValue()).isEqualTo(T0.plusSeconds(10).toString());

        clock = new ManualScheduler(T0.plusSeconds(7));   // the new process starts 3 s later
        Execution resumed = engine(clock, journal).resume(machine, snapshot, journal.historyUpTo(first.arn(), snapshot));
        assertThat(clock.pending()).containsExactly(T0.plusSeconds(10));
        clock.advance(Duration.ofMillis(2999));
        assertThat(resumed.completion()).isNotDone();
        clock.advance(Duration.ofMillis(1));
        assertThat(resumed.completion().join().status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        HistoryEvent exited = resumed.history().stream().filter(e -> e.type().equals("WaitStateExited")).findFirst().orElseThrow();
        assertThat(exited.timestamp()).isEqualTo(T0.plusSeconds(10));
        assertThat(journal.history(first.arn())).extracting(HistoryEvent::type).containsExactly("ExecutionStarted",
                "WaitStateEntered", "WaitStateExited", "PassStateEntered", "PassStateExited", "ExecutionSucceeded");
    }

    @Test
    void a_resumed_backoff_waits_only_the_rest_and_an_in_flight_task_runs_again_with_the_same_key() {
        StateMachine machine = StateMachine.parse("Flaky", """
                {"StartAt": "Work", "States": {"Work": {"Type": "Task", "Resource": "arn:x:prepare",
                 "Retry": [{"ErrorEquals": ["Transient"], "IntervalSeconds": 20}], "Next": "Slow"},
                 "Slow": {"Type": "Task", "Resource": "arn:x:slow", "End": true}}}""");
        clock = new ManualScheduler(T0);
        InMemoryExecutionJournal journal = new InMemoryExecutionJournal();
        Execution first = engine(clock, journal).start(machine, "flaky", "{}");
        clock.advance(Duration.ofSeconds(15));
        JsonNode backoff = journal.latestSnapshot(first.arn());
        assertThat(backoff.at("/root/phase").textValue()).isEqualTo("RETRY_WAIT");

        clock = new ManualScheduler(T0.plusSeconds(16));
        Execution second = engine(clock, journal).resume(machine, backoff, journal.historyUpTo(first.arn(), backoff));
        assertThat(clock.pending()).containsExactly(T0.plusSeconds(20));
        clock.advance(Duration.ofSeconds(4));   // the retry succeeds, then Slow is invoked and stays in flight
        JsonNode inFlight = journal.latestSnapshot(first.arn());
        assertThat(inFlight.at("/root/phase").textValue()).isEqualTo("TASK");
        assertThat(inFlight.at("/root/state").textValue()).isEqualTo("Slow");
        TaskContext before = invocations.get(invocations.size() - 1);

        clock = new ManualScheduler(T0.plusSeconds(21));
        Execution third = engine(clock, journal).resume(machine, inFlight, journal.historyUpTo(first.arn(), inFlight));
        TaskContext again = invocations.get(invocations.size() - 1);
        assertThat(again).isNotSameAs(before);
        assertThat(again.idempotencyKey()).isEqualTo(before.idempotencyKey());
        assertThat(again.attempt()).isEqualTo(before.attempt());
        clock.advance(Duration.ofSeconds(5));
        assertThat(third.completion().join().output().textValue()).isEqualTo("slow done");
        assertThat(second.completion()).isNotDone();   // the engine that "died" never finishes
        List<String> types = journal.history(first.arn()).stream().map(HistoryEvent::type).toList();
        assertThat(types).containsExactly("ExecutionStarted", "TaskStateEntered", "TaskScheduled", "TaskStarted", "TaskFailed",
                "TaskScheduled", "TaskStarted", "TaskSucceeded", "TaskStateExited", "TaskStateEntered", "TaskScheduled", "TaskStarted",
                "TaskSucceeded", "TaskStateExited", "ExecutionSucceeded");
    }

    @Test
    void a_finished_snapshot_resumes_as_finished() {
        StateMachine machine = StateMachine.parse("Quick", """
                {"StartAt": "A", "States": {"A": {"Type": "Pass", "Result": 1, "End": true}}}""");
        clock = new ManualScheduler(T0);
        InMemoryExecutionJournal journal = new InMemoryExecutionJournal();
        Execution done = engine(clock, journal).start(machine, "quick", "{}");
        assertThat(journal.finished(done.arn())).isTrue();
        Execution again = engine(clock, journal).resume(machine, journal.latestSnapshot(done.arn()), journal.history(done.arn()));
        assertThat(again.completion().join().output()).isEqualTo(JsonTrees.NODES.numberNode(1));
    }
}
