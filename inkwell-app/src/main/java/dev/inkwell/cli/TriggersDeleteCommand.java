package dev.inkwell.cli;

import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "delete", mixinStandardHelpOptions = true,
        description = "Delete a trigger. Objects already queued for it are still processed.")
public final class TriggersDeleteCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Mixin
    StoreOptions store;

    @Parameters(index = "0", paramLabel = "NAME")
    String name;

    @Override
    public Integer call() {
        TriggersCommand.triggers(store, null).delete(name);
        PrintWriter out = spec.commandLine().getOut();
        if (common.json()) JsonOutput.print(out, Map.of("trigger", name, "deleted", true));
        else out.println("deleted trigger " + name);
        out.flush();
        return Cli.OK;
    }
}
