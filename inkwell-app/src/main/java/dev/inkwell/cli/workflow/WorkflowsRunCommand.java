package dev.inkwell.cli.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import dev.inkwell.cli.Cli;
import dev.inkwell.cli.CommonOptions;
import dev.inkwell.cli.JsonOutput;
import dev.inkwell.cli.StoreOptions;
import dev.inkwell.workflow.Execution;
import dev.inkwell.workflow.ExecutionDescription;
import dev.inkwell.workflow.ExecutionStatus;
import dev.inkwell.workflow.HistoryEvent;
import dev.inkwell.workflow.RunResult;
import dev.inkwell.workflow.StateMachine;
import dev.inkwell.workflow.WorkflowEngine;
import dev.inkwell.workflow.json.JsonTrees;
import dev.inkwell.workflow.runtime.WorkflowRecord;
import dev.inkwell.workflow.spi.ExecutorScheduler;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Run one execution of a definition to its end, in memory (nothing is stored), and print how it ended.",
                "--json prints {\"status\", \"output\", \"error\", \"cause\", \"events\": [event types in order]}. "
                        + "The exit code is 0 only when the execution SUCCEEDED."})
public final class WorkflowsRunCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Mixin
    StoreOptions store;

    @Mixin
    DefinitionOptions files;

    @Mixin
    FunctionOptions functions;

    @Option(names = "--input", paramLabel = "JSON|@FILE", defaultValue = "{}",
            description = "The execution's input: JSON text, or @FILE (or FILE) for a JSON file's (default: ${DEFAULT-VALUE}).")
    String input;

    @Option(names = "--name", paramLabel = "NAME", description = "The execution's name (default: a UUID).")
    String name;

    @Option(names = "--timeout", paramLabel = "DURATION", converter = DurationConverter.class, defaultValue = "1h",
            description = "Stop the execution (ABORTED) when it runs longer (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Override
    public Integer call() throws InterruptedException {
        RunResult result;
        try (FunctionOptions.Tasks tasks = functions.open(spec, store); ExecutorScheduler timers = ExecutorScheduler.createDefault()) {
            String workflow = files.nameFromFile();
            JsonNode definition = files.definition(workflow);
            JsonNode mapping = files.functions();
            JsonNode in = JsonSources.argument(input, "--input");
            StateMachine machine = StateMachine.of(workflow, definition);
            Instant now = Instant.now();
            WorkflowRecord record = new WorkflowRecord(workflow, 1, definition, mapping == null ? JsonTrees.object() : mapping, now, now);
            files.located(() -> {
                tasks.router().check(record);
                return record;
            });
            WorkflowEngine engine = WorkflowEngine.builder().tasks(tasks.router().tasks(record)).scheduler(timers).build();
            result = result(engine.start(machine, name, in), timeout);
        }
        PrintWriter out = spec.commandLine().getOut();
        if (common.json()) {
            JsonOutput.print(out, result.toJson());
        } else {
            ExecutionDescription d = result.description();
            out.printf("%-10s  %s%n", "status", d.status());
            out.printf("%-10s  %s%n", "took", ExecutionViews.took(d.startDate(), d.stopDate()) + ", " + result.events().size() + " events");
            if (d.output() != null) out.printf("%-10s  %s%n", "output", ExecutionViews.cut(JsonTrees.write(d.output()), ExecutionViews.WIDE));
            if (d.error() != null) out.printf("%-10s  %s%n", "error", d.error());
            if (d.cause() != null) out.printf("%-10s  %s%n", "cause", ExecutionViews.cut(d.cause(), ExecutionViews.WIDE));
            out.flush();
        }
        if (result.status() == ExecutionStatus.SUCCEEDED) return Cli.OK;
        PrintWriter err = spec.commandLine().getErr();
        err.println("inkwell: the execution " + result.status() + (result.error() == null ? "" : ": " + result.error()));
        err.flush();
        return Cli.FAILURE;
    }

    private static RunResult result(Execution execution, Duration timeout) throws InterruptedException {
        ExecutionDescription d;
        try {
            d = execution.completion().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            execution.stop("Inkwell.Timeout", "still running after --timeout " + timeout);
            d = execution.completion().join();
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
        List<HistoryEvent> history = execution.history();
        return new RunResult(d.status(), d.output(), d.error(), d.cause(), history.stream().map(HistoryEvent::type).toList(), d, history);
    }
}
