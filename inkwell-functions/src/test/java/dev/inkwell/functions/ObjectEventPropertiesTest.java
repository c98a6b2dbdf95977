package dev.inkwell.functions;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.inkwell.bucket.ObjectKeys;
import dev.inkwell.core.InvalidInputException;
import dev.inkwell.core.Json;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Any event a caller may send is read or refused with a clear bad-input error, never anything else. */
class ObjectEventPropertiesTest {
    @Provide
    Arbitrary<String> anyText() {
        return Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(40), Arbitraries.strings().all().ofMaxLength(1100),
                Arbitraries.of("", "uploads", "a/b.png", "..", "%2e%2e", "a\u0000b", "\ud800", "UP", "x".repeat(64)));
    }

    @Property(tries = 400)
    void anyFlatEventIsReadOrRefusedAsBadInput(@ForAll("anyText") String bucket, @ForAll("anyText") String key, @ForAll("anyText") String eTag) {
        ObjectNode event = Json.mapper().createObjectNode().put("bucket", bucket).put("key", key).put("etag", eTag);
        try {
            ObjectEvent e = ObjectEvent.of(event);
            assertThat(e.key()).isEqualTo(key);
            assertThat(ObjectKeys.isValid(e.key())).isTrue();
            assertThat(e.uri()).isEqualTo("s3://" + bucket + "/" + key);
        } catch (InvalidInputException expected) {
            assertThat(expected.getMessage()).startsWith("event");
        }
    }

    @Property(tries = 300)
    void anyJsonTextAsAnEventIsReadOrRefusedAsBadInput(@ForAll("anyText") String text) {
        try {
            ObjectEvent.of(Json.mapper().readTree("{\"Records\": [{\"eventName\": \"ObjectCreated:Put\", \"s3\": {\"bucket\": {\"name\": \"uploads\"},"
                    + " \"object\": {\"key\": " + Json.mapper().writeValueAsString(text) + "}}}]}"));
        } catch (InvalidInputException expected) {
            assertThat(expected.getMessage()).isNotBlank();
        } catch (JsonProcessingException e) {
            throw new AssertionError(e);
        }
    }
}
