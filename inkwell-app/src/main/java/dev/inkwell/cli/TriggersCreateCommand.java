package dev.inkwell.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.inkwell.bucket.Buckets;
import dev.inkwell.cli.bucket.BucketOptions;
import dev.inkwell.functions.trigger.Trigger;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "create", mixinStandardHelpOptions = true,
        description = {"Create a trigger: objects written to --bucket under --prefix (and ending in --suffix) go to the function --action.",
                "classify [--endpoint E] [--output-prefix P]: writes P/KEY.txt (seed 001's results) and P/KEY.json (default P: results/).",
                "ingest --table T [--split S]: a CSV or a labelled picture into the table, once. "
                        + "register --endpoint E: an uploaded .onnx becomes the endpoint's model.",
                "Failures are retried when they may pass, then reported in P/KEY.error.json and listed by 'triggers failures'."})
public final class TriggersCreateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Mixin
    StoreOptions store;

    @Mixin
    BucketOptions location;

    @Parameters(index = "0", paramLabel = "NAME", description = "The trigger's name: lower-case letters, digits, '-', '_'.")
    String name;

    @Option(names = "--bucket", required = true, paramLabel = "BUCKET", description = "The bucket it watches.")
    String bucket;

    @Option(names = "--prefix", paramLabel = "PREFIX", defaultValue = "", description = "Keys starting with this (default: any).")
    String prefix;

    @Option(names = "--suffix", paramLabel = "SUFFIX", defaultValue = "", description = "Keys ending with this, e.g. .png (default: any).")
    String suffix;

    @Option(names = "--action", required = true, paramLabel = "FUNCTION", description = "classify, ingest or register.")
    String action;

    @Option(names = "--endpoint", paramLabel = "NAME", description = "classify, register: the endpoint (classify's default: default).")
    String endpoint;

    @Option(names = "--output-prefix", paramLabel = "PREFIX", description = "Where results and error reports go (default: results/).")
    String outputPrefix;

    @Option(names = "--table", paramLabel = "NAME", description = "ingest: the samples table.")
    String table;

    @Option(names = "--split", paramLabel = "SPLIT", description = "ingest: the split of the samples (default: train).")
    String split;

    @Option(names = "--channels", paramLabel = "1|3", description = "ingest, pictures: grey (1, default) or RGB (3).")
    Integer channels;

    @Option(names = "--option", paramLabel = "KEY=VALUE", description = "Another option of the function (repeatable).")
    Map<String, String> more = new LinkedHashMap<>();

    @Override
    public Integer call() {
        ObjectNode options = JsonOutput.mapper().createObjectNode();
        more.forEach(options::put);
        if (endpoint != null) options.put("endpoint", endpoint);
        if (outputPrefix != null) options.put("output_prefix", outputPrefix);
        if (table != null) options.put("table", table);
        if (split != null) options.put("split", split);
        if (channels != null) options.put("channels", channels);
        Trigger t;
        try (Buckets buckets = TriggersCommand.buckets(location)) {
            t = TriggersCommand.triggers(store, buckets).create(name, bucket, prefix, suffix, action, options);
        }
        PrintWriter out = spec.commandLine().getOut();
        if (common.json()) JsonOutput.print(out, t.toMap());
        else out.println("created trigger " + TriggersCommand.describe(t));
        out.flush();
        return Cli.OK;
    }
}
