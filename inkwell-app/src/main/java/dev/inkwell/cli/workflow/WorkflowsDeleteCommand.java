package dev.inkwell.cli.workflow;

import dev.inkwell.cli.Cli;
import dev.inkwell.cli.CommonOptions;
import dev.inkwell.cli.JsonOutput;
import dev.inkwell.cli.StoreOptions;
import dev.inkwell.store.Store;
import dev.inkwell.workflow.ExecutionStatus;
import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "delete", mixinStandardHelpOptions = true,
        description = "Delete a workflow: it is no longer listed nor started. Its running executions carry on to their end; histories stay.")
public final class WorkflowsDeleteCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Mixin
    StoreOptions store;

    @Parameters(index = "0", paramLabel = "NAME", description = "The workflow.")
    String name;

    @Override
    public Integer call() {
        Store s = store.open();
        Workflows.catalog(s).delete(name);
        long running = Workflows.executions(s).counts(name).get(ExecutionStatus.RUNNING);
        PrintWriter out = spec.commandLine().getOut();
        if (common.json()) {
            JsonOutput.print(out, Map.of("deleted", name, "running", running));
            return Cli.OK;
        }
        out.println("deleted workflow " + name + (running == 0 ? "" : " (its " + running + " running executions carry on)"));
        out.flush();
        return Cli.OK;
    }
}
