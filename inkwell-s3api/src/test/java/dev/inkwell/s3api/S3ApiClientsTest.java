package dev.inkwell.s3api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.inkwell.bucket.Bucket;
import dev.inkwell.bucket.Buckets;
import dev.inkwell.bucket.ETags;
import dev.inkwell.bucket.ObjectSummary;
import dev.inkwell.bucket.event.BucketEvent;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The clients users have, as separate programs, against the S3 API over a folder bucket: boto3 and the aws CLI. */
class S3ApiClientsTest {
    private static final String ACCESS = "AKIAINKWELLTEST00001";
    private static final String SECRET = "inkwell/S3+api/secret/for-tests-only";
    private static final int MIB = 1024 * 1024;

    @TempDir
    Path temp;
    Path root;
    Buckets served;
    S3ApiServer server;
    final List<BucketEvent> events = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() {
        root = temp.resolve("buckets");
        served = Buckets.folder(root);
        served.events().subscribe(events::add);
        server = S3ApiServer.start(served, "127.0.0.1", 0, S3Credentials.of(ACCESS, SECRET));
    }

    @AfterEach
    void stop() {
        server.close();
        served.close();
    }

    private static String md5(byte[] b) throws Exception {
        return ETags.hex(MessageDigest.getInstance("MD5").digest(b));
    }

    /** S3's ETag of {@code data} uploaded in parts of {@code partSize}. */
    private static String multipartETag(byte[] data, int partSize) throws Exception {
        List<String> parts = new ArrayList<>();
        for (int off = 0; off < data.length; off += partSize) parts.add(md5(Arrays.copyOfRange(data, off, Math.min(data.length, off + partSize))));
        return ETags.multipart(parts);
    }

    private List<BucketEvent> eventsFor(String key) {
        return events.stream().filter(e -> e.key().equals(key)).toList();
    }

