package dev.inkwell.cli;

import dev.inkwell.store.LabellingItem;
import dev.inkwell.store.LabellingQueue;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code inkwell label}: the labelling queue of captured readings the model was unsure of. */
@Command(name = "label", mixinStandardHelpOptions = true,
        description = {"The labelling queue: captured readings the model was not sure of (top probability under 0.93 by default).",
                "A label writes the reading into a samples table (source labelled) that 'inkwell retrain' learns from. The web page "
                        + "/label.html does the same with the keyboard."},
        subcommands = {LabelCommand.ListItems.class, LabelCommand.Set.class, LabelCommand.Skip.class, LabelCommand.Undo.class})
public final class LabelCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Mixin
    CommonOptions common;
    @Mixin
    StoreOptions store;

    @Override
    public Integer call() {
        return ListItems.print(spec, common, store.open().labelling(), LabellingItem.Status.PENDING, 0, 50);
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Queued readings, oldest first, and the queue's counts.")
    static final class ListItems implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        CommonOptions common;
        @Mixin
        StoreOptions store;
        @Option(names = "--status", defaultValue = "pending", paramLabel = "STATUS",
                description = "pending, labelled, skipped or all (default: ${DEFAULT-VALUE}).")
        String status;
        @Option(names = "--after", defaultValue = "0", paramLabel = "ID", description = "Only items with a larger id (paging).")
        long after;
        @Option(names = "--limit", defaultValue = "50", paramLabel = "N", description = "At most this many (default: ${DEFAULT-VALUE}).")
        int limit;

        @Override
        public Integer call() {
            LabellingItem.Status s = status.equalsIgnoreCase("all") ? null : LabellingItem.Status.parse(status);
            if (s == null && !status.equalsIgnoreCase("all")) {
                throw new ParameterException(spec.commandLine(), "--status " + status + ": expected pending, labelled, skipped or all");
            }
            if (limit < 1 || limit > 10_000) throw new ParameterException(spec.commandLine(), "--limit must be 1 to 10000");
            return print(spec, common, store.open().labelling(), s, after, limit);
        }

        static int print(CommandSpec spec, CommonOptions common, LabellingQueue q, LabellingItem.Status status, long after, int limit) {
            List<LabellingItem> items = q.list(status, after, limit);
            Map<String, Long> counts = new LinkedHashMap<>();
            q.counts().forEach((k, v) -> counts.put(k.id(), v));
            PrintWriter out = spec.commandLine().getOut();
            if (common.json()) {
                JsonOutput.print(out, Map.of("items", items.stream().map(LabellingItem::summary).toList(), "counts", counts));
                return Cli.OK;
            }
            out.printf("labelling queue: %,d pending, %,d labelled, %,d skipped%n", counts.get("pending"), counts.get("labelled"), counts.get("skipped"));
            for (LabellingItem i : items) out.println(line(i));
            if (items.isEmpty() && status == LabellingItem.Status.PENDING) out.println("nothing to label");
            out.flush();
            return Cli.OK;
        }
    }

    @Command(name = "set", mixinStandardHelpOptions = true, description = "Label a queued reading: it becomes a row of a samples table.")
    static final class Set implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        CommonOptions common;
        @Mixin
        StoreOptions store;
        @Parameters(index = "0", paramLabel = "ID", description = "The item's id ('inkwell label list').")
        long id;
        @Parameters(index = "1", paramLabel = "LABEL", description = "Its class number (0-9 for digits).")
        String label;
        @Option(names = "--table", defaultValue = LabellingQueue.DEFAULT_TABLE, paramLabel = "NAME",
                description = "The samples table it goes into (default: ${DEFAULT-VALUE}).")
        String table;

        @Override
        public Integer call() {
            if (!label.strip().matches("[0-9]{1,4}")) {
                throw new ParameterException(spec.commandLine(), "LABEL '" + label + "': expected a class number (0, 1, …, 9 for digits)");
            }
            return done(spec, common, store.open().labelling().label(id, Integer.parseInt(label.strip()), table), "labelled");
        }
    }

    @Command(name = "skip", mixinStandardHelpOptions = true, description = "Pass a queued reading over (not a digit, unreadable).")
    static final class Skip implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        CommonOptions common;
        @Mixin
        StoreOptions store;
        @Parameters(index = "0", paramLabel = "ID")
        long id;

        @Override
        public Integer call() {
            return done(spec, common, store.open().labelling().skip(id), "skipped");
        }
    }

    @Command(name = "undo", mixinStandardHelpOptions = true, description = "Put a reading back to pending (its labelled row goes).")
    static final class Undo implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        CommonOptions common;
        @Mixin
        StoreOptions store;
        @Parameters(index = "0", paramLabel = "ID")
        long id;

        @Override
        public Integer call() {
            return done(spec, common, store.open().labelling().undo(id), "back to pending");
        }
    }

    private static int done(CommandSpec spec, CommonOptions common, LabellingItem i, String what) {
        PrintWriter out = spec.commandLine().getOut();
        if (common.json()) JsonOutput.print(out, i.summary());
        else out.printf("%s: %s%n", what, line(i));
        out.flush();
        return Cli.OK;
    }

    static String line(LabellingItem i) {
        String state = switch (i.status()) {
            case LABELLED -> "labelled " + i.label() + " (table " + i.table() + ")";
            case SKIPPED -> "skipped";
            case PENDING -> "pending";
        };
        return String.format(Locale.ROOT, "%-6d %-16s %-10s read %s at %5.1f %%  %-28s %s", i.id(), i.endpoint(), i.variant(),
                i.predictedLabel(), 100 * i.probability(), state, i.capturedAt());
    }
}
