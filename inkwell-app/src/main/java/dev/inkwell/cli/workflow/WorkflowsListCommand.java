package dev.inkwell.cli.workflow;

import dev.inkwell.cli.CommonOptions;
import dev.inkwell.cli.StoreOptions;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "list", mixinStandardHelpOptions = true, description = "List the workflows of the store, with their executions by status.")
public final class WorkflowsListCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Mixin
    StoreOptions store;

    @Override
    public Integer call() {
        return WorkflowsCommand.list(spec, common, store);
    }
}
