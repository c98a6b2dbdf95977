package dev.inkwell.cli;

import dev.inkwell.bucket.BucketNames;
import dev.inkwell.bucket.Buckets;
import dev.inkwell.bucket.ObjectSummary;
import dev.inkwell.bucket.RandomObjects;
import dev.inkwell.cli.bucket.BucketOptions;
import dev.inkwell.core.InkwellException;
import dev.inkwell.core.NotFoundException;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.random.RandomGenerator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code inkwell sample}: seed 003's generate_test_case, a workflow's input naming a random object under a prefix. */
@Command(name = "sample", mixinStandardHelpOptions = true,
        description = {"Print a workflow input naming a random object under s3://BUCKET/PREFIX, as seed 003's generate_test_case does:",
                "{\"image_data\": \"\", \"s3_bucket\": BUCKET, \"s3_key\": KEY}."})
public final class SampleCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Mixin
    BucketOptions buckets;

    @Option(names = "--bucket", required = true, paramLabel = "BUCKET", description = "The bucket to pick from.")
    String bucket;

    @Option(names = "--prefix", defaultValue = "", paramLabel = "PREFIX", description = "Only objects whose key starts with this.")
    String prefix;

    @Option(names = "--seed", paramLabel = "N", description = "Pick reproducibly (default: a different object each time).")
    Long seed;

    @Override
    public Integer call() {
        BucketNames.check(bucket);
        Buckets b = buckets.shared();
        if (!b.exists(bucket)) throw new NotFoundException("no bucket named " + bucket + "; see 'inkwell buckets'");
        RandomGenerator random = seed == null ? new SplittableRandom() : new Random(seed);
        ObjectSummary picked = RandomObjects.pick(b.bucket(bucket), prefix, random)
                .orElseThrow(() -> new InkwellException("no objects under s3://" + bucket + "/" + prefix + ": nothing to pick"));
        PrintWriter out = spec.commandLine().getOut();
        JsonOutput.print(out, testCase(bucket, picked.key()));
        return Cli.OK;
    }

    /** The test case, in generate_test_case's key order. */
    public static Map<String, Object> testCase(String bucket, String key) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("image_data", "");
        m.put("s3_bucket", bucket);
        m.put("s3_key", key);
        return m;
    }
}
