package dev.inkwell.cli.bucket;

import dev.inkwell.bucket.Bucket;
import dev.inkwell.bucket.Buckets;
import dev.inkwell.bucket.ListPage;
import dev.inkwell.bucket.ListRequest;
import dev.inkwell.bucket.ObjectSummary;
import dev.inkwell.cli.Cli;
import dev.inkwell.cli.CommonOptions;
import dev.inkwell.cli.JsonOutput;
import java.io.PrintWriter;
import java.util.ArrayList;
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

@Command(name = "ls", mixinStandardHelpOptions = true,
        description = {"List buckets, or the objects and folders (PRE) under s3://BUCKET/PREFIX, as 'aws s3 ls' does."})
public final class LsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Mixin
    BucketOptions location;

    @Parameters(index = "0", arity = "0..1", paramLabel = "s3://BUCKET[/PREFIX]")
    String path;

    @Option(names = "--recursive", description = "Every object under the prefix, with its whole key (no folders).")
    boolean recursive;

    @Option(names = "--summarize", description = "End with the number of objects and their total size.")
    boolean summarize;

    @Override
    public Integer call() {
        if (path == null) return BucketsCommand.list(spec, common, location);
        if (!S3Uri.is(path)) throw new CommandLine.ParameterException(spec.commandLine(), path + ": not s3://BUCKET[/PREFIX]");
        S3Uri uri = S3Uri.parse(spec, path);
        try (Buckets buckets = location.open()) {
            Bucket bucket = buckets.bucket(uri.bucket());
            List<ObjectSummary> objects = new ArrayList<>();
            List<String> prefixes = new ArrayList<>();
            ListRequest request = ListRequest.prefix(uri.key());
            if (!recursive) request = request.withDelimiter("/");
            for (ListPage page = bucket.list(request); ; page = bucket.list(request)) {
                objects.addAll(page.objects());
                prefixes.addAll(page.commonPrefixes());
                if (!page.isTruncated()) break;
                request = request.withContinuationToken(page.nextContinuationToken());
            }
            print(uri, objects, prefixes);
            return Cli.OK;
        }
    }

    private void print(S3Uri uri, List<ObjectSummary> objects, List<String> prefixes) {
        PrintWriter out = spec.commandLine().getOut();
        long total = objects.stream().mapToLong(ObjectSummary::size).sum();
        if (common.json()) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("bucket", uri.bucket());
            doc.put("prefix", uri.key());
            doc.put("prefixes", prefixes);
            doc.put("objects", objects.stream().map(o -> {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("key", o.key());
                m.put("size", o.size());
                m.put("etag", o.eTag());
                m.put("modified", o.lastModified() == null ? null : o.lastModified().toString());
                return m;
            }).toList());
            doc.put("count", objects.size());
            doc.put("bytes", total);
            JsonOutput.print(out, doc);
            return;
        }
        // like aws s3 ls: names relative to the prefix's folder, whole keys with --recursive
        int cut = recursive ? 0 : uri.key().lastIndexOf('/') + 1;
        for (String p : prefixes) out.println(Listing.prefix(p.substring(cut)));
        for (ObjectSummary o : objects) out.println(Listing.object(o.lastModified(), o.size(), o.key().substring(cut)));
        if (summarize) {
            out.println();
            out.printf("Total Objects: %d%n   Total Size: %d%n", objects.size(), total);
        }
        out.flush();
    }
}
