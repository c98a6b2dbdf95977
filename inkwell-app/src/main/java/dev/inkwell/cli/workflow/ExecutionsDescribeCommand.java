package dev.inkwell.cli.workflow;

import dev.inkwell.cli.Cli;
import dev.inkwell.cli.CommonOptions;
import dev.inkwell.cli.JsonOutput;
import dev.inkwell.cli.StoreOptions;
import dev.inkwell.workflow.runtime.ExecutionRecord;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "describe", mixinStandardHelpOptions = true,
        description = "Show an execution: status, input, output or error (--json: DescribeExecution's answer).")
public final class ExecutionsDescribeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Mixin
    StoreOptions store;

    @Parameters(index = "0", paramLabel = "ARN|WORKFLOW:NAME", description = "The execution.")
    String execution;

    @Override
    public Integer call() {
        ExecutionRecord r = Workflows.executions(store.open()).describe(Workflows.executionArn(execution));
        PrintWriter out = spec.commandLine().getOut();
        if (common.json()) JsonOutput.print(out, r.toJson(Workflows.stateMachineArn(r.workflow())));
        else ExecutionViews.describe(out, r);
        return Cli.OK;
    }
}
