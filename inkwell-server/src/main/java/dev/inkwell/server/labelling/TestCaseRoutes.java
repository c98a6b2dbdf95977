package dev.inkwell.server.labelling;

import dev.inkwell.bucket.BucketNames;
import dev.inkwell.bucket.Buckets;
import dev.inkwell.bucket.ObjectSummary;
import dev.inkwell.bucket.RandomObjects;
import dev.inkwell.core.InvalidInputException;
import dev.inkwell.core.NotFoundException;
import dev.inkwell.core.Texts;
import dev.inkwell.server.ApiRoute;
import dev.inkwell.server.RouteGroup;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Supplier;

/** Seed 003's generate_test_case over HTTP: a workflow input naming a random object under a bucket's prefix. */
public final class TestCaseRoutes implements RouteGroup {
    private final Supplier<Buckets> buckets;

    public TestCaseRoutes(Supplier<Buckets> buckets) {
        this.buckets = buckets;
    }

    @Override
    public List<ApiRoute> routes() {
        return List.of(ApiRoute.get("/v1/buckets/{bucket}/sample").tag("labelling")
                .summary("A workflow test case: a random object under a prefix (seed 003's generate_test_case)")
                .description("Answers {\"image_data\": \"\", \"s3_bucket\", \"s3_key\"}, the input seed 003's workflow takes.")
                .manage().returns("TestCase").query(List.of(new ApiRoute.QueryParam("prefix", "string", "only keys starting with this")))
                .error(400, "a malformed bucket name or prefix").error(404, "no such bucket, or no object under the prefix")
                .error(503, "the buckets cannot be reached").handler(this::sample));
    }

    private void sample(Context ctx) {
        String bucket = ctx.pathParam("bucket");
        if (!BucketNames.isValid(bucket)) throw new InvalidInputException("bucket '" + Texts.abbreviate(bucket, 64) + "': not a bucket name");
        String prefix = ctx.queryParam("prefix") == null ? "" : ctx.queryParam("prefix");
        if (prefix.length() > 1024 || prefix.chars().anyMatch(Character::isISOControl)) {
            throw new InvalidInputException("prefix: at most 1024 characters, no control characters");
        }
        Buckets b = buckets.get();
        if (!b.exists(bucket)) throw new NotFoundException("no bucket named " + bucket);
        ObjectSummary o = RandomObjects.pick(b.bucket(bucket), prefix, new SplittableRandom())
                .orElseThrow(() -> new NotFoundException("no objects under s3://" + bucket + "/" + Texts.abbreviate(prefix, 200)));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("image_data", "");
        m.put("s3_bucket", bucket);
        m.put("s3_key", o.key());
        ctx.json(m);
    }
}
