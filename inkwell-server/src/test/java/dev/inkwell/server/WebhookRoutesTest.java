package dev.inkwell.server;

import static dev.inkwell.server.TestServer.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.inkwell.bucket.Bucket;
import dev.inkwell.store.Store;
import dev.inkwell.store.WorkItem;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * POST/HEAD /v1/events/s3 on a real server: AWS S3's notification JSON, SNS envelopes, test events and MinIO's
 * webhook with its bearer token and HEAD probe queue work for matching triggers; hostile bodies and wrong tokens are
 * refused and queue nothing.
 */
class WebhookRoutesTest {
    private static final String TOKEN = "hook-token";

    @TempDir
    Path dir;

    private TestServer start() {
        return TestServer.start(c -> c.auth(new ServerConfig.Auth("api-key")).store(dir.resolve("inkwell.db").toString())
                .buckets(dir.resolve("buckets").toString()).triggers(c.triggers().withSettings(TriggerRoutesTest.fast()).withWebhookToken(TOKEN)));
    }

    private static HttpResponse<String> post(TestServer http, String body, String authorization, String query) {
        HttpRequest.Builder b = HttpRequest.newBuilder(http.uri("/v1/events/s3" + (query == null ? "" : query)))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) b.header("Authorization", authorization);
        return http.send(b);
    }

    private static String aws(String bucket, String encodedKey, String eTag) {
        return """
                {"Records": [{"eventVersion": "2.1", "eventSource": "aws:s3", "awsRegion": "us-east-1", "eventTime": "2026-11-28T10:00:00.000Z",
                  "eventName": "ObjectCreated:Put", "userIdentity": {"principalId": "AWS:X"}, "requestParameters": {"sourceIPAddress": "10.0.0.1"},
                  "responseElements": {"x-amz-request-id": "R", "x-amz-id-2": "I"},
                  "s3": {"s3SchemaVersion": "1.0", "configurationId": "inkwell", "bucket": {"name": "%s", "ownerIdentity": {"principalId": "X"},
                    "arn": "arn:aws:s3:::%s"}, "object": {"key": "%s", "size": 4, "eTag": "%s", "sequencer": "0055AED6DCD90281E5"}}}]}
                """.formatted(bucket, bucket, encodedKey, eTag);
    }

    @Test
    void awsAndMinioNotificationsQueueTheirObjectsOnce() throws Exception {
        try (TestServer http = start()) {
            // objects written behind the server's back, as a real S3 store would hold them
            Path folder = dir.resolve("buckets/uploads/hook");
            Files.createDirectories(folder);
            Bucket uploads = http.server.buckets().bucket("uploads");
            HttpResponse<String> created = http.send(HttpRequest.newBuilder(http.uri("/v1/triggers")).header("X-Api-Key", "api-key")
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                            "{\"name\": \"hook\", \"bucket\": \"uploads\", \"prefix\": \"hook/\", \"action\": \"ingest\", \"options\": {\"table\": \"hooked\"}}")));
            assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
            Files.write(folder.resolve("3_my digit.png"), TestServer.sample(3));
            Files.write(folder.resolve("4_x.png"), TestServer.sample(4));
            String eTag = uploads.head("hook/3_my digit.png").eTag();

            HttpResponse<String> r = post(http, aws("uploads", "hook/3_my+digit.png", eTag), "Bearer " + TOKEN, null);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            assertThat(json(r).get("kind").asText()).isEqualTo("events");
            assertThat(json(r).get("records").asInt()).isEqualTo(1);
            assertThat(json(r).get("queued").asInt()).isBetween(0, 1); // the folder watcher may have been first
            assertThat(json(post(http, aws("uploads", "hook/3_my+digit.png", eTag), null, "?token=" + TOKEN)).get("queued").asInt())
                    .as("the same notification again").isZero();

            HttpResponse<String> minio = post(http, "{\"EventName\": \"s3:ObjectCreated:Put\", \"Key\": \"uploads/hook/4_x.png\", \"Records\": []}",
                    "Bearer " + TOKEN, null);
            assertThat(minio.statusCode()).as(minio.body()).isEqualTo(200);
            try (Store store = Store.open(dir.resolve("inkwell.db").toString())) {
                long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
                while (store.table("hooked").counts().values().stream().mapToLong(Long::longValue).sum() < 2) {
                    if (System.nanoTime() > deadline) throw new AssertionError("the hooked pictures never reached the table");
                    Thread.sleep(50);
                }
                // the rows are written before their work items are marked done: wait for both
                while (store.queue("triggers").counts().getOrDefault(WorkItem.Status.DONE, 0L) < 2) {
                    if (System.nanoTime() > deadline) throw new AssertionError("work items never done: " + store.queue("triggers").counts());
                    Thread.sleep(50);
                }
                assertThat(store.queue("triggers").counts()).containsEntry(WorkItem.Status.DONE, 2L);
            }
        }
    }

    @Test
    void testEventsSnsEnvelopesAndMinioProbesAreAnswered() throws Exception {
        try (TestServer http = start()) {
            JsonNode test = json(post(http, "{\"Service\": \"Amazon S3\", \"Event\": \"s3:TestEvent\", \"Time\": \"2026-11-28T10:00:00Z\", "
                    + "\"Bucket\": \"uploads\", \"RequestId\": \"R\", \"HostId\": \"H\"}", "Bearer " + TOKEN, null));
            assertThat(test.get("kind").asText()).isEqualTo("test_event");
            HttpResponse<String> confirm = post(http, """
                    {"Type": "SubscriptionConfirmation", "MessageId": "m", "Token": "t", "TopicArn": "arn:aws:sns:us-east-1:1:t",
                     "Message": "confirm", "SubscribeURL": "https://sns.us-east-1.amazonaws.com/?Action=ConfirmSubscription&Token=t",
                     "Timestamp": "2026-11-28T10:00:00.000Z"}""", null, "?token=" + TOKEN);
            assertThat(confirm.statusCode()).as(confirm.body()).isEqualTo(200);
            assertThat(json(confirm).get("subscribe_url").asText()).startsWith("https://sns.us-east-1.amazonaws.com/");
            HttpResponse<Void> probe = http.client.send(HttpRequest.newBuilder(http.uri("/v1/events/s3"))
                    .method("HEAD", HttpRequest.BodyPublishers.noBody()).header("Authorization", "Bearer " + TOKEN).build(), HttpResponse.BodyHandlers.discarding());
            assertThat(probe.statusCode()).isEqualTo(200);
            HttpResponse<Void> anonymousProbe = http.client.send(HttpRequest.newBuilder(http.uri("/v1/events/s3"))
                    .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
            assertThat(anonymousProbe.statusCode()).isEqualTo(401);
        }
    }

    @Test
    void wrongTokensAndHostileBodiesAreRefusedAndQueueNothing() throws Exception {
        try (TestServer http = start()) {
            String good = aws("uploads", "a.png", "0123456789abcdef0123456789abcdef");
            assertThat(post(http, good, null, null).statusCode()).isEqualTo(401);
            assertThat(post(http, good, "Bearer wrong", null).statusCode()).isEqualTo(401);
            assertThat(post(http, good, "Basic " + TOKEN, null).statusCode()).isEqualTo(401);
            assertThat(post(http, good, null, "?token=api-key").statusCode()).as("the API key is not the webhook token").isEqualTo(401);
            List<String[]> hostile = List.of(
                    new String[] {"", "not a JSON object"},
                    new String[] {"[]", "not a JSON object"},
                    new String[] {"{\"Records\": {}}", "not an array"},
                    new String[] {"{\"Records\": [{\"s3\": {}}]}", "Records[0]"},
                    new String[] {aws("UPLOADS", "a.png", "0123456789abcdef0123456789abcdef"), "bucket name"},
                    new String[] {aws("uploads", "a%2", "0123456789abcdef0123456789abcdef"), "cut short"},
                    new String[] {aws("uploads", "%FF%FE", "0123456789abcdef0123456789abcdef"), "UTF-8"},
                    new String[] {aws("uploads", "a%00b", "0123456789abcdef0123456789abcdef"), "key"},
                    new String[] {aws("uploads", "a.png", "\\\"><script>"), "ETag"},
                    new String[] {"{\"Records\": [], \"Records\": []}", "Duplicate"},
                    new String[] {"{\"a\":".repeat(100) + "1" + "}".repeat(100), "not valid JSON"},
                    new String[] {"{\"EventName\": \"s3:ObjectCreated:Put\", \"Key\": \"no-slash\"}", "BUCKET/OBJECT"},
                    new String[] {"{\"hello\": \"world\"}", "not an S3 or MinIO event notification"});
            for (String[] h : hostile) {
                HttpResponse<String> r = post(http, h[0], "Bearer " + TOKEN, null);
                assertThat(r.statusCode()).as(h[0].length() > 60 ? h[0].substring(0, 60) : h[0]).isEqualTo(400);
                assertThat(json(r).at("/error/message").asText()).as(r.body()).contains(h[1]);
            }
            HttpResponse<String> huge = post(http, "{\"Records\": [" + "{},".repeat(400_000) + "{}]}", "Bearer " + TOKEN, null);
            assertThat(huge.statusCode()).isEqualTo(413);
            try (Store store = Store.open(dir.resolve("inkwell.db").toString())) {
                assertThat(store.queue("triggers").counts()).isEmpty();
            }
        }
        try (TestServer http = TestServer.start(c -> c.auth(new ServerConfig.Auth(null)).store(dir.resolve("x.db").toString())
                .buckets(dir.resolve("buckets").toString()).triggers(c.triggers().withWebhookToken(null)))) {
            assertThat(post(http, "{}", "Bearer anything", null).statusCode()).as("no token configured: closed").isEqualTo(403);
        }
    }
}
