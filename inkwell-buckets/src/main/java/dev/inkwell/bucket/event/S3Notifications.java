package dev.inkwell.bucket.event;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.inkwell.bucket.BucketNames;
import dev.inkwell.bucket.ETags;
import dev.inkwell.bucket.ObjectKeys;
import dev.inkwell.core.InputLocation;
import dev.inkwell.core.InputTooLargeException;
import dev.inkwell.core.InvalidInputException;
import dev.inkwell.core.Json;
import dev.inkwell.core.Texts;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import software.amazon.awssdk.eventnotifications.s3.model.RequestParameters;
import software.amazon.awssdk.eventnotifications.s3.model.ResponseElements;
import software.amazon.awssdk.eventnotifications.s3.model.S3;
import software.amazon.awssdk.eventnotifications.s3.model.S3Bucket;
import software.amazon.awssdk.eventnotifications.s3.model.S3EventNotification;
import software.amazon.awssdk.eventnotifications.s3.model.S3EventNotificationRecord;
import software.amazon.awssdk.eventnotifications.s3.model.S3Object;
import software.amazon.awssdk.eventnotifications.s3.model.UserIdentity;

/**
 * S3 event notifications as they arrive at a webhook, parsed into {@link BucketEvent}s: AWS S3's JSON
 * ({@code Records[].s3.bucket.name}, URL-encoded {@code s3.object.key} with {@code +} for spaces, {@code eTag},
 * {@code size}, {@code sequencer}; read with the AWS SDK's {@code s3-event-notifications} model), its
 * {@code s3:TestEvent}, the same wrapped in an SNS message (how S3 notifications reach an HTTP endpoint on AWS), and
 * MinIO's webhook ({@code EventName}, {@code Key}, {@code Records}). Pure parsing: nothing is fetched (an SNS
 * subscription is confirmed by whoever visits {@link Payload#subscribeUrl()}), and SNS signatures are not checked, so
 * the route that takes these must be protected (a key, a secret path).
 *
 * <p>Hostile input is refused with an {@link InvalidInputException} naming the record and field: bodies over
 * {@value #MAX_BYTES} bytes, deep nesting, duplicate fields, invalid bucket names, keys that are not valid UTF-8 once
 * decoded or hold control characters.
 */
public final class S3Notifications {
    public static final int MAX_BYTES = 1 << 20;
    public static final int MAX_RECORDS = 1000;
    /** Who made a change, where S3's JSON names a principal. */
    private static final String IDENTITY = "inkwell";
    private static final InputLocation BODY = InputLocation.file("event notification");
    private static final Pattern EVENT_NAME = Pattern.compile("[A-Za-z]{1,40}:[A-Za-z*]{1,40}");
    private static final Pattern SEQUENCER = Pattern.compile("[0-9A-Fa-f]{1,64}");
    private static final Pattern ETAG = Pattern.compile("[0-9A-Fa-f]{1,64}(-[0-9]{1,5})?");
    private static final Pattern SNS_URL = Pattern.compile("https://sns\\.[a-z0-9-]{1,30}\\.amazonaws\\.com(\\.cn)?/\\S{1,2000}");
    /** The common configuration with a notification's tighter limits, and duplicate keys refused. */
    private static final ObjectMapper JSON = Json.builder(
            StreamReadConstraints.builder().maxNestingDepth(32).maxStringLength(MAX_BYTES).maxNumberLength(32).build())
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private S3Notifications() {
    }

    /** What a webhook body was. */
    public enum Kind {
        /** Object events (possibly none). */
        EVENTS,
        /** S3's {@code s3:TestEvent}, sent when notifications are configured: answer 200, do nothing. */
        TEST_EVENT,
        /** SNS asks to confirm a subscription: visit {@link Payload#subscribeUrl()} if the topic is expected. */
        SUBSCRIPTION_CONFIRMATION,
        /** SNS says a subscription ended: nothing to do. */
        UNSUBSCRIBE_CONFIRMATION
    }

    /** A parsed webhook body; {@code subscribeUrl} only for {@link Kind#SUBSCRIPTION_CONFIRMATION}. */
    public record Payload(Kind kind, List<BucketEvent> events, String subscribeUrl) {
        public Payload {
            events = List.copyOf(events);
        }
    }

    public static Payload parse(String body) {
        return parse(body.getBytes(StandardCharsets.UTF_8));
    }

    /** Parses a webhook body: AWS S3 (direct or through SNS) or MinIO. */
    public static Payload parse(byte[] body) {
        if (body.length > MAX_BYTES) throw new InputTooLargeException(BODY, body.length + " bytes: at most " + MAX_BYTES);
        return parse(tree(body), 0);
    }