    @Test
    void boto3() throws Exception {
        String python = ExternalClients.pythonWithBoto3();
        Path script = temp.resolve("s3_clients_check.py");
        try (InputStream in = getClass().getResourceAsStream("/s3_clients_check.py")) {
            Files.copy(in, script);
        }
        ExternalClients.Run run = ExternalClients.run(List.of(python, script.toString(), server.endpoint().toString(), ACCESS, SECRET,
                "boto3-bucket", temp.toString()), Map.of(), temp).ok();
        JsonNode out = new ObjectMapper().readTree(run.out());
        byte[] body = "\u0089PNG not really, but bytes".getBytes(StandardCharsets.ISO_8859_1);

        assertThat(out.get("buckets").toString()).contains("boto3-bucket");
        assertThat(out.get("put_etag").asText()).isEqualTo(md5(body));
        assertThat(out.get("get_md5").asText()).isEqualTo(md5(body));
        assertThat(out.get("get_content_type").asText()).isEqualTo("image/png");
        assertThat(out.get("get_metadata").get("label").asText()).isEqualTo("7");
        assertThat(out.get("range").asText()).isEqualTo("PNG");
        assertThat(out.get("pages").toString()).isEqualTo("[[\"page/00.txt\",\"page/01.txt\",\"page/02.txt\"],"
                + "[\"page/03.txt\",\"page/04.txt\",\"page/05.txt\"],[\"page/06.txt\"]]");
        assertThat(out.get("v1_first_page")).hasSize(4);
        assertThat(out.get("v1_truncated").asBoolean()).isTrue();
        assertThat(out.get("prefixes").toString()).isEqualTo("[\"digits/\",\"page/\"]");
        byte[] big = Files.readAllBytes(temp.resolve("big.bin"));
        assertThat(out.get("big_etag").asText()).isEqualTo(multipartETag(big, 5 * MIB)).endsWith("-3");
        assertThat(out.get("big_size").asLong()).isEqualTo(big.length);
        assertThat(out.get("big_round_trip").asBoolean()).isTrue();
        assertThat(out.get("copy_etag").asText()).isEqualTo(md5(body));
        assertThat(out.get("after_delete").asText()).isEqualTo("404");
        assertThat(out.get("wrong_secret").asText()).isEqualTo("SignatureDoesNotMatch");
        assertThat(out.get("unknown_key").asText()).isEqualTo("InvalidAccessKeyId");
        assertThat(out.get("anonymous_list").asText()).isEqualTo("AccessDenied");
        assertThat(out.get("anonymous_get").asText()).isEqualTo("AccessDenied");
        assertThat(out.get("anonymous_put").asText()).isEqualTo("AccessDenied");
        assertThat(out.get("bad_bucket_names").toString()).isEqualTo("[\"InvalidBucketName\",\"InvalidBucketName\",\"InvalidBucketName\",\"InvalidBucketName\"]");
        assertThat(out.get("traversal").asText()).isIn("InvalidRequest", "InvalidArgument"); // Jetty refuses a path above the root, the bucket any other ".."

        // what boto3 wrote is in the folder, as plain files, and raised one event each
        assertThat(root.resolve("boto3-bucket/digits/7 seven+.png")).hasBinaryContent(body);
        assertThat(root.resolve("boto3-bucket/big/big.bin")).hasBinaryContent(big);
        assertThat(temp.resolve("escape.txt")).doesNotExist();
        assertThat(root.resolve("boto3-bucket/anon.txt")).doesNotExist();
        assertThat(eventsFor("digits/7 seven+.png")).singleElement().satisfies(e -> {
            assertThat(e.eventName()).isEqualTo(BucketEvent.PUT);
            assertThat(e.eTag()).isEqualTo(md5(body));
            assertThat(e.bucket()).isEqualTo("boto3-bucket");
        });
        assertThat(eventsFor("big/big.bin")).singleElement().satisfies(e -> {
            assertThat(e.eventName()).isEqualTo(BucketEvent.COMPLETE_MULTIPART_UPLOAD);
            assertThat(e.eTag()).isEqualTo(out.get("big_etag").asText());
            assertThat(e.size()).isEqualTo(big.length);
        });
        assertThat(eventsFor("copies/7.png")).extracting(BucketEvent::eventName).containsExactly(BucketEvent.COPY, BucketEvent.DELETE);
    }

