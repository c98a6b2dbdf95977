package dev.inkwell.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.inkwell.workflow.json.JsonTrees;
import dev.inkwell.workflow.spi.InMemoryItemSource;
import dev.inkwell.workflow.spi.InMemoryResultSink;
import dev.inkwell.workflow.spi.TaskFailedException;
import dev.inkwell.workflow.spi.TaskInvoker;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Parallel and Map with tasks: concurrency limits, tolerated failures, variable scopes, distributed mode. */
class ContainerStatesTest {
    private final ManualScheduler clock = new ManualScheduler(Instant.parse("2026-01-01T00:00:00Z"));
    private final List<CompletableFuture<JsonNode>> pending = new ArrayList<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private int maxInFlight;

    /** Answers {"v": 2*v} when the test completes it; counts how many are in flight at once. */
    private final TaskInvoker held = (resource, parameters, context) -> {
        maxInFlight = Math.max(maxInFlight, inFlight.incrementAndGet());
        CompletableFuture<JsonNode> f = new CompletableFuture<>();
        pending.add(f);
        return f.thenApply(x -> {
            inFlight.decrementAndGet();
            return x;
        });
    };

    private WorkflowEngine engine(TaskInvoker tasks) {
        return WorkflowEngine.builder().tasks(tasks).scheduler(clock).executor(Runnable::run)
                .itemSource(new InMemoryItemSource().put("photos", "list.json",
                        List.of(JsonTrees.NODES.numberNode(1), JsonTrees.NODES.numberNode(2), JsonTrees.NODES.numberNode(3), JsonTrees.NODES.numberNode(4), JsonTrees.NODES.numberNode(5))))
                .resultSink(sink).build();
    }

    private final InMemoryResultSink sink = new InMemoryResultSink();

    private static StateMachine machine(String json) {
        return StateMachine.parse("Containers", json.replace('\'', '"'));
    }

    @Test
    void map_runs_at_most_max_concurrency_iterations_at_once() {
        Execution e = engine(held).start(machine("{'StartAt':'Each','States':{'Each':{'Type':'Map','MaxConcurrency':2,"
                + "'ItemProcessor':{'StartAt':'T','States':{'T':{'Type':'Task','Resource':'arn:x:t','End':true}}},'End':true}}}"),
                "limit", "[1,2,3,4,5]");
        while (!e.completion().isDone()) {
            assertThat(inFlight.get()).isLessThanOrEqualTo(2);
            pending.stream().filter(f -> !f.isDone()).findFirst().orElseThrow().complete(JsonTrees.NODES.numberNode(pending.size()));
        }
        assertThat(maxInFlight).isEqualTo(2);
        assertThat(e.completion().join().output()).hasSize(5);
    }

    @Test
    void parallel_branches_are_all_in_flight_together_and_results_keep_branch_order() {
        Execution e = engine(held).start(machine("{'StartAt':'P','States':{'P':{'Type':'Parallel','End':true,'Branches':["
                + "{'StartAt':'A','States':{'A':{'Type':'Task','Resource':'arn:x:a','End':true}}},"
                + "{'StartAt':'B','States':{'B':{'Type':'Task','Resource':'arn:x:b','End':true}}},"
                + "{'StartAt':'C','States':{'C':{'Type':'Task','Resource':'arn:x:c','End':true}}}]}}}"), "fan", "{}");
        assertThat(inFlight.get()).isEqualTo(3);
        pending.get(2).complete(JsonTrees.NODES.textNode("c"));
        pending.get(0).complete(JsonTrees.NODES.textNode("a"));
        pending.get(1).complete(JsonTrees.NODES.textNode("b"));
        assertThat(JsonTrees.write(e.completion().join().output())).isEqualTo("[\"a\",\"b\",\"c\"]");
    }

    @Test
    void a_failing_branch_fails_the_parallel_state_and_catch_takes_over() {
        TaskInvoker tasks = (r, p, c) -> r.endsWith(":bad") ? CompletableFuture.failedFuture(new TaskFailedException("Bad", "branch 2"))
                : new CompletableFuture<>();
        Execution e = engine(tasks).start(machine("{'StartAt':'P','States':{'P':{'Type':'Parallel','Next':'Never','Branches':["
                + "{'StartAt':'A','States':{'A':{'Type':'Task','Resource':'arn:x:slow','End':true}}},"
                + "{'StartAt':'B','States':{'B':{'Type':'Task','Resource':'arn:x:bad','End':true}}}],"
                + "'Catch':[{'ErrorEquals':['Bad'],'ResultPath':'$.err','Next':'Handled'}]},"
                + "'Never':{'Type':'Fail'},'Handled':{'Type':'Pass','End':true}}}"), "branchfail", "{}");
        ExecutionDescription d = e.completion().join();
        assertThat(JsonTrees.write(d.output())).isEqualTo("{\"err\":{\"Error\":\"Bad\",\"Cause\":\"branch 2\"}}");
        assertThat(e.history().stream().map(HistoryEvent::type).toList()).containsSubsequence("ParallelStateFailed", "ParallelStateExited",
                "PassStateEntered");
    }