    private static JsonNode tree(byte[] body) {
        try (JsonParser parser = JSON.createParser(body)) {
            JsonNode node = JSON.readTree(parser);
            if (parser.nextToken() != null) throw new InvalidInputException(BODY, "more than one JSON document");
            if (node == null || !node.isObject()) throw new InvalidInputException(BODY, "not a JSON object");
            return node;
        } catch (JsonProcessingException e) {
            throw new InvalidInputException(BODY, "not valid JSON: " + Texts.abbreviate(e.getOriginalMessage(), 200), e);
        } catch (IOException e) {
            throw new InvalidInputException(BODY, "unreadable: " + e.getMessage(), e);
        }
    }

    private static Payload parse(JsonNode root, int depth) {
        if (root.has("Records")) return new Payload(Kind.EVENTS, records(root.get("Records")), null);
        if (text(root, "Event") != null && text(root, "Event").equals("s3:TestEvent")) return new Payload(Kind.TEST_EVENT, List.of(), null);
        String snsType = text(root, "Type");
        if (snsType != null && depth == 0) {
            switch (snsType) {
                case "Notification" -> {
                    String message = text(root, "Message");
                    if (message == null) throw new InvalidInputException(BODY, "an SNS notification without a Message");
                    return parse(tree(message.getBytes(StandardCharsets.UTF_8)), depth + 1);
                }
                case "SubscriptionConfirmation" -> {
                    String url = text(root, "SubscribeURL");
                    if (url == null || !SNS_URL.matcher(url).matches()) {
                        throw new InvalidInputException(BODY, "an SNS subscription confirmation whose SubscribeURL is not an https://sns.REGION.amazonaws.com URL");
                    }
                    return new Payload(Kind.SUBSCRIPTION_CONFIRMATION, List.of(), url);
                }
                case "UnsubscribeConfirmation" -> {
                    return new Payload(Kind.UNSUBSCRIBE_CONFIRMATION, List.of(), null);
                }
                default -> throw new InvalidInputException(BODY, "an SNS message of unknown type " + Texts.abbreviate(snsType, 40));
            }
        }
        // MinIO without records: {"EventName": "s3:ObjectCreated:Put", "Key": "bucket/object"} (the key not escaped)
        String eventName = text(root, "EventName");
        String key = text(root, "Key");
        if (eventName != null && key != null) {
            int slash = key.indexOf('/');
            InputLocation where = InputLocation.file("event notification, Key");
            if (slash <= 0 || slash == key.length() - 1) throw new InvalidInputException(where, "not BUCKET/OBJECT");
            return new Payload(Kind.EVENTS, List.of(event(where, eventName, key.substring(0, slash), key.substring(slash + 1), null, null, null, null)), null);
        }
        throw new InvalidInputException(BODY, "not an S3 or MinIO event notification (no Records, s3:TestEvent or SNS Type)");
    }

    private static List<BucketEvent> records(JsonNode records) {
        if (!records.isArray()) throw new InvalidInputException(BODY, "Records is not an array");
        if (records.size() > MAX_RECORDS) throw new InputTooLargeException(BODY, records.size() + " records: at most " + MAX_RECORDS);
        S3EventNotification parsed;
        try {
            ObjectNode only = JSON.createObjectNode();
            only.set("Records", (ArrayNode) records);
            parsed = S3EventNotification.fromJson(JSON.writeValueAsString(only));
        } catch (JsonProcessingException | RuntimeException e) {
            throw new InvalidInputException(BODY, "Records do not have S3's shape: " + Texts.abbreviate(String.valueOf(e.getMessage()), 200), e);
        }
        List<BucketEvent> out = new ArrayList<>();
        List<S3EventNotificationRecord> list = parsed.getRecords() == null ? List.of() : parsed.getRecords();
        for (int i = 0; i < list.size(); i++) {
            S3EventNotificationRecord r = list.get(i);
            InputLocation where = InputLocation.file("event notification, Records[" + i + "]");
            if (r == null || r.getS3() == null || r.getS3().getBucket() == null || r.getS3().getObject() == null) {
                throw new InvalidInputException(where, "no s3.bucket or s3.object");
            }
            S3Object o = r.getS3().getObject();
            String key = decodeKey(InputLocation.file(where.file() + ", s3.object.key"), o.getKey());
            out.add(event(where, r.getEventName(), r.getS3().getBucket().getName(), key, o.getETag(), o.getSizeAsLong(), o.getSequencer(), r.getEventTime()));
        }
        return out;
    }

