package dev.inkwell.cli.bucket;

import dev.inkwell.bucket.Bucket;
import dev.inkwell.bucket.Buckets;
import dev.inkwell.bucket.ObjectSummary;
import dev.inkwell.cli.Cli;
import dev.inkwell.cli.CommonOptions;
import dev.inkwell.cli.JsonOutput;
import java.io.PrintWriter;
import java.util.ArrayList;
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

@Command(name = "rm", mixinStandardHelpOptions = true,
        description = "Delete an object, or with --recursive every object under a prefix, as 'aws s3 rm' does.")
public final class RmCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Mixin
    BucketOptions location;

    @Parameters(index = "0", paramLabel = "s3://BUCKET/KEY")
    String path;

    @Option(names = "--recursive", description = "Every object under the prefix (the whole bucket for s3://BUCKET/).")
    boolean recursive;

    @Override
    public Integer call() {
        if (!S3Uri.is(path)) throw new CommandLine.ParameterException(spec.commandLine(), path + ": not s3://BUCKET/KEY");
        S3Uri uri = S3Uri.parse(spec, path);
        if (!recursive && uri.isFolder()) {
            throw new CommandLine.ParameterException(spec.commandLine(), path + " names no object: give a key, or --recursive for everything under it");
        }
        PrintWriter out = spec.commandLine().getOut();
        List<String> deleted = new ArrayList<>();
        try (Buckets buckets = location.open()) {
            Bucket bucket = buckets.bucket(uri.bucket());
            List<String> keys = recursive ? bucket.objects(uri.key()).map(ObjectSummary::key).toList() : List.of(uri.key());
            for (String key : keys) {
                if (bucket.delete(key)) {
                    deleted.add(key);
                    if (!common.json()) out.println("delete: " + uri.withKey(key));
                }
            }
        }
        if (common.json()) JsonOutput.print(out, Map.of("bucket", uri.bucket(), "deleted", deleted));
        else if (deleted.isEmpty()) out.println("nothing to delete at " + uri);
        out.flush();
        return Cli.OK;
    }
}