    @Test
    void awsCli() throws Exception {
        String aws = ExternalClients.awsCli();
        Map<String, String> env = Map.of("AWS_ACCESS_KEY_ID", ACCESS, "AWS_SECRET_ACCESS_KEY", SECRET);
        String url = server.endpoint().toString();
        byte[] big = new byte[20 * MIB + 7];
        new Random(7).nextBytes(big);
        Path bigFile = Files.write(temp.resolve("big.bin"), big);
        Path small = Files.writeString(temp.resolve("small file.txt"), "small, with a space in its name");

        ExternalClients.run(List.of(aws, "--endpoint-url", url, "s3", "mb", "s3://cli-bucket"), env, temp).ok();
        ExternalClients.run(List.of(aws, "--endpoint-url", url, "s3", "cp", bigFile.toString(), "s3://cli-bucket/up/big.bin"), env, temp).ok();
        ExternalClients.run(List.of(aws, "--endpoint-url", url, "s3", "cp", small.toString(), "s3://cli-bucket/up/small file.txt"), env, temp).ok();
        for (int i = 0; i < 4; i++) served.bucket("cli-bucket").put("more/" + i + ".txt", ("more " + i).getBytes(StandardCharsets.UTF_8));

        String ls = ExternalClients.run(List.of(aws, "--endpoint-url", url, "s3", "ls", "s3://cli-bucket/up/"), env, temp).ok().out();
        assertThat(ls).contains(" " + big.length + " big.bin").contains("small file.txt");
        assertThat(ExternalClients.run(List.of(aws, "--endpoint-url", url, "s3", "ls", "s3://cli-bucket/"), env, temp).ok().out())
                .contains("PRE up/").contains("PRE more/");

        // the API's own pagination: one key per page, continuation tokens followed by the CLI
        String listed = ExternalClients.run(List.of(aws, "--endpoint-url", url, "s3api", "list-objects-v2", "--bucket", "cli-bucket",
                "--page-size", "1", "--query", "Contents[].Key", "--output", "json"), env, temp).ok().out();
        assertThat(new ObjectMapper().readTree(listed).toString())
                .isEqualTo("[\"more/0.txt\",\"more/1.txt\",\"more/2.txt\",\"more/3.txt\",\"up/big.bin\",\"up/small file.txt\"]");

        Bucket bucket = served.bucket("cli-bucket");
        assertThat(bucket.head("up/big.bin").eTag()).isEqualTo(multipartETag(big, 8 * MIB)).endsWith("-3");
        assertThat(eventsFor("up/big.bin")).singleElement().extracting(BucketEvent::eventName).isEqualTo(BucketEvent.COMPLETE_MULTIPART_UPLOAD);

        ExternalClients.run(List.of(aws, "--endpoint-url", url, "s3", "cp", "s3://cli-bucket/up/small file.txt", "s3://cli-bucket/copy.txt"), env, temp).ok();
        assertThat(eventsFor("copy.txt")).singleElement().extracting(BucketEvent::eventName).isEqualTo(BucketEvent.COPY);
        Path back = temp.resolve("back.bin");
        ExternalClients.run(List.of(aws, "--endpoint-url", url, "s3", "cp", "s3://cli-bucket/up/big.bin", back.toString()), env, temp).ok();
        assertThat(back).hasBinaryContent(big);
        ExternalClients.run(List.of(aws, "--endpoint-url", url, "s3", "rm", "s3://cli-bucket/copy.txt"), env, temp).ok();
        assertThat(bucket.exists("copy.txt")).isFalse();
        assertThat(eventsFor("copy.txt")).extracting(BucketEvent::eventName).containsExactly(BucketEvent.COPY, BucketEvent.DELETE);

        ExternalClients.run(List.of(aws, "--endpoint-url", url, "s3", "cp", small.toString(), "s3://cli-bucket/tmp/a.txt"), env, temp).ok();
        ExternalClients.run(List.of(aws, "--endpoint-url", url, "s3", "cp", small.toString(), "s3://cli-bucket/tmp/b.txt"), env, temp).ok();
        String removed = ExternalClients.run(List.of(aws, "--endpoint-url", url, "s3", "rm", "s3://cli-bucket/tmp/", "--recursive"), env, temp).ok().out();
        assertThat(removed).contains("delete: s3://cli-bucket/tmp/a.txt").contains("delete: s3://cli-bucket/tmp/b.txt");
        assertThat(bucket.objects("tmp/").toList()).isEmpty();

        ExternalClients.Run wrong = ExternalClients.run(List.of(aws, "--endpoint-url", url, "s3", "ls", "s3://cli-bucket/"),
                Map.of("AWS_ACCESS_KEY_ID", ACCESS, "AWS_SECRET_ACCESS_KEY", "wrong-secret"), temp);
        assertThat(wrong.exit()).isNotZero();
        assertThat(wrong.err()).contains("SignatureDoesNotMatch");
        ExternalClients.Run anonymous = ExternalClients.run(List.of(aws, "--endpoint-url", url, "--no-sign-request", "s3", "ls", "s3://cli-bucket/"), env, temp);
        assertThat(anonymous.exit()).isNotZero();
        assertThat(anonymous.err()).contains("AccessDenied");
        ExternalClients.Run upload = ExternalClients.run(List.of(aws, "--endpoint-url", url, "--no-sign-request", "s3", "cp", small.toString(), "s3://cli-bucket/anon.txt"), env, temp);
        assertThat(upload.exit()).isNotZero();
        assertThat(bucket.exists("anon.txt")).isFalse();
        assertThat(bucket.objects("").map(ObjectSummary::key).toList()).containsExactly("more/0.txt", "more/1.txt", "more/2.txt", "more/3.txt", "up/big.bin", "up/small file.txt");
    }
}
