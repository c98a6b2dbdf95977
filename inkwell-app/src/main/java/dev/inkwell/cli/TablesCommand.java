package dev.inkwell.cli;

import dev.inkwell.core.InkwellException;
import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "tables", mixinStandardHelpOptions = true,
        description = "List the samples tables of the store with their rows per split ('ingest' fills them).",
        subcommands = TablesCommand.Drop.class)
public final class TablesCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Mixin
    StoreOptions store;

    @Override
    public Integer call() {
        var s = store.open();
        Map<String, Map<String, Long>> tables = s.tables();
        PrintWriter out = spec.commandLine().getOut();
        if (common.json()) {
            JsonOutput.print(out, Map.of("store", s.displayName(), "tables", tables));
            return Cli.OK;
        }
        if (tables.isEmpty()) out.printf("no tables in %s: fill one with 'inkwell ingest --data PATH'%n", s.displayName());
        tables.forEach((name, splits) -> out.printf("%-20s %s%n", name, describe(splits)));
        out.flush();
        return Cli.OK;
    }

    /** "70,000 rows: train 60,000, test 10,000". */
    static String describe(Map<String, Long> splits) {
        long total = splits.values().stream().mapToLong(Long::longValue).sum();
        return String.format("%,d rows: %s", total, splits.entrySet().stream()
                .map(e -> String.format("%s %,d", e.getKey(), e.getValue())).collect(Collectors.joining(", ")));
    }

    @Command(name = "drop", mixinStandardHelpOptions = true, description = "Delete a table's rows.")
    static final class Drop implements Callable<Integer> {
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
            long n = store.open().table(name).drop();
            if (n == 0) throw new InkwellException("table " + name + ": no such table (or it was empty): nothing deleted");
            PrintWriter out = spec.commandLine().getOut();
            if (common.json()) JsonOutput.print(out, Map.of("table", name, "dropped", n));
            else out.printf("table %s: %,d rows deleted%n", name, n);
            out.flush();
            return Cli.OK;
        }
    }
}
