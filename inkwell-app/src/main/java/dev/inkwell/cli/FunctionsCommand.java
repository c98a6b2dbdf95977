package dev.inkwell.cli;

import dev.inkwell.functions.Function;
import dev.inkwell.functions.Functions;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "functions", mixinStandardHelpOptions = true,
        description = {"List Inkwell's functions (what triggers and workflows run); 'functions invoke' runs one once."},
        subcommands = FunctionsInvokeCommand.class)
public final class FunctionsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        var all = Functions.builtIn().all();
        if (common.json()) {
            JsonOutput.print(out, Map.of("functions", all.stream().map(f -> {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("name", f.name());
                m.put("description", f.description());
                m.put("object_events", f.takesObjectEvents());
                return m;
            }).toList()));
            return Cli.OK;
        }
        for (Function f : all) out.printf("%-10s %s%s%n", f.name(), f.description(), f.takesObjectEvents() ? "" : " (not for triggers)");
        out.flush();
        return Cli.OK;
    }
}
