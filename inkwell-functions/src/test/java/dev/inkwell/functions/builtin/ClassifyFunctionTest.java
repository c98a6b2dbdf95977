package dev.inkwell.functions.builtin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.inkwell.bucket.Bucket;
import dev.inkwell.bucket.Buckets;
import dev.inkwell.bucket.ObjectInfo;
import dev.inkwell.bucket.event.BucketEvent;
import dev.inkwell.bucket.event.S3Notifications;
import dev.inkwell.core.Json;
import dev.inkwell.functions.FunctionEnvironment;
import dev.inkwell.functions.FunctionFailure;
import dev.inkwell.functions.FunctionOutputs;
import dev.inkwell.functions.Functions;
import dev.inkwell.functions.Invocation;
import dev.inkwell.functions.ObjectSnapshot;
import dev.inkwell.functions.TestModels;
import dev.inkwell.serving.ServingConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Seed 001's Lambda on real folder buckets and the real mnist-8 endpoint: results text and JSON, failures named. */
class ClassifyFunctionTest {
    private static final Pattern LINE = Pattern.compile("class=(\\d) ; probability=(\\d\\.\\d{6})");

    @TempDir
    Path dir;
    Buckets buckets;
    Bucket uploads;
    Functions functions = Functions.builtIn();
    FunctionEnvironment env;

    @BeforeEach
    void setUp() {
        buckets = Buckets.folder(dir.resolve("buckets"));
        uploads = buckets.create("uploads");
        env = new FunctionEnvironment(buckets, null, TestModels.mnist8(), null, new ServingConfig.Limits(64 * 1024, 4_000_000, 16));
    }

    @AfterEach
    void tearDown() {
        buckets.close();
    }

    private JsonNode classify(String json) throws FunctionFailure {
        return functions.invoke("classify", event(json), Invocation.direct(env, "trigger/test", Duration.ofMinutes(1)));
    }

    private static JsonNode event(String json) {
        try {
            return Json.mapper().readTree(json);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private String text(String key) {
        return new String(uploads.get(key).readAllBytes(), StandardCharsets.UTF_8);
    }

    @Test
    void aPictureTheCallerReadAlreadyIsNotReadAgain() throws Exception {
        ObjectInfo stored = uploads.put("incoming/7.png", TestModels.digit(7), "image/png");
        ObjectSnapshot read = new ObjectSnapshot(stored, TestModels.digit(7));
        // what the trigger read is what is classified: the bucket now holds what is no picture, never read
        uploads.put("incoming/7.png", "not a picture".getBytes(StandardCharsets.UTF_8), "image/png");
        Invocation handedOver = new Invocation("k", Instant.now().plusSeconds(60), "trigger/test", env, null, read);
        JsonNode answer = functions.invoke("classify", event("{\"bucket\": \"uploads\", \"key\": \"incoming/7.png\"}"), handedOver);
        assertThat(answer.get("label").asText()).isEqualTo("7");
        assertThat(answer.get("etag").asText()).isEqualTo(stored.eTag());
        // a snapshot of another object is no answer for this one: it is read, and is no picture
        uploads.put("incoming/bad.png", "not a picture".getBytes(StandardCharsets.UTF_8), "image/png");
        Invocation other = new Invocation("k2", Instant.now().plusSeconds(60), "trigger/test", env, null, read);
        assertThatThrownBy(() -> functions.invoke("classify", event("{\"bucket\": \"uploads\", \"key\": \"incoming/bad.png\"}"), other))
                .isInstanceOf(FunctionFailure.class).satisfies(e -> assertThat(((FunctionFailure) e).error()).isEqualTo(FunctionFailure.INVALID_INPUT));
        assertThat(new ClassifyFunction().readsObjectWhole()).isTrue();
    }

    @Test
    void aDigitGetsSeed001sResultsAndThePredictionJsonBesideIt() throws Exception {
        uploads.put("incoming/7.png", TestModels.digit(7), "image/png");
        JsonNode answer = classify("{\"bucket\": \"uploads\", \"key\": \"incoming/7.png\"}");
        assertThat(answer.get("label").asText()).isEqualTo("7");
        assertThat(answer.get("results")).extracting(JsonNode::asText).containsExactly("results/incoming/7.png.txt", "results/incoming/7.png.json");

        List<String> lines = text("results/incoming/7.png.txt").lines().toList();
        assertThat(lines).hasSize(10);
        assertThat(lines).allMatch(l -> LINE.matcher(l).matches());
        assertThat(lines.getFirst()).startsWith("class=7 ; probability=0.99");
        double[] p = lines.stream().mapToDouble(l -> Double.parseDouble(l.substring(l.indexOf("probability=") + 12))).toArray();
        double[] sorted = p.clone();
        Arrays.sort(sorted);
        for (int i = 0; i < p.length; i++) assertThat(p[i]).isEqualTo(sorted[p.length - 1 - i]);
        assertThat(lines.stream().map(l -> l.substring(6, 7)).distinct()).as("all ten classes once").hasSize(10);
        assertThat(Arrays.stream(p).sum()).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-4));

        JsonNode json = Json.mapper().readTree(uploads.get("results/incoming/7.png.json").readAllBytes());
        assertThat(json.get("endpoint").asText()).isEqualTo("default");
        assertThat(json.get("label").asText()).isEqualTo("7");
        assertThat(json.get("probabilities").size()).isEqualTo(10);
        assertThat(json.get("top").size()).isEqualTo(3);
        assertThat(json.has("timing")).isTrue();
        // the outputs say who wrote them: a trigger never fires on them
        assertThat(uploads.head("results/incoming/7.png.txt").metadata()).containsEntry(FunctionOutputs.ORIGIN_METADATA, "trigger/test");
        assertThat(uploads.head("results/incoming/7.png.json").contentType()).isEqualTo("application/json");
    }

