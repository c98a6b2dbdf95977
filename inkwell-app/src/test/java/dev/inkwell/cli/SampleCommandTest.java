package dev.inkwell.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.inkwell.bucket.Bucket;
import dev.inkwell.bucket.Buckets;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** inkwell sample: seed 003's generate_test_case over a real folder bucket. */
class SampleCommandTest {
    @TempDir
    Path dir;

    private CliTest.Result run(String... args) {
        return CliTest.run(CliTest.concat(args, "--buckets", dir.resolve("buckets").toString()));
    }

    @Test
    void picksEveryObjectUnderThePrefixInTheSeedsShape() throws Exception {
        try (Buckets b = Buckets.folder(dir.resolve("buckets"))) {
            Bucket data = b.createIfMissing("data");
            for (String key : List.of("test/0.png", "test/1.png", "test/sub/2.png", "train/3.png")) data.put(key, new byte[] {1, 2}, "image/png");
        }
        CliTest.Result one = run("sample", "--bucket", "data", "--prefix", "test/", "--seed", "7");
        assertThat(one.code()).as(one.err()).isZero();
        JsonNode json = one.json();
        assertThat(json.fieldNames()).toIterable().containsExactly("image_data", "s3_bucket", "s3_key");
        assertThat(json.get("image_data").asText()).isEmpty();
        assertThat(json.get("s3_bucket").asText()).isEqualTo("data");
        assertThat(run("sample", "--bucket", "data", "--prefix", "test/", "--seed", "7").json()).as("a seed repeats").isEqualTo(json);
        Set<String> picked = new HashSet<>();
        for (long seed = 0; seed < 60; seed++) picked.add(run("sample", "--bucket", "data", "--prefix", "test/", "--seed", Long.toString(seed)).json().get("s3_key").asText());
        assertThat(picked).containsExactlyInAnyOrder("test/0.png", "test/1.png", "test/sub/2.png");

        CliTest.Result none = run("sample", "--bucket", "data", "--prefix", "nothing/");
        assertThat(none.code()).isEqualTo(Cli.FAILURE);
        assertThat(none.err()).contains("no objects under s3://data/nothing/");
        CliTest.Result missing = run("sample", "--bucket", "nobucket");
        assertThat(missing.code()).isEqualTo(Cli.FAILURE);
        assertThat(missing.err()).contains("no bucket named nobucket");
        CliTest.Result bad = run("sample", "--bucket", "../etc");
        assertThat(bad.code()).isEqualTo(Cli.FAILURE);
        assertThat(bad.err()).contains("../etc");
    }
}
