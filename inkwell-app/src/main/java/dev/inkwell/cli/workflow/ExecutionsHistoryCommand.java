package dev.inkwell.cli.workflow;

import dev.inkwell.cli.Cli;
import dev.inkwell.cli.CommonOptions;
import dev.inkwell.cli.JsonOutput;
import dev.inkwell.cli.StoreOptions;
import dev.inkwell.workflow.HistoryEvent;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "history", mixinStandardHelpOptions = true,
        description = "Show an execution's events in order: states entered and exited, tasks, failures (--json: GetExecutionHistory's answer).")
public final class ExecutionsHistoryCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Mixin
    StoreOptions store;

    @Parameters(index = "0", paramLabel = "ARN|WORKFLOW:NAME", description = "The execution.")
    String execution;

    @Option(names = "--reverse", description = "Newest first.")
    boolean reverse;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "1000", description = "At most N events (default: ${DEFAULT-VALUE}).")
    int limit;

    @Override
    public Integer call() {
        if (limit < 1) throw new ParameterException(spec.commandLine(), "--limit must be at least 1");
        List<HistoryEvent> events = Workflows.executions(store.open()).history(Workflows.executionArn(execution), reverse, limit, 0);
        PrintWriter out = spec.commandLine().getOut();
        if (common.json()) JsonOutput.print(out, Map.of("events", events.stream().map(HistoryEvent::toJson).toList()));
        else ExecutionViews.history(out, events);
        return Cli.OK;
    }
}
