package dev.inkwell.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.inkwell.bucket.Buckets;
import dev.inkwell.s3api.S3ApiServer;
import dev.inkwell.s3api.S3Credentials;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** buckets, ls, cp and rm as a user types them, on a folder and on an S3 store (Inkwell's own S3 API). */
class BucketCommandsTest {
    @TempDir
    Path temp;
    String root;

    @BeforeEach
    void location() {
        root = temp.resolve("buckets").toString();
    }

    private CliTest.Result run(String... args) {
        return CliTest.run(CliTest.concat(args, "--buckets", root));
    }

    private CliTest.Result ok(String... args) {
        CliTest.Result r = run(args);
        assertThat(r.code()).as(String.join(" ", args) + "\n" + r.err()).isZero();
        return r;
    }

    private Path file(String name, String content) throws Exception {
        Path f = temp.resolve("local").resolve(name);
        Files.createDirectories(f.getParent());
        return Files.writeString(f, content);
    }

    @Test
    void bucketsAreCreatedListedAndDeleted() throws Exception {
        assertThat(ok("buckets").out()).contains("no buckets in folder");
        assertThat(ok("buckets", "create", "photos").out()).isEqualTo("make_bucket: photos\n");
        ok("buckets", "create", "models");
        assertThat(ok("buckets", "list").out()).contains(" models\n").contains(" photos\n");
        assertThat(ok("ls").out()).contains(" photos");
        JsonNode json = ok("buckets", "--json").json();
        assertThat(json.get("list")).extracting(n -> n.get("name").asText()).containsExactly("models", "photos");

        CliTest.Result again = run("buckets", "create", "photos");
        assertThat(again.code()).isEqualTo(1);
        assertThat(again.err()).isEqualTo("inkwell: bucket photos already exists\n");
        CliTest.Result bad = run("buckets", "create", "Bad_Name");
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err()).contains("bucket name \"Bad_Name\"");

        ok("cp", file("a.txt", "a").toString(), "s3://photos/");
        CliTest.Result notEmpty = run("buckets", "delete", "photos");
        assertThat(notEmpty.code()).isEqualTo(1);
        assertThat(notEmpty.err()).contains("not empty");
        assertThat(ok("buckets", "delete", "photos", "--force").out()).isEqualTo("remove_bucket: photos (and its 1 objects)\n");
        ok("buckets", "delete", "models");
        assertThat(run("buckets", "delete", "models").err()).contains("no such bucket");
    }

    @Test
    void filesGoUpAndComeBackWhole() throws Exception {
        ok("buckets", "create", "photos");
        Path seven = file("7.png", "a seven");
        assertThat(ok("cp", seven.toString(), "s3://photos/").out()).isEqualTo("upload: " + seven + " to s3://photos/7.png\n");
        ok("cp", seven.toString(), "s3://photos/digits/seven.png", "--content-type", "image/x-seven", "--metadata", "label=7,writer=me");
        assertThat(Files.readString(temp.resolve("buckets/photos/digits/seven.png"))).isEqualTo("a seven");

        String ls = ok("ls", "s3://photos/").out();
        assertThat(ls).contains("PRE digits/").containsPattern("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d +7 7.png");
        assertThat(ok("ls", "s3://photos/digits/").out()).contains(" seven.png").doesNotContain("digits/seven");
        assertThat(ok("ls", "s3://photos", "--recursive", "--summarize").out()).contains("digits/seven.png").contains("Total Objects: 2");
        JsonNode listed = ok("ls", "s3://photos/", "--recursive", "--json").json();
        assertThat(listed.get("objects")).extracting(n -> n.get("key").asText()).containsExactly("7.png", "digits/seven.png");
        assertThat(listed.get("objects").get(0).get("etag").asText()).hasSize(32);

        Path down = temp.resolve("down");
        Files.createDirectories(down);
        ok("cp", "s3://photos/digits/seven.png", down.toString());
        assertThat(down.resolve("seven.png")).hasContent("a seven");
        ok("cp", "s3://photos/7.png", down.resolve("renamed.png").toString());
        assertThat(down.resolve("renamed.png")).hasContent("a seven");
        try (var files = Files.list(down)) {
            assertThat(files.map(p -> p.getFileName().toString()).sorted().toList()).containsExactly("renamed.png", "seven.png");
        }

        assertThat(ok("cp", "s3://photos/7.png", "s3://photos/copies/").out()).isEqualTo("copy: s3://photos/7.png to s3://photos/copies/7.png\n");
        try (Buckets buckets = Buckets.folder(Path.of(root))) {
            var info = buckets.bucket("photos").head("digits/seven.png");
            assertThat(info.contentType()).isEqualTo("image/x-seven");
            assertThat(info.metadata()).containsEntry("label", "7").containsEntry("writer", "me");
        }
        assertThat(ok("rm", "s3://photos/copies/7.png").out()).isEqualTo("delete: s3://photos/copies/7.png\n");
        assertThat(ok("rm", "s3://photos/copies/7.png").out()).startsWith("nothing to delete");
        JsonNode copied = ok("cp", "s3://photos/7.png", "s3://photos/again.png", "--json").json();
        assertThat(copied.get("copied").get(0).get("action").asText()).isEqualTo("copy");
    }

    @Test
    void foldersAndPrefixesCopyRecursively() throws Exception {
        ok("buckets", "create", "data");
        file("set/train/1.csv", "label\n1\n");
        file("set/train/2.csv", "label\n2\n");
        file("set/test/3.csv", "label\n3\n");
        Path set = temp.resolve("local/set");
        String up = ok("cp", set.toString(), "s3://data/mnist", "--recursive").out();
        assertThat(up.lines()).hasSize(3).allMatch(l -> l.startsWith("upload: "));
        assertThat(ok("ls", "s3://data/mnist/", "--recursive").out()).contains("mnist/test/3.csv").contains("mnist/train/1.csv").contains("mnist/train/2.csv");

        Path back = temp.resolve("back");
        ok("cp", "s3://data/mnist", back.toString(), "--recursive");
        assertThat(back.resolve("train/2.csv")).hasContent("label\n2\n");
        assertThat(back.resolve("test/3.csv")).hasContent("label\n3\n");

        ok("cp", "s3://data/mnist/train/", "s3://data/copy/", "--recursive");
        assertThat(ok("ls", "s3://data/copy/").out()).contains("1.csv").contains("2.csv");
        String removed = ok("rm", "s3://data/mnist/", "--recursive").out();
        assertThat(removed.lines()).hasSize(3);
        assertThat(ok("ls", "s3://data/", "--recursive", "--json").json().get("count").asInt()).isEqualTo(2);
        assertThat(ok("cp", "s3://data/nothing-here", back.toString(), "--recursive").out()).startsWith("nothing to copy");
    }

    @Test
    void mistakesAreOneClearLine() throws Exception {
        ok("buckets", "create", "photos");
        Path a = file("a.txt", "a");
        for (List<String> usage : List.of(List.of("cp", a.toString(), temp.resolve("b.txt").toString()), List.of("ls", "s3://"),
                List.of("ls", "s3://Bad_Bucket/x"), List.of("ls", "photos"), List.of("rm", "s3://photos/"), List.of("rm", "photos/a.txt"),
                List.of("cp", "s3://photos/", temp.toString()), List.of("cp", temp.resolve("local").toString(), "s3://photos/"))) {
            CliTest.Result r = run(usage.toArray(String[]::new));
            assertThat(r.code()).as(usage.toString()).isEqualTo(2);
            assertThat(r.err()).as(usage.toString()).isNotBlank().doesNotContain("Exception");
        }
        for (List<String> failure : List.of(List.of("cp", temp.resolve("missing.txt").toString(), "s3://photos/"),
                List.of("ls", "s3://no-such-bucket/"), List.of("cp", "s3://photos/missing.txt", temp.toString()),
                List.of("cp", a.toString(), "s3://photos/../escape.txt"), List.of("cp", a.toString(), "s3://no-such-bucket/a.txt"))) {
            CliTest.Result r = run(failure.toArray(String[]::new));
            assertThat(r.code()).as(failure.toString()).isEqualTo(1);
            assertThat(r.err().lines()).as(failure.toString()).hasSize(1).allMatch(l -> l.startsWith("inkwell: "));
        }
        assertThat(temp.resolve("escape.txt")).doesNotExist();
        assertThat(CliTest.run("ls", "s3://photos/", "--buckets", "ftp://nowhere").code()).isEqualTo(1);
    }

    @Test
    void anS3StoreWorksTheSameAndKeysThatAreNoPathsStayInIt() throws Exception {
        MemoryBucketStore memory = new MemoryBucketStore();
        try (Buckets served = Buckets.of(memory);
             S3ApiServer s3 = S3ApiServer.start(served, "127.0.0.1", 0, S3Credentials.of("cli-access", "cli-secret"))) {
            served.create("remote");
            // keys S3 allows that must never become local paths
            served.bucket("remote").put("in/../../escape.txt", "out".getBytes(StandardCharsets.UTF_8));
            served.bucket("remote").put("in/ok/fine.txt", "fine".getBytes(StandardCharsets.UTF_8));
            String previousKey = System.setProperty("aws.accessKeyId", "cli-access");
            String previousSecret = System.setProperty("aws.secretAccessKey", "cli-secret");
            try {
                root = "s3://?endpoint=" + s3.endpoint();
                assertThat(ok("buckets").out()).contains(" remote");
                ok("cp", file("up.txt", "up").toString(), "s3://remote/in/up.txt");
                assertThat(new String(served.bucket("remote").get("in/up.txt").readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("up");
                assertThat(ok("ls", "s3://remote/in/").out()).contains("PRE ../").contains("PRE ok/").contains(" up.txt");

                Path down = temp.resolve("down");
                CliTest.Result r = run("cp", "s3://remote/in/", down.toString(), "--recursive");
                assertThat(r.code()).isEqualTo(1);
                assertThat(r.err()).contains("in/../../escape.txt").contains("cannot be a local file path");
                assertThat(down.resolve("ok/fine.txt")).hasContent("fine");
                assertThat(down.resolve("up.txt")).hasContent("up");
                assertThat(temp.resolve("escape.txt")).doesNotExist();
                CliTest.Result single = run("cp", "s3://remote/in/../../escape.txt", down.resolve("plain.txt").toString());
                assertThat(single.code()).as(single.err()).isZero(); // one object to a path the user named is fine
                assertThat(down.resolve("plain.txt")).hasContent("out");
            } finally {
                restore("aws.accessKeyId", previousKey);
                restore("aws.secretAccessKey", previousSecret);
            }
        }
    }

    private static void restore(String property, String value) {
        if (value == null) System.clearProperty(property);
        else System.setProperty(property, value);
    }
}
