package dev.inkwell.cli.workflow;

import dev.inkwell.cli.CommonOptions;
import dev.inkwell.cli.StoreOptions;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "list", mixinStandardHelpOptions = true, description = "List executions, newest first (ListExecutions).")
public final class ExecutionsListCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Mixin
    StoreOptions store;

    @Mixin
    ExecutionsCommand.Filter filter;

    @Override
    public Integer call() {
        return ExecutionsCommand.list(spec, common, store, filter);
    }
}
