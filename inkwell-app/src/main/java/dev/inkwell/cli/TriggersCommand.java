package dev.inkwell.cli;

import dev.inkwell.bucket.Buckets;
import dev.inkwell.cli.bucket.BucketOptions;
import dev.inkwell.functions.Functions;
import dev.inkwell.functions.trigger.Trigger;
import dev.inkwell.functions.trigger.Triggers;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "triggers", mixinStandardHelpOptions = true,
        description = {"List the upload triggers of the store (as 'triggers list'); create and delete them, list their failures.",
                "A trigger sends objects written under a bucket prefix to a function (classify, ingest, register). They live in the store: "
                        + "every 'serve' sharing it runs them."},
        subcommands = {TriggersCreateCommand.class, TriggersListCommand.class, TriggersDeleteCommand.class, TriggersFailuresCommand.class})
public final class TriggersCommand implements Callable<Integer> {
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

    /** The triggers of the store named by {@code store}, with buckets (null: their existence is not checked). */
    static Triggers triggers(StoreOptions store, Buckets buckets) {
        return new Triggers(store.open(), Functions.builtIn(), buckets);
    }

    static Buckets buckets(BucketOptions location) {
        return location.open();
    }

    static int list(CommandSpec spec, CommonOptions common, StoreOptions store) {
        List<Trigger> all = triggers(store, null).list();
        PrintWriter out = spec.commandLine().getOut();
        if (common.json()) {
            JsonOutput.print(out, Map.of("store", store.open().displayName(), "triggers", all.stream().map(Trigger::toMap).toList()));
            return Cli.OK;
        }
        if (all.isEmpty()) out.printf("no triggers in %s: make one with 'inkwell triggers create NAME --bucket B --action classify'%n", store.open().displayName());
        for (Trigger t : all) out.println(describe(t));
        out.flush();
        return Cli.OK;
    }

    /** "digits: s3://uploads/incoming/*.png -> classify {endpoint=default}". */
    static String describe(Trigger t) {
        StringBuilder options = new StringBuilder();
        t.options().fields().forEachRemaining(e -> options.append(options.isEmpty() ? " {" : ", ").append(e.getKey()).append('=').append(e.getValue().asText()));
        if (!options.isEmpty()) options.append('}');
        return t.name() + ": s3://" + t.bucket() + "/" + t.prefix() + "*" + t.suffix() + " -> " + t.action() + options;
    }
}
