package dev.inkwell.s3api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.inkwell.bucket.Buckets;
import dev.inkwell.bucket.ETags;
import dev.inkwell.bucket.event.BucketEvent;
import dev.inkwell.core.InkwellException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/** The S3 API with the AWS SDK v2 client and raw HTTP: events, signatures, anonymous access, hostile requests. */
class S3ApiServerTest {
    private static final String ACCESS = "server-test-access";
    private static final String SECRET = "server-test-secret";

    @TempDir
    Path temp;
    Path root;
    Buckets served;
    S3ApiServer server;
    S3Client s3;
    final List<BucketEvent> events = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() {
        root = temp.resolve("buckets");
        served = Buckets.folder(root);
        served.create("api");
        served.events().subscribe(events::add);
        server = S3ApiServer.start(served, "127.0.0.1", 0, S3Credentials.of(ACCESS, SECRET));
        s3 = client(ACCESS, SECRET);
    }

    @AfterEach
    void stop() {
        s3.close();
        server.close();
        served.close();
    }

    private S3Client client(String access, String secret) {
        return S3Client.builder().endpointOverride(server.endpoint()).region(Region.US_EAST_1).forcePathStyle(true)
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(access, secret))).build();
    }

    private static String md5(byte[] b) throws Exception {
        return ETags.hex(MessageDigest.getInstance("MD5").digest(b));
    }

    private HttpResponse<String> raw(String method, String path, byte[] body) throws Exception {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(server.endpoint() + path));
        r.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        return HttpClient.newHttpClient().send(r.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aPutRaisesExactlyOneEventWithItsKeyAndETag() throws Exception {
        byte[] body = "seven".getBytes(StandardCharsets.UTF_8);
        String eTag = s3.putObject(b -> b.bucket("api").key("digits/7.png"), RequestBody.fromBytes(body)).eTag();
        assertThat(ETags.unquote(eTag)).isEqualTo(md5(body));
        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.eventName()).isEqualTo(BucketEvent.PUT);
            assertThat(e.bucket()).isEqualTo("api");
            assertThat(e.key()).isEqualTo("digits/7.png");
            assertThat(e.eTag()).isEqualTo(md5(body));
            assertThat(e.size()).isEqualTo(body.length);
            assertThat(e.source()).isEqualTo(BucketEvent.Source.INKWELL);
        });
        assertThat(root.resolve("api/digits/7.png")).hasBinaryContent(body);
    }

    @Test
    void multipartCopyAndDeleteRaiseTheirEvents() throws Exception {
        byte[] part1 = new byte[5 * 1024 * 1024];
        byte[] part2 = "tail".getBytes(StandardCharsets.UTF_8);
        String id = s3.createMultipartUpload(b -> b.bucket("api").key("mp.bin")).uploadId();
        String e1 = s3.uploadPart(b -> b.bucket("api").key("mp.bin").uploadId(id).partNumber(1), RequestBody.fromBytes(part1)).eTag();
        String e2 = s3.uploadPart(b -> b.bucket("api").key("mp.bin").uploadId(id).partNumber(2), RequestBody.fromBytes(part2)).eTag();
        assertThat(s3.listParts(b -> b.bucket("api").key("mp.bin").uploadId(id)).parts()).hasSize(2);
        assertThat(s3.listMultipartUploads(b -> b.bucket("api")).uploads()).singleElement().satisfies(u -> assertThat(u.uploadId()).isEqualTo(id));
        assertThat(events).isEmpty();
        String eTag = s3.completeMultipartUpload(b -> b.bucket("api").key("mp.bin").uploadId(id).multipartUpload(m -> m.parts(
                CompletedPart.builder().partNumber(1).eTag(e1).build(), CompletedPart.builder().partNumber(2).eTag(e2).build()))).eTag();
        assertThat(ETags.unquote(eTag)).isEqualTo(ETags.multipart(List.of(md5(part1), md5(part2))));
        s3.copyObject(b -> b.sourceBucket("api").sourceKey("mp.bin").destinationBucket("api").destinationKey("copy.bin"));
        s3.deleteObject(b -> b.bucket("api").key("mp.bin"));
        assertThat(events).extracting(BucketEvent::eventName)
                .containsExactly(BucketEvent.COMPLETE_MULTIPART_UPLOAD, BucketEvent.COPY, BucketEvent.DELETE);
        assertThat(events.get(0).eTag()).isEqualTo(ETags.unquote(eTag));

        String aborted = s3.createMultipartUpload(b -> b.bucket("api").key("gone.bin")).uploadId();
        s3.abortMultipartUpload(b -> b.bucket("api").key("gone.bin").uploadId(aborted));
        assertThatThrownBy(() -> s3.uploadPart(b -> b.bucket("api").key("gone.bin").uploadId(aborted).partNumber(1), RequestBody.fromBytes(part2)))
                .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("NoSuchUpload"));
    }

    @Test
    void s3ErrorsAreTheOnesClientsExpect() {
        assertThat(code(() -> s3.headObject(b -> b.bucket("api").key("missing")))).isEqualTo(404);
        assertThat(errorCode(() -> s3.getObject(b -> b.bucket("api").key("missing")))).isEqualTo("NoSuchKey");
        assertThat(errorCode(() -> s3.listObjectsV2(b -> b.bucket("no-such-bucket")))).isEqualTo("NoSuchBucket");
        assertThat(errorCode(() -> s3.createBucket(b -> b.bucket("api")))).isEqualTo("BucketAlreadyOwnedByYou");
        s3.putObject(b -> b.bucket("api").key("k"), RequestBody.fromString("0123456789"));
        assertThat(errorCode(() -> s3.deleteBucket(b -> b.bucket("api")))).isEqualTo("BucketNotEmpty");
        assertThat(errorCode(() -> s3.getObject(b -> b.bucket("api").key("k").range("bytes=50-60")))).isEqualTo("InvalidRange");
        String wrongMd5 = Base64.getEncoder().encodeToString(new byte[16]);
        assertThat(errorCode(() -> s3.putObject(b -> b.bucket("api").key("bad-digest").contentMD5(wrongMd5), RequestBody.fromString("x")))).isEqualTo("BadDigest");
        assertThat(root.resolve("api/bad-digest")).doesNotExist();
        assertThat(errorCode(() -> s3.putObjectAcl(b -> b.bucket("api").key("k").acl("public-read")))).isEqualTo("NotImplemented");
    }

    @Test
    void conditionalRequestsPresignedUrlsAndSmallPartsBehaveAsOnS3() throws Exception {
        String eTag = s3.putObject(b -> b.bucket("api").key("c.txt"), RequestBody.fromString("conditional")).eTag();
        assertThat(code(() -> s3.getObject(b -> b.bucket("api").key("c.txt").ifNoneMatch(eTag)))).isEqualTo(304);
        assertThat(code(() -> s3.getObject(b -> b.bucket("api").key("c.txt").ifMatch("\"0123456789abcdef0123456789abcdef\"")))).isEqualTo(412);
        // a write on condition is refused rather than done without the guarantee (a folder cannot compare-and-write)
        assertThat(errorCode(() -> s3.putObject(b -> b.bucket("api").key("c.txt").ifNoneMatch("*"), RequestBody.fromString("again")))).isEqualTo("NotImplemented");
        assertThat(served.bucket("api").get("c.txt").readAllBytes()).isEqualTo("conditional".getBytes(StandardCharsets.UTF_8));

        try (S3Presigner presigner = S3Presigner.builder().endpointOverride(server.endpoint()).region(Region.US_EAST_1)
                .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS, SECRET))).build()) {
            URI url = presigner.presignGetObject(b -> b.signatureDuration(Duration.ofMinutes(5)).getObjectRequest(g -> g.bucket("api").key("c.txt"))).url().toURI();
            HttpResponse<String> got = HttpClient.newHttpClient().send(HttpRequest.newBuilder(url).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(got.statusCode()).isEqualTo(200);
            assertThat(got.body()).isEqualTo("conditional");
        }

        String id = s3.createMultipartUpload(b -> b.bucket("api").key("small-parts.bin")).uploadId();
        String e1 = s3.uploadPart(b -> b.bucket("api").key("small-parts.bin").uploadId(id).partNumber(1), RequestBody.fromString("too small")).eTag();
        String e2 = s3.uploadPart(b -> b.bucket("api").key("small-parts.bin").uploadId(id).partNumber(2), RequestBody.fromString("last")).eTag();
        assertThat(errorCode(() -> s3.completeMultipartUpload(b -> b.bucket("api").key("small-parts.bin").uploadId(id).multipartUpload(m -> m.parts(
                CompletedPart.builder().partNumber(1).eTag(e1).build(), CompletedPart.builder().partNumber(2).eTag(e2).build()))))).isEqualTo("EntityTooSmall");
        s3.abortMultipartUpload(b -> b.bucket("api").key("small-parts.bin").uploadId(id));

        s3.putObject(b -> b.bucket("api").key("d/1"), RequestBody.fromString("1"));
        s3.putObject(b -> b.bucket("api").key("d/2"), RequestBody.fromString("2"));
        var deleted = s3.deleteObjects(b -> b.bucket("api").delete(d -> d.objects(o -> o.key("d/1"), o -> o.key("d/2"), o -> o.key("d/missing"))));
        assertThat(deleted.errors()).isEmpty();
        assertThat(served.bucket("api").objects("d/").toList()).isEmpty();
        s3.putObject(b -> b.bucket("api").key("e/1"), RequestBody.fromString("1"));
        var v1 = s3.listObjects(b -> b.bucket("api").maxKeys(1));
        assertThat(v1.contents()).hasSize(1);
        assertThat(v1.isTruncated()).isTrue();
    }

    @Test
    void keysAndNamesTheBucketsRefuseAreRefusedOverTheProtocol() throws Exception {
        for (String key : List.of("a/../../../escape.txt", "a/./b", "a//b", "trailing/", ".inkwell-tmp.part")) {
            assertThat(errorCode(() -> s3.putObject(b -> b.bucket("api").key(key), RequestBody.fromString("x")))).as(key).isIn("InvalidArgument", "InvalidRequest");
        }
        assertThat(errorCode(() -> s3.createBucket(b -> b.bucket("xn--punycode")))).isEqualTo("InvalidBucketName"); // the SDK checks the rest itself
        try (var files = Files.walk(temp)) {
            assertThat(files.filter(Files::isRegularFile).map(p -> p.getFileName().toString()).toList()).doesNotContain("escape.txt", "b");
        }
        assertThat(served.list()).extracting(b -> b.name()).containsExactly("api");
        // raw requests a client library would not send
        for (String path : List.of("/api/..%2f..%2f..%2fescape.txt", "/api/%2e%2e/%2e%2e/escape.txt", "/..%2f/etc/passwd", "/api/%00nul", "/api/%C0%AF")) {
            HttpResponse<String> r = raw("PUT", path, "x".getBytes(StandardCharsets.UTF_8));
            assertThat(r.statusCode()).as(path).isIn(400, 403);
            assertThat(r.body()).as(path).contains("<Error>");
        }
        assertThat(events).isEmpty();
    }

    @Test
    void wrongSignaturesAndAnonymousRequestsAreRefused() throws Exception {
        try (S3Client wrong = client(ACCESS, "not-the-secret"); S3Client stranger = client("stranger", SECRET)) {
            assertThat(errorCode(() -> wrong.putObject(b -> b.bucket("api").key("x"), RequestBody.fromString("x")))).isEqualTo("SignatureDoesNotMatch");
            assertThat(errorCode(() -> stranger.listBuckets())).isEqualTo("InvalidAccessKeyId");
        }
        served.bucket("api").put("private.txt", "secret".getBytes(StandardCharsets.UTF_8));
        for (String[] request : new String[][] {{"GET", "/"}, {"GET", "/api"}, {"GET", "/api/private.txt"}, {"HEAD", "/api/private.txt"},
                {"PUT", "/api/anon.txt"}, {"DELETE", "/api/private.txt"}, {"PUT", "/new-bucket"}, {"POST", "/api/x?uploads"}}) {
            HttpResponse<String> r = raw(request[0], request[1], request[0].equals("PUT") ? new byte[] {1} : null);
            assertThat(r.statusCode()).as(String.join(" ", request)).isEqualTo(403);
            if (!request[0].equals("HEAD")) assertThat(r.body()).contains("AccessDenied");
        }
        assertThat(root.resolve("api/anon.txt")).doesNotExist();
        assertThat(root.resolve("api/private.txt")).exists();
        assertThat(served.exists("new-bucket")).isFalse();
    }

    @Test
    void anonymousAccessOnlyWhenAskedFor() throws Exception {
        server.close();
        server = S3ApiServer.start(served, "127.0.0.1", 0, S3Credentials.anonymous());
        assertThat(raw("PUT", "/api/open.txt", "open".getBytes(StandardCharsets.UTF_8)).statusCode()).isEqualTo(200);
        assertThat(raw("GET", "/api/open.txt", null).body()).isEqualTo("open");
        assertThatThrownBy(() -> S3Credentials.fromEnvironment(Map.of())).isInstanceOf(InkwellException.class).hasMessageContaining("INKWELL_S3_ACCESS_KEY");
        assertThatThrownBy(() -> S3Credentials.fromEnvironment(Map.of("INKWELL_S3_ACCESS_KEY", "a", "INKWELL_S3_SECRET_KEY", " "))).isInstanceOf(InkwellException.class);
        assertThat(S3Credentials.fromEnvironment(Map.of("INKWELL_S3_ACCESS_KEY", "a", "INKWELL_S3_SECRET_KEY", "b")).toString()).doesNotContain("b");
    }

    @Test
    void aTakenPortIsOneClearError() {
        assertThatThrownBy(() -> S3ApiServer.start(served, "127.0.0.1", server.port(), S3Credentials.of(ACCESS, SECRET)))
                .isInstanceOf(InkwellException.class).hasMessageContaining("cannot listen on 127.0.0.1:" + server.port());
    }

    private static int code(Runnable call) {
        try {
            call.run();
            return 200;
        } catch (S3Exception e) {
            return e.statusCode();
        }
    }

    private static String errorCode(Runnable call) {
        try {
            call.run();
            return "no error";
        } catch (S3Exception e) {
            return e.awsErrorDetails().errorCode();
        }
    }
}