    @Test
    void everyHandwrittenDigitIsReadAndItsClassComesFirst() throws Exception {
        for (int d = 0; d <= 9; d++) {
            uploads.put("in/" + d + ".png", TestModels.digit(d), "image/png");
            classify("{\"bucket\": \"uploads\", \"key\": \"in/" + d + ".png\", \"output_prefix\": \"out\"}");
            assertThat(text("out/in/" + d + ".png.txt").lines().findFirst().orElseThrow()).startsWith("class=" + d + " ; ");
        }
    }

    @Test
    void aNumberOfSeveralDigitsAddsANumberLine() throws Exception {
        uploads.put("numbers/207.png", TestModels.fixture("207__three-digits.png"), "image/png");
        classify("{\"bucket\": \"uploads\", \"key\": \"numbers/207.png\"}");
        List<String> lines = text("results/numbers/207.png.txt").lines().toList();
        assertThat(lines).hasSize(11);
        assertThat(lines.subList(0, 10)).allMatch(l -> LINE.matcher(l).matches());
        assertThat(lines.get(10)).matches("number=207 ; probability=\\d\\.\\d{6}");
    }

    @Test
    void aCorruptPictureIsABadInputNamingTheObjectAndWritesNothing() throws Exception {
        byte[] png = TestModels.digit(3);
        uploads.put("in/broken.png", Arrays.copyOf(png, png.length / 2), "image/png");
        assertThatThrownBy(() -> classify("{\"bucket\": \"uploads\", \"key\": \"in/broken.png\"}"))
                .isInstanceOfSatisfying(FunctionFailure.class, f -> {
                    assertThat(f.error()).isEqualTo(FunctionFailure.INVALID_INPUT);
                    assertThat(f.retryable()).isFalse();
                    assertThat(f.getMessage()).contains("s3://uploads/in/broken.png");
                });
        assertThat(uploads.exists("results/in/broken.png.txt")).isFalse();
        uploads.put("in/text.png", "not a picture at all".getBytes(StandardCharsets.UTF_8), "image/png");
        assertThatThrownBy(() -> classify("{\"bucket\": \"uploads\", \"key\": \"in/text.png\"}"))
                .isInstanceOfSatisfying(FunctionFailure.class, f -> assertThat(f.error()).isEqualTo(FunctionFailure.INVALID_INPUT));
    }

    @Test
    void aStaleErrorReportGoesOnceTheObjectReads() throws Exception {
        uploads.put("results/in/4.png.error.json", "{}".getBytes(StandardCharsets.UTF_8), "application/json");
        uploads.put("in/4.png", TestModels.digit(4), "image/png");
        classify("{\"bucket\": \"uploads\", \"key\": \"in/4.png\"}");
        assertThat(uploads.exists("results/in/4.png.error.json")).isFalse();
    }

