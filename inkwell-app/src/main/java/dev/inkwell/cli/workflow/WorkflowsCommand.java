package dev.inkwell.cli.workflow;

import dev.inkwell.cli.Cli;
import dev.inkwell.cli.CommonOptions;
import dev.inkwell.cli.JsonOutput;
import dev.inkwell.cli.StoreOptions;
import dev.inkwell.store.Store;
import dev.inkwell.workflow.ExecutionStatus;
import dev.inkwell.workflow.runtime.ExecutionStore;
import dev.inkwell.workflow.runtime.WorkflowRecord;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "workflows", mixinStandardHelpOptions = true,
        description = {"List the workflows of the store (as 'workflows list'); create, update, describe, delete and start them, or run a definition once.",
                "A workflow is an Amazon States Language state machine (as the Step Functions console exports it) with a mapping of its "
                        + "Lambda functions to Inkwell functions. Its executions live in the store: every 'inkwell serve' sharing it runs them; "
                        + "'inkwell executions' follows them."},
        subcommands = {WorkflowsCreateCommand.class, WorkflowsUpdateCommand.class, WorkflowsListCommand.class, WorkflowsDescribeCommand.class,
                WorkflowsDeleteCommand.class, WorkflowsStartCommand.class, WorkflowsRunCommand.class})
public final class WorkflowsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Mixin
    StoreOptions store;

    @Override
    public Integer call() {
        return list(spec, common, store);
    }

    static int list(CommandSpec spec, CommonOptions common, StoreOptions options) {
        Store store = options.open();
        List<WorkflowRecord> all = Workflows.catalog(store).list();
        ExecutionStore executions = Workflows.executions(store);
        PrintWriter out = spec.commandLine().getOut();
        if (common.json()) {
            List<Object> items = new ArrayList<>();
            for (WorkflowRecord w : all) {
                var item = w.toJson(false);
                item.put("stateMachineArn", Workflows.stateMachineArn(w.name()));
                var counts = item.putObject("executions");
                executions.counts(w.name()).forEach((status, n) -> counts.put(status.name(), n));
                items.add(item);
            }
            JsonOutput.print(out, Map.of("store", store.displayName(), "workflows", items));
            return Cli.OK;
        }
        if (all.isEmpty()) {
            out.printf("no workflows in %s: make one with 'inkwell workflows create NAME --definition FILE [--functions MAP.json]'%n",
                    store.displayName());
            out.flush();
            return Cli.OK;
        }
        int width = "NAME".length();
        for (WorkflowRecord w : all) width = Math.max(width, w.name().length());
        String format = "%-" + width + "s  %8s  %-20s  %7s  %9s  %6s  %7s%n";
        out.printf(format, "NAME", "REVISION", "UPDATED", "RUNNING", "SUCCEEDED", "FAILED", "ABORTED");
        for (WorkflowRecord w : all) {
            Map<ExecutionStatus, Long> n = executions.counts(w.name());
            out.printf(format, w.name(), w.revision(), ExecutionViews.time(w.updatedAt()), n.get(ExecutionStatus.RUNNING),
                    n.get(ExecutionStatus.SUCCEEDED), n.get(ExecutionStatus.FAILED), n.get(ExecutionStatus.ABORTED));
        }
        out.flush();
        return Cli.OK;
    }
}
