package dev.inkwell.bucket.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.inkwell.bucket.ObjectKeys;
import dev.inkwell.core.InputLocation;
import dev.inkwell.core.InputTooLargeException;
import dev.inkwell.core.InvalidInputException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Webhook bodies as AWS S3 (direct or through SNS) and MinIO send them, and bodies made to break the parser. */
class S3NotificationsTest {
    private static String fixture(String name) throws IOException {
        try (InputStream in = S3NotificationsTest.class.getResourceAsStream("/notifications/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void anAwsPutRecordBecomesAnEvent() throws IOException {
        S3Notifications.Payload p = S3Notifications.parse(fixture("aws-put.json"));
        assertThat(p.kind()).isEqualTo(S3Notifications.Kind.EVENTS);
        BucketEvent e = p.events().get(0);
        assertThat(p.events()).hasSize(1);
        assertThat(e.eventName()).isEqualTo(BucketEvent.PUT);
        assertThat(e.bucket()).isEqualTo("handwriting-recog-aws-bucket");
        assertThat(e.key()).isEqualTo("uploads/my digit №7+1.png");
        assertThat(e.eTag()).isEqualTo("d41d8cd98f00b204e9800998ecf8427e");
        assertThat(e.size()).isEqualTo(1024);
        assertThat(e.sequencer()).isEqualTo("0055AED6DCD90281E5");
        assertThat(e.time()).isEqualTo(Instant.parse("2026-11-20T17:41:54.123Z"));
        assertThat(e.source()).isEqualTo(BucketEvent.Source.WEBHOOK);
        assertThat(e.isCreated()).isTrue();
    }

    @Test
    void multipartCopyAndDeleteRecordsKeepTheirNames() throws IOException {
        List<BucketEvent> events = S3Notifications.parse(fixture("aws-multipart-copy-delete.json")).events();
        assertThat(events).extracting(BucketEvent::eventName)
                .containsExactly(BucketEvent.COMPLETE_MULTIPART_UPLOAD, BucketEvent.COPY, BucketEvent.DELETE);
        assertThat(events.get(0).eTag()).endsWith("-14");
        assertThat(events.get(0).size()).isEqualTo(109_575_994L);
        assertThat(events.get(2).eTag()).isNull();
        assertThat(events.get(2).size()).isEqualTo(-1);
        assertThat(events.get(2).isRemoved()).isTrue();
    }

    @Test
    void theTestEventIsRecognised() throws IOException {
        S3Notifications.Payload p = S3Notifications.parse(fixture("aws-test-event.json"));
        assertThat(p.kind()).isEqualTo(S3Notifications.Kind.TEST_EVENT);
        assertThat(p.events()).isEmpty();
    }

    @Test
    void snsWrappedNotificationsAreUnwrapped() throws IOException {
        S3Notifications.Payload p = S3Notifications.parse(fixture("sns-notification.json"));
        assertThat(p.kind()).isEqualTo(S3Notifications.Kind.EVENTS);
        assertThat(p.events()).singleElement().extracting(BucketEvent::key).isEqualTo("uploads/my digit №7+1.png");

        S3Notifications.Payload c = S3Notifications.parse(fixture("sns-subscription-confirmation.json"));
        assertThat(c.kind()).isEqualTo(S3Notifications.Kind.SUBSCRIPTION_CONFIRMATION);
        assertThat(c.subscribeUrl()).startsWith("https://sns.us-west-2.amazonaws.com/?Action=ConfirmSubscription");
    }

    @Test
    void snsConfirmationsPointingElsewhereAreRefused() {
        for (String url : List.of("http://sns.us-west-2.amazonaws.com/x", "https://sns.us-west-2.amazonaws.com.evil.example/x",
                "https://169.254.169.254/latest/meta-data", "https://evil.example/?sns.us-west-2.amazonaws.com/")) {
            String body = "{\"Type\":\"SubscriptionConfirmation\",\"SubscribeURL\":\"" + url + "\"}";
            assertThatThrownBy(() -> S3Notifications.parse(body)).as(url).isInstanceOf(InvalidInputException.class);
        }
    }

    @Test
    void minioWebhooksBecomeEvents() throws IOException {
        BucketEvent put = S3Notifications.parse(fixture("minio-put.json")).events().get(0);
        assertThat(put.eventName()).isEqualTo(BucketEvent.PUT); // MinIO's "s3:" prefix is dropped
        assertThat(put.bucket()).isEqualTo("images");
        assertThat(put.key()).isEqualTo("2026/my photo+1.jpg");
        assertThat(put.eTag()).isEqualTo("f1671feacb8bbf7b0397c6e9364e8c92");
        assertThat(put.size()).isEqualTo(248_682);
        BucketEvent delete = S3Notifications.parse(fixture("minio-delete.json")).events().get(0);
        assertThat(delete.eventName()).isEqualTo(BucketEvent.DELETE);
        assertThat(delete.key()).isEqualTo("2026/old.jpg");

        BucketEvent bare = S3Notifications.parse("{\"EventName\":\"s3:ObjectCreated:Put\",\"Key\":\"images/a b+c.png\"}").events().get(0);
        assertThat(bare.bucket()).isEqualTo("images");
        assertThat(bare.key()).isEqualTo("a b+c.png"); // MinIO's top-level Key is not escaped
    }

    @Test
    void eventsWriteBackAsTheJsonS3Sends() {
        BucketEvent e = new BucketEvent(BucketEvent.PUT, "uploads", "digits/my 7+1.png", "0123456789abcdef0123456789abcdef", 42,
                "0006614B50265A0E", Instant.parse("2026-11-28T10:00:00Z"), BucketEvent.Source.INKWELL);
        String json = S3Notifications.toJson(List.of(e), "us-east-1");
        assertThat(json).contains("\"key\":\"digits/my+7%2B1.png\"").contains("\"eventName\":\"ObjectCreated:Put\"").contains("\"name\":\"uploads\"");
        BucketEvent back = S3Notifications.parse(json).events().get(0);
        assertThat(back.key()).isEqualTo(e.key());
        assertThat(back.eTag()).isEqualTo(e.eTag());
        assertThat(back.size()).isEqualTo(42);
        assertThat(back.sequencer()).isEqualTo(e.sequencer());
        assertThat(back.time()).isEqualTo(e.time());
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "", " ", "null", "[]", "42", "\"Records\"", "{", "{\"Records\":", "{\"Records\":[", "{\"Records\":{}}", "{\"Records\":\"x\"}",
            "{\"Records\":[1]}", "{\"Records\":[{}]}", "{\"Records\":[{\"eventName\":\"ObjectCreated:Put\"}]}",
            "{\"Records\":[{\"eventName\":\"ObjectCreated:Put\",\"s3\":{\"bucket\":{\"name\":\"b-ok\"}}}]}",
            "{}", "{\"hello\":\"world\"}", "{\"Type\":\"Notification\"}", "{\"Type\":\"Notification\",\"Message\":\"not json\"}",
            "{\"Type\":\"Notification\",\"Message\":\"{\\\"Type\\\":\\\"Notification\\\",\\\"Message\\\":\\\"{}\\\"}\"}",
            "{\"Type\":\"Strange\"}", "{\"EventName\":\"s3:ObjectCreated:Put\",\"Key\":\"no-slash\"}",
            "{\"EventName\":\"s3:ObjectCreated:Put\",\"Key\":\"bucket/\"}", "{\"Records\":[]} trailing",
            "{\"Records\":[],\"Records\":[]}"
    })
    void malformedBodiesAreRefusedWithOneClearError(String body) {
        assertThatThrownBy(() -> S3Notifications.parse(body)).isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("event notification");
    }

    private static String record(String bucket, String key, String extra) {
        return "{\"Records\":[{\"eventName\":\"ObjectCreated:Put\",\"eventTime\":\"2026-11-20T17:41:54Z\",\"s3\":{\"bucket\":{\"name\":\""
                + bucket + "\"},\"object\":{\"key\":\"" + key + "\"" + extra + "}}}]}";
    }

    @Test
    void hostileFieldsAreRefused() {
        List<String> bodies = List.of(
                record("Bad_Bucket", "k", ""), record("..", "k", ""), record("a", "k", ""), record("ok-bucket", "", ""),
                record("ok-bucket", "bad%zzescape", ""), record("ok-bucket", "cut%2", ""), record("ok-bucket", "cut%", ""),
                record("ok-bucket", "not-utf8-%FF%FE", ""), record("ok-bucket", "overlong-%C0%AF", ""),
                record("ok-bucket", "nul-%00-byte", ""), record("ok-bucket", "newline%0Ainjected", ""),
                record("ok-bucket", "x".repeat(1025), ""), record("ok-bucket", "%E2%82%AC".repeat(342), ""),
                record("ok-bucket", "k", ",\"size\":-5"), record("ok-bucket", "k", ",\"size\":\"big\""),
                record("ok-bucket", "k", ",\"eTag\":\"<script>\""), record("ok-bucket", "k", ",\"sequencer\":\"not hex\""),
                record("ok-bucket", "k", ",\"size\":99999999999999999999999999999999999"),
                "{\"Records\":[{\"eventName\":\"rm -rf /\",\"s3\":{\"bucket\":{\"name\":\"ok-bucket\"},\"object\":{\"key\":\"k\"}}}]}",
                "{\"Records\":[{\"eventName\":\"ObjectCreated:Put\",\"eventTime\":\"yesterday\",\"s3\":{\"bucket\":{\"name\":\"ok-bucket\"},\"object\":{\"key\":\"k\"}}}]}",
                "{\"Records\":[{\"eventName\":\"ObjectCreated:Put\",\"s3\":{\"bucket\":{\"name\":\"ok-bucket\"},\"object\":{\"key\":\"k\",\"key\":\"../../etc/passwd\"}}}]}");
        for (String body : bodies) {
            assertThatThrownBy(() -> S3Notifications.parse(body)).as(body.length() > 200 ? body.substring(0, 200) : body).isInstanceOf(InvalidInputException.class);
        }
        // a key that is hostile to a file system is still a valid S3 key: the event carries it, the bucket refuses it
        assertThat(S3Notifications.parse(record("ok-bucket", "..%2F..%2Fetc%2Fpasswd", "")).events().get(0).key()).isEqualTo("../../etc/passwd");
    }

    @Test
    void oversizedAndDeepBodiesAreRefused() {
        byte[] big = new byte[S3Notifications.MAX_BYTES + 1];
        Arrays.fill(big, (byte) ' ');
        assertThatThrownBy(() -> S3Notifications.parse(big)).isInstanceOf(InputTooLargeException.class);
        String deep = "{\"Records\":" + "[".repeat(5000) + "]".repeat(5000) + "}";
        assertThatThrownBy(() -> S3Notifications.parse(deep)).isInstanceOf(InvalidInputException.class);
        String many = "{\"Records\":[" + String.join(",", Collections.nCopies(1001, "{}")) + "]}";
        assertThatThrownBy(() -> S3Notifications.parse(many)).isInstanceOf(InputTooLargeException.class);
    }

    @Property(tries = 300)
    void anyKeyRoundTripsThroughS3sEncoding(@ForAll @StringLength(min = 1, max = 200) String key) {
        Assume.that(ObjectKeys.isValid(key));
        String encoded = S3Notifications.encodeKey(key);
        assertThat(S3Notifications.decodeKey(InputLocation.file("k"), encoded)).isEqualTo(key);
    }

    @Property(tries = 300)
    void arbitraryBytesNeverEscapeAsAnythingButInvalidInput(@ForAll byte[] body) {
        try {
            S3Notifications.parse(body);
        } catch (InvalidInputException e) {
            assertThat(e.getMessage()).startsWith("event notification");
        }
    }
}
