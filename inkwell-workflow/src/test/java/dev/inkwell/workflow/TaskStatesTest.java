package dev.inkwell.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.inkwell.workflow.json.JsonTrees;
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

/** Task states against in-memory functions: Retry, Catch, timeouts and heartbeats, on a clock moved by hand. */
class TaskStatesTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private final ManualScheduler clock = new ManualScheduler(T0);
    private final List<TaskContext> calls = new CopyOnWriteArrayList<>();

    private WorkflowEngine engine(TaskInvoker tasks) {
        TaskInvoker recording = (resource, parameters, context) -> {
            calls.add(context);
            return tasks.invoke(resource, parameters, context);
        };
        return WorkflowEngine.builder().tasks(recording).scheduler(clock).executor(Runnable::run).build();
    }

    private static StateMachine machine(String json) {
        return StateMachine.parse("Tasks", json.replace('\'', '"'));
    }

    private static List<String> types(Execution e) {
        return e.history().stream().map(HistoryEvent::type).toList();
    }

    /** Fails with {@code error} for the first {@code failures} attempts, then answers {"ok": attempt}. */
    private static TaskInvoker flaky(int failures, String error) {
        return (resource, parameters, context) -> context.attempt() < failures
                ? CompletableFuture.failedFuture(new TaskFailedException(error, "attempt " + context.attempt() + " failed"))
                : CompletableFuture.completedFuture(JsonTrees.object().put("ok", context.attempt()));
    }

    @Test
    void retries_with_exponential_backoff_then_succeeds() {
        Execution e = engine(flaky(2, "Transient")).start(machine("{'StartAt':'Work','States':{'Work':{'Type':'Task','Resource':'arn:aws:lambda:us-east-1:1:function:f',"
                + "'Retry':[{'ErrorEquals':['Other']},{'ErrorEquals':['Transient'],'IntervalSeconds':2,'BackoffRate':3,'MaxAttempts':3}],'End':true}}}"),
                "retry", "{}");
        assertThat(calls).hasSize(1);
        assertThat(clock.pending()).containsExactly(T0.plusSeconds(2));
        clock.advance(Duration.ofMillis(1999));
        assertThat(calls).hasSize(1);
        clock.advance(Duration.ofMillis(1));
        assertThat(calls).hasSize(2);
        assertThat(clock.pending()).containsExactly(T0.plusSeconds(2 + 6));
        clock.advance(Duration.ofSeconds(6));
        assertThat(calls).hasSize(3);

        ExecutionDescription d = e.completion().join();
        assertThat(d.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(d.output()).isEqualTo(JsonTrees.object().put("ok", 2));
        assertThat(calls).extracting(TaskContext::attempt).containsExactly(0, 1, 2);
        assertThat(calls).extracting(TaskContext::idempotencyKey).doesNotHaveDuplicates()
                .allSatisfy(k -> assertThat(k).startsWith(e.arn() + "#Work#"));
        assertThat(types(e)).containsExactly("ExecutionStarted", "TaskStateEntered",
                "TaskScheduled", "TaskStarted", "TaskFailed",
                "TaskScheduled", "TaskStarted", "TaskFailed",
                "TaskScheduled", "TaskStarted", "TaskSucceeded", "TaskStateExited", "ExecutionSucceeded");
    }

    @Test
    void max_delay_caps_the_backoff_and_full_jitter_stays_below_it() {
        engine(flaky(5, "Transient")).start(machine("{'StartAt':'Work','States':{'Work':{'Type':'Task','Resource':'arn:x:f',"
                + "'Retry':[{'ErrorEquals':['States.ALL'],'IntervalSeconds':10,'BackoffRate':10,'MaxAttempts':5,'MaxDelaySeconds':30}],'End':true}}}"),
                "cap", "{}");
        List<Duration> delays = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Instant now = clock.now();
            Instant wake = clock.pending().get(0);
            delays.add(Duration.between(now, wake));
            clock.advance(Duration.between(now, wake));
        }
        assertThat(delays).containsExactly(Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(30));

        calls.clear();
        ManualScheduler jitterClock = new ManualScheduler(T0);
        WorkflowEngine jittery = WorkflowEngine.builder().tasks(flaky(1, "Transient")).scheduler(jitterClock).executor(Runnable::run).build();
        jittery.start(machine("{'StartAt':'Work','States':{'Work':{'Type':'Task','Resource':'arn:x:f',"
                + "'Retry':[{'ErrorEquals':['Transient'],'IntervalSeconds':8,'JitterStrategy':'FULL'}],'End':true}}}"), "jitter", "{}");
        assertThat(jitterClock.pending()).singleElement().satisfies(w -> assertThat(w).isBetween(T0, T0.plusSeconds(8)));
    }

    @Test
    void exhausted_retries_are_caught_with_result_path() {
        Execution e = engine(flaky(10, "Broken")).start(machine("{'StartAt':'Work','States':{"
                + "'Work':{'Type':'Task','Resource':'arn:x:f','Retry':[{'ErrorEquals':['Broken'],'IntervalSeconds':1,'MaxAttempts':2}],"
                + "'Catch':[{'ErrorEquals':['Nope'],'Next':'Wrong'},{'ErrorEquals':['States.TaskFailed'],'ResultPath':'$.failure','Next':'Recover'}],'Next':'Wrong'},"
                + "'Wrong':{'Type':'Fail','Error':'Wrong'},"
                + "'Recover':{'Type':'Pass','End':true}}}"), "catch", "{\"image\":\"a.png\"}");
        clock.advance(Duration.ofSeconds(1));
        clock.advance(Duration.ofSeconds(2));
        ExecutionDescription d = e.completion().join();
        assertThat(calls).hasSize(3);
        assertThat(d.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(JsonTrees.write(d.output())).isEqualTo("{\"image\":\"a.png\",\"failure\":{\"Error\":\"Broken\",\"Cause\":\"attempt 2 failed\"}}");
        assertThat(types(e)).endsWith("TaskFailed", "TaskStateExited", "PassStateEntered", "PassStateExited", "ExecutionSucceeded");
    }

    @Test
    void an_uncaught_failure_fails_the_execution_with_the_task_error() {
        Execution e = engine(flaky(1, "THRESHOLD_CONFIDENCE_NOT_MET")).start(machine(
                "{'StartAt':'Work','States':{'Work':{'Type':'Task','Resource':'arn:x:f','End':true}}}"), "fail", "{}");
        ExecutionDescription d = e.completion().join();
        assertThat(d.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(d.error()).isEqualTo("THRESHOLD_CONFIDENCE_NOT_MET");
        assertThat(d.cause()).isEqualTo("attempt 0 failed");
        assertThat(types(e)).containsExactly("ExecutionStarted", "TaskStateEntered", "TaskScheduled", "TaskStarted", "TaskFailed", "ExecutionFailed");
        HistoryEvent failed = e.history().get(4);
        assertThat(failed.toJson().get("taskFailedEventDetails").get("error").textValue()).isEqualTo("THRESHOLD_CONFIDENCE_NOT_MET");
    }

    @Test
    void a_plain_exception_is_states_task_failed() {
        Execution e = engine((r, p, c) -> {
            throw new IllegalStateException("disk full");
        }).start(machine("{'StartAt':'Work','States':{'Work':{'Type':'Task','Resource':'arn:x:f','End':true}}}"), "boom", "{}");
        ExecutionDescription d = e.completion().join();
        assertThat(d.error()).isEqualTo("States.TaskFailed");
        assertThat(d.cause()).isEqualTo("disk full");
    }

    @Test
    void timeout_fails_the_task_with_states_timeout_and_can_be_caught() {
        CompletableFuture<JsonNode> never = new CompletableFuture<>();
        Execution e = engine((r, p, c) -> never).start(machine("{'StartAt':'Work','States':{"
                + "'Work':{'Type':'Task','Resource':'arn:x:f','TimeoutSecondsPath':'$.limit','Catch':[{'ErrorEquals':['States.Timeout'],'Next':'Late'}],'End':true},"
                + "'Late':{'Type':'Pass','Result':'late','End':true}}}"), "timeout", "{\"limit\":5}");
        assertThat(calls).singleElement().satisfies(c -> assertThat(c.timeoutSeconds()).isEqualTo(5L));
        clock.advance(Duration.ofSeconds(4));
        assertThat(e.completion()).isNotDone();
        clock.advance(Duration.ofSeconds(1));
        ExecutionDescription d = e.completion().join();
        assertThat(d.output().textValue()).isEqualTo("late");
        assertThat(types(e)).containsSubsequence("TaskStarted", "TaskTimedOut", "TaskStateExited", "PassStateEntered");
        never.complete(JsonTrees.object());   // a late answer changes nothing
        assertThat(e.describe().output().textValue()).isEqualTo("late");
    }

    @Test
    void heartbeats_keep_a_task_alive_and_their_absence_fails_it() {
        List<TaskContext> running = new ArrayList<>();
        List<CompletableFuture<JsonNode>> answers = new ArrayList<>();
        WorkflowEngine engine = engine((r, p, c) -> {
            running.add(c);
            CompletableFuture<JsonNode> f = new CompletableFuture<>();
            answers.add(f);
            return f;
        });
        StateMachine m = machine("{'StartAt':'Work','States':{'Work':{'Type':'Task','Resource':'arn:x:f','TimeoutSeconds':60,'HeartbeatSeconds':3,'End':true}}}");
        Execution alive = engine.start(m, "alive", "{}");
        for (int i = 0; i < 5; i++) {
            clock.advance(Duration.ofSeconds(2));
            running.get(0).heartbeat();
        }
        answers.get(0).complete(JsonTrees.NODES.textNode("done"));
        assertThat(alive.completion().join().status()).isEqualTo(ExecutionStatus.SUCCEEDED);

        Execution silent = engine.start(m, "silent", "{}");
        clock.advance(Duration.ofSeconds(3));
        ExecutionDescription d = silent.completion().join();
        assertThat(d.error()).isEqualTo("States.HeartbeatTimeout");
        assertThat(types(silent)).containsSubsequence("TaskStarted", "TaskTimedOut", "ExecutionFailed");
    }

    @Test
    void parameters_result_selector_result_path_and_output_path() {
        TaskInvoker echo = (r, p, c) -> CompletableFuture.completedFuture(JsonTrees.object().set("echo", p));
        Execution e = engine(echo).start(machine("{'StartAt':'Work','States':{'Work':{'Type':'Task','Resource':'arn:x:f',"
                + "'InputPath':'$.job','Parameters':{'name.$':'$.name','fixed':1,'who.$':'$$.State.Name'},"
                + "'ResultSelector':{'got.$':'$.echo.name','state.$':'$.echo.who'},'ResultPath':'$.job.result','OutputPath':'$.job','End':true}}}"),
                "shape", "{\"job\":{\"name\":\"n1\"},\"other\":true}");
        assertThat(JsonTrees.write(e.completion().join().output())).isEqualTo("{\"name\":\"n1\",\"result\":{\"got\":\"n1\",\"state\":\"Work\"}}");
    }

    @Test
    void jsonata_task_arguments_output_assign_and_catch_output() {
        TaskInvoker double_ = (r, p, c) -> p.path("n").asInt() < 0
                ? CompletableFuture.failedFuture(new TaskFailedException("Negative", "n < 0"))
                : CompletableFuture.completedFuture(JsonTrees.object().put("v", p.path("n").asInt() * 2));
        StateMachine m = machine("{'QueryLanguage':'JSONata','StartAt':'Work','States':{"
                + "'Work':{'Type':'Task','Resource':'arn:x:f','Arguments':{'n':'{% $states.input.n %}'},"
                + "'Assign':{'seen':'{% $states.result.v %}'},'Output':{'doubled':'{% $states.result.v %}'},"
                + "'Catch':[{'ErrorEquals':['Negative'],'Output':'{% $states.errorOutput %}','Assign':{'seen':-1},'Next':'Report'}],'Next':'Report'},"
                + "'Report':{'Type':'Pass','Output':'{% $merge([$states.input, {\\'seen\\': $seen}]) %}','End':true}}}");
        WorkflowEngine engine = engine(double_);
        assertThat(JsonTrees.write(engine.start(m, "ok", "{\"n\":21}").completion().join().output())).isEqualTo("{\"doubled\":42,\"seen\":42}");
        assertThat(JsonTrees.write(engine.start(m, "neg", "{\"n\":-1}").completion().join().output()))
                .isEqualTo("{\"Error\":\"Negative\",\"Cause\":\"n < 0\",\"seen\":-1}");
    }

    @Test
    void the_machines_timeout_seconds_ends_a_long_execution() {
        Execution e = engine((r, p, c) -> new CompletableFuture<>()).start(machine(
                "{'TimeoutSeconds':30,'StartAt':'Work','States':{'Work':{'Type':'Task','Resource':'arn:x:f','End':true}}}"), "slow", "{}");
        clock.advance(Duration.ofSeconds(29));
        assertThat(e.completion()).isNotDone();
        clock.advance(Duration.ofSeconds(1));
        ExecutionDescription d = e.completion().join();
        assertThat(d.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(d.error()).isEqualTo("States.Timeout");
        assertThat(types(e)).endsWith("TaskStarted", "ExecutionTimedOut");
    }
}