    private static BucketEvent event(InputLocation where, String eventName, String bucket, String key, String eTag, Long size, String sequencer, Instant time) {
        if (eventName == null) throw new InvalidInputException(where, "no eventName");
        String name = eventName.startsWith("s3:") ? eventName.substring(3) : eventName;
        if (!EVENT_NAME.matcher(name).matches()) throw new InvalidInputException(where, "\"" + Texts.abbreviate(eventName, 60) + "\" is not an S3 event name");
        if (bucket == null || !BucketNames.isValid(bucket)) throw new InvalidInputException(where, "\"" + Texts.abbreviate(String.valueOf(bucket), 70) + "\" is not a valid bucket name");
        if (!ObjectKeys.isValid(key)) throw new InvalidInputException(where, "the key is not valid (empty, over 1,024 bytes, or with control characters)");
        String tag = eTag == null || eTag.isEmpty() ? null : ETags.unquote(eTag);
        if (tag != null && !ETAG.matcher(tag).matches()) throw new InvalidInputException(where, "\"" + Texts.abbreviate(eTag, 70) + "\" is not an ETag");
        if (size != null && size < 0) throw new InvalidInputException(where, "a negative size");
        if (sequencer != null && !SEQUENCER.matcher(sequencer).matches()) throw new InvalidInputException(where, "\"" + Texts.abbreviate(sequencer, 70) + "\" is not a sequencer (hex)");
        return new BucketEvent(name, bucket, key, tag, size == null ? -1 : size, sequencer, time == null ? Instant.now() : time, BucketEvent.Source.WEBHOOK);
    }

    /**
     * S3's key encoding: form-URL-encoded ({@code +} is a space), UTF-8. Strict: a bad escape or bytes that are not
     * UTF-8 are refused, where a lenient decoder would quietly make another key of them.
     */
    static String decodeKey(InputLocation where, String encoded) {
        if (encoded == null || encoded.isEmpty()) throw new InvalidInputException(where, "no key");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(encoded.length());
        for (int i = 0; i < encoded.length(); i++) {
            char c = encoded.charAt(i);
            if (c == '+') {
                bytes.write(' ');
            } else if (c == '%') {
                if (i + 2 >= encoded.length()) {
                    throw new InvalidInputException(where, "a % escape cut short at " + (i + 1));
                }
                int hi = Character.digit(encoded.charAt(i + 1), 16);
                int lo = Character.digit(encoded.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) throw new InvalidInputException(where, "\"" + Texts.abbreviate(encoded.substring(i, i + 3), 3) + "\" at " + (i + 1) + " is not a % escape");
                bytes.write(hi << 4 | lo);
                i += 2;
            } else {
                byte[] b = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                if (Character.isHighSurrogate(c) && i + 1 < encoded.length()) {
                    b = encoded.substring(i, i + 2).getBytes(StandardCharsets.UTF_8);
                    i++;
                }
                bytes.writeBytes(b);
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray())).toString();
        } catch (CharacterCodingException e) {
            throw new InvalidInputException(where, "not UTF-8 once decoded", e);
        }
    }

    /** S3's key encoding of {@code key}: form-URL-encoded, with {@code /} left as it is (as S3 writes it). */
    public static String encodeKey(String key) {
        return URLEncoder.encode(key, StandardCharsets.UTF_8).replace("%2F", "/");
    }

    /**
     * Events as the JSON S3 sends ({@code {"Records": [...]}}): what a Lambda-style handler reads
     * ({@code event['Records'][0]['s3']['object']['key']}).
     */
    public static String toJson(List<BucketEvent> events, String region) {
        List<S3EventNotificationRecord> records = new ArrayList<>();
        for (BucketEvent e : events) {
            S3EventNotificationRecord r = new S3EventNotificationRecord();
            r.setEventVersion("2.1");
            r.setEventSource("aws:s3");
            r.setAwsRegion(region);
            r.setEventName(e.eventName());
            r.setEventTime(e.time());
            r.setUserIdentity(new UserIdentity(IDENTITY));
            r.setRequestParameters(new RequestParameters("127.0.0.1"));
            r.setResponseElements(new ResponseElements(e.sequencer(), e.sequencer()));
            S3Object object = new S3Object(encodeKey(e.key()), e.size() < 0 ? null : e.size(), e.eTag(), null, e.sequencer());
            r.setS3(new S3("inkwell", new S3Bucket(e.bucket(), new UserIdentity(IDENTITY), "arn:aws:s3:::" + e.bucket()), object, "1.0"));
            records.add(r);
        }
        return new S3EventNotification(records).toJson();
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v != null && v.isTextual() ? v.asText() : null;
    }
}