    @Test
    void tolerated_failures_let_a_map_succeed_until_the_threshold() {
        TaskInvoker oddFails = (r, p, c) -> p.asInt() % 2 == 1
                ? CompletableFuture.failedFuture(new TaskFailedException("Odd", "item " + p.asInt()))
                : CompletableFuture.completedFuture(p);
        String body = "'ItemProcessor':{'StartAt':'T','States':{'T':{'Type':'Task','Resource':'arn:x:t','End':true}}},'End':true}}}";
        Execution tolerated = engine(oddFails).start(machine("{'StartAt':'Each','States':{'Each':{'Type':'Map','ToleratedFailureCount':2," + body),
                "ok", "[1,2,3,4]");
        assertThat(JsonTrees.write(tolerated.completion().join().output()))
                .isEqualTo("[{\"Error\":\"Odd\",\"Cause\":\"item 1\"},2,{\"Error\":\"Odd\",\"Cause\":\"item 3\"},4]");
        Execution exceeded = engine(oddFails).start(machine("{'StartAt':'Each','States':{'Each':{'Type':'Map','ToleratedFailurePercentage':30," + body),
                "over", "[1,2,3,4]");
        ExecutionDescription d = exceeded.completion().join();
        assertThat(d.error()).isEqualTo("States.ExceedToleratedFailureThreshold");
    }

    @Test
    void branches_and_iterations_read_outer_variables_and_keep_their_own() {
        Execution e = engine(held).start(machine("{'StartAt':'Set','States':{"
                + "'Set':{'Type':'Pass','Assign':{'factor':10,'label':'outer'},'Next':'Each'},"
                + "'Each':{'Type':'Map','ItemProcessor':{'StartAt':'Inner','States':{"
                + "  'Inner':{'Type':'Pass','Assign':{'label':'inner','mine.$':'$'},'Next':'Use'},"
                + "  'Use':{'Type':'Pass','Parameters':{'f.$':'$factor','label.$':'$label','mine.$':'$mine'},'End':true}}},"
                + " 'ResultPath':'$.items','Next':'After'},"
                + "'After':{'Type':'Pass','Parameters':{'label.$':'$label','items.$':'$.items'},'End':true}}}"), "scopes", "[1,2]");
        assertThat(JsonTrees.write(e.completion().join().output())).isEqualTo(
                "{\"label\":\"outer\",\"items\":[{\"f\":10,\"label\":\"inner\",\"mine\":1},{\"f\":10,\"label\":\"inner\",\"mine\":2}]}");
    }

    @Test
    void assign_sees_the_variables_from_before_the_state() {
        Execution e = engine(held).start(machine("{'QueryLanguage':'JSONata','StartAt':'A','States':{"
                + "'A':{'Type':'Pass','Assign':{'x':1,'y':2},'Next':'B'},"
                + "'B':{'Type':'Pass','Assign':{'x':'{% $y %}','y':'{% $x %}'},'Output':'{% [$x, $y] %}','Next':'C'},"
                + "'C':{'Type':'Pass','Output':'{% [$x, $y] %}','End':true}}}"), "swap", "{}");
        assertThat(JsonTrees.write(e.completion().join().output())).isEqualTo("[2,1]");
    }

    @Test
    void distributed_map_reads_batches_and_writes_through_the_spis() {
        TaskInvoker sum = (r, p, c) -> {
            int total = 0;
            for (JsonNode item : p.get("Items")) total += item.asInt();
            return CompletableFuture.completedFuture(JsonTrees.object().put("sum", total).set("tag", p.get("BatchInput")));
        };
        Execution e = engine(sum).start(machine("{'StartAt':'Each','States':{'Each':{'Type':'Map',"
                + "'ItemReader':{'Resource':'arn:aws:states:::s3:getObject','ReaderConfig':{'InputType':'JSON'},"
                + "  'Parameters':{'Bucket':'photos','Key.$':'$.key'}},"
                + "'ItemBatcher':{'MaxItemsPerBatch':2,'BatchInput':{'run':'r1'}},"
                + "'ResultWriter':{'Resource':'arn:aws:states:::s3:putObject','Parameters':{'Bucket':'results','Prefix':'run1'}},"
                + "'ItemProcessor':{'ProcessorConfig':{'Mode':'DISTRIBUTED','ExecutionType':'STANDARD'},"
                + "  'StartAt':'Sum','States':{'Sum':{'Type':'Task','Resource':'arn:x:sum','End':true}}},'End':true}}}"),
                "distributed", "{\"key\":\"list.json\"}");
        JsonNode out = e.completion().join().output();
        assertThat(out.at("/ResultWriterDetails/Bucket").textValue()).isEqualTo("results");
        assertThat(out.at("/ResultWriterDetails/Key").textValue()).isEqualTo("run1/manifest.json");
        assertThat(sink.results("results", "run1/manifest.json")).extracting(j -> j.get("sum").asInt()).containsExactly(3, 7, 5);
        assertThat(sink.results("results", "run1/manifest.json")).allSatisfy(j -> assertThat(j.at("/tag/run").textValue()).isEqualTo("r1"));
    }

    @Test
    void a_missing_item_source_object_fails_the_map_with_the_readers_error() {
        Execution e = engine(held).start(machine("{'StartAt':'Each','States':{'Each':{'Type':'Map',"
                + "'ItemReader':{'Resource':'arn:aws:states:::s3:getObject','Parameters':{'Bucket':'photos','Key':'nope.json'}},"
                + "'ItemProcessor':{'ProcessorConfig':{'Mode':'DISTRIBUTED'},'StartAt':'P','States':{'P':{'Type':'Pass','End':true}}},'End':true}}}"),
                "noitems", "{}");
        ExecutionDescription d = e.completion().join();
        assertThat(d.error()).isEqualTo("States.ItemReaderFailed");
        assertThat(d.cause()).isEqualTo("No object photos/nope.json");
    }
}