    @Test
    void missingAndOversizedObjectsAndUnknownEndpointsAreNamed() throws Exception {
        assertThatThrownBy(() -> classify("{\"bucket\": \"uploads\", \"key\": \"nothing.png\"}"))
                .isInstanceOfSatisfying(FunctionFailure.class, f -> assertThat(f.error()).isEqualTo(FunctionFailure.NOT_FOUND));
        assertThatThrownBy(() -> classify("{\"bucket\": \"no-such-bucket\", \"key\": \"x.png\"}"))
                .isInstanceOfSatisfying(FunctionFailure.class, f -> assertThat(f.error()).isEqualTo(FunctionFailure.NOT_FOUND));
        uploads.put("big.png", new byte[100_000], "image/png");
        assertThatThrownBy(() -> classify("{\"bucket\": \"uploads\", \"key\": \"big.png\"}"))
                .isInstanceOfSatisfying(FunctionFailure.class, f -> {
                    assertThat(f.error()).isEqualTo(FunctionFailure.TOO_LARGE);
                    assertThat(f.getMessage()).contains("100000 bytes");
                });
        uploads.put("in/1.png", TestModels.digit(1), "image/png");
        assertThatThrownBy(() -> classify("{\"bucket\": \"uploads\", \"key\": \"in/1.png\", \"endpoint\": \"fashion\"}"))
                .isInstanceOfSatisfying(FunctionFailure.class, f -> assertThat(f.error()).isEqualTo(FunctionFailure.NOT_FOUND));
    }

    @Test
    void hostileEventsAreRefusedWithTheFieldNamed() {
        List<String> bad = List.of("[]", "\"text\"", "{}", "{\"bucket\": \"uploads\"}", "{\"bucket\": 7, \"key\": \"a\"}",
                "{\"bucket\": \"UP\", \"key\": \"a\"}", "{\"bucket\": \"uploads\", \"key\": \"\"}", "{\"bucket\": \"uploads\", \"key\": \"a\\u0000b\"}",
                "{\"bucket\": \"uploads\", \"key\": \"" + "k".repeat(2000) + "\"}", "{\"bucket\": \"uploads\", \"key\": \"a\", \"endpoint\": \"../x\"}",
                "{\"bucket\": \"uploads\", \"key\": \"a\", \"output_prefix\": \"/etc\"}", "{\"bucket\": \"uploads\", \"key\": \"a\", \"endpoint\": 3}",
                "{\"Records\": [{\"s3\": {}}]}", "{\"Records\": 5}");
        for (String json : bad) {
            assertThatThrownBy(() -> classify(json)).as(json).isInstanceOfSatisfying(FunctionFailure.class, f -> {
                assertThat(f.error()).isEqualTo(FunctionFailure.INVALID_INPUT);
                assertThat(f.getMessage()).isNotBlank();
            });
        }
    }

    @Test
    void anS3NotificationAsALambdaReceivesItIsAnEventToo() throws Exception {
        uploads.put("in/my digit 9.png", TestModels.digit(9), "image/png");
        BucketEvent e = new BucketEvent(BucketEvent.PUT, "uploads", "in/my digit 9.png", null, 10, "0001", Instant.now(), BucketEvent.Source.INKWELL);
        JsonNode answer = classify(S3Notifications.toJson(List.of(e), "us-east-1"));
        assertThat(answer.get("key").asText()).isEqualTo("in/my digit 9.png");
        assertThat(text("results/in/my digit 9.png.txt")).startsWith("class=9 ; ");
    }

    @Test
    void optionsAreCheckedBeforeAnyEvent() {
        ClassifyFunction f = new ClassifyFunction();
        ObjectNode ok = Json.mapper().createObjectNode().put("endpoint", "default").put("output_prefix", "out/");
        assertThat(f.checkOptions(ok)).isEqualTo(ok);
        assertThatThrownBy(() -> f.checkOptions(Json.mapper().createObjectNode().put("table", "x"))).hasMessageContaining("no such option");
        assertThatThrownBy(() -> f.checkOptions(Json.mapper().createObjectNode().put("endpoint", "a/b"))).hasMessageContaining("endpoint");
    }
}
