package dev.inkwell.cli.workflow;

import dev.inkwell.cli.Cli;
import dev.inkwell.cli.CommonOptions;
import dev.inkwell.cli.JsonOutput;
import dev.inkwell.cli.StoreOptions;
import dev.inkwell.workflow.ExecutionStatus;
import dev.inkwell.workflow.runtime.ExecutionRecord;
import dev.inkwell.workflow.runtime.WorkflowCatalog;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(name = "executions", mixinStandardHelpOptions = true,
        description = {"List the workflow executions of the store, newest first (as 'executions list'); describe one, show its history, stop it.",
                "An execution is named by its ARN or, shorter, WORKFLOW:NAME as the tables show it."},
        subcommands = {ExecutionsListCommand.class, ExecutionsDescribeCommand.class, ExecutionsHistoryCommand.class, ExecutionsStopCommand.class})
public final class ExecutionsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Mixin
    StoreOptions store;

    @Mixin
    Filter filter;

    /** Which executions to list (a picocli mixin). */
    public static final class Filter {
        @Option(names = "--workflow", paramLabel = "NAME", description = "Only this workflow's.")
        String workflow;

        @Option(names = "--status", paramLabel = "STATUS", description = "Only RUNNING, SUCCEEDED, FAILED or ABORTED ones.")
        ExecutionStatus status;

        @Option(names = "--limit", paramLabel = "N", defaultValue = "100", description = "At most N (default: ${DEFAULT-VALUE}).")
        int limit;
    }

    @Override
    public Integer call() {
        return list(spec, common, store, filter);
    }

    static int list(CommandSpec spec, CommonOptions common, StoreOptions store, Filter filter) {
        if (filter.workflow != null) WorkflowCatalog.checkName(filter.workflow);
        if (filter.limit < 1) throw new ParameterException(spec.commandLine(), "--limit must be at least 1");
        List<ExecutionRecord> all = Workflows.executions(store.open()).list(filter.workflow, filter.status, null, filter.limit);
        PrintWriter out = spec.commandLine().getOut();
        if (common.json()) {
            JsonOutput.print(out, Map.of("executions", all.stream().map(r -> r.toListJson(Workflows.stateMachineArn(r.workflow()))).toList()));
            return Cli.OK;
        }
        if (all.isEmpty()) {
            out.println("no executions" + (filter.workflow == null ? "" : " of " + filter.workflow)
                    + (filter.status == null ? "" : " " + filter.status));
            out.flush();
            return Cli.OK;
        }
        ExecutionViews.table(out, all);
        return Cli.OK;
    }
}
