package dev.inkwell.cli.bucket;

import dev.inkwell.bucket.BucketInfo;
import dev.inkwell.bucket.BucketNames;
import dev.inkwell.bucket.Buckets;
import dev.inkwell.bucket.ObjectSummary;
import dev.inkwell.cli.Cli;
import dev.inkwell.cli.CommonOptions;
import dev.inkwell.cli.JsonOutput;
import dev.inkwell.core.InvalidInputException;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "buckets", mixinStandardHelpOptions = true,
        description = {"List the buckets (as 'aws s3 ls' does); create and delete them.",
                "A bucket is a folder under $INKWELL_HOME/buckets, or an S3 bucket with --buckets s3://."},
        subcommands = {BucketsCommand.ListBuckets.class, BucketsCommand.Create.class, BucketsCommand.Delete.class})
public final class BucketsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Mixin
    BucketOptions location;

    @Override
    public Integer call() {
        return list(spec, common, location);
    }

    static int list(CommandSpec spec, CommonOptions common, BucketOptions location) {
        try (Buckets buckets = location.open()) {
            List<BucketInfo> all = buckets.list();
            PrintWriter out = spec.commandLine().getOut();
            if (common.json()) {
                JsonOutput.print(out, Map.of("buckets", buckets.describe(), "list", all.stream().map(b -> {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("name", b.name());
                    m.put("created", b.created() == null ? null : b.created().toString());
                    return m;
                }).toList()));
                return Cli.OK;
            }
            if (all.isEmpty()) out.printf("no buckets in %s: make one with 'inkwell buckets create NAME'%n", buckets.describe());
            for (BucketInfo b : all) out.println(Listing.time(b.created()) + " " + b.name());
            out.flush();
            return Cli.OK;
        }
    }

    /** A name S3 would refuse is a usage error. */
    static void checkName(CommandSpec spec, String name) {
        try {
            BucketNames.check(name);
        } catch (InvalidInputException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the buckets.")
    static final class ListBuckets implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        CommonOptions common;

        @Mixin
        BucketOptions location;

        @Override
        public Integer call() {
            return list(spec, common, location);
        }
    }

    @Command(name = "create", mixinStandardHelpOptions = true, description = "Create a bucket (S3's naming rules: 3-63 lowercase letters, digits, dots, hyphens).")
    static final class Create implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        CommonOptions common;

        @Mixin
        BucketOptions location;

        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Override
        public Integer call() {
            checkName(spec, name);
            try (Buckets buckets = location.open()) {
                buckets.create(name);
                PrintWriter out = spec.commandLine().getOut();
                if (common.json()) JsonOutput.print(out, Map.of("created", name, "buckets", buckets.describe()));
                else out.printf("make_bucket: %s%n", name);
                out.flush();
                return Cli.OK;
            }
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true, description = "Delete a bucket; one that holds objects only with --force (which deletes them).")
    static final class Delete implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        CommonOptions common;

        @Mixin
        BucketOptions location;

        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Option(names = "--force", description = "Delete the bucket's objects first.")
        boolean force;

        @Override
        public Integer call() {
            checkName(spec, name);
            try (Buckets buckets = location.open()) {
                long deleted = 0;
                if (force) {
                    var bucket = buckets.bucket(name);
                    for (ObjectSummary o : bucket.objects("").toList()) {
                        if (bucket.delete(o.key())) deleted++;
                    }
                }
                buckets.delete(name);
                PrintWriter out = spec.commandLine().getOut();
                if (common.json()) JsonOutput.print(out, Map.of("deleted", name, "objects", deleted));
                else out.printf("remove_bucket: %s%s%n", name, deleted > 0 ? " (and its " + deleted + " objects)" : "");
                out.flush();
                return Cli.OK;
            }
        }
    }
}
