package dev.inkwell.functions.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.inkwell.bucket.Buckets;
import dev.inkwell.core.InvalidInputException;
import dev.inkwell.core.Json;
import dev.inkwell.functions.FunctionEnvironment;
import dev.inkwell.functions.Functions;
import dev.inkwell.functions.TestModels;
import dev.inkwell.functions.builtin.ServingRecognizers;
import dev.inkwell.serving.endpoint.EndpointSpec;
import dev.inkwell.testing.SharedData;
import dev.inkwell.workflow.ExecutionStatus;
import dev.inkwell.workflow.RunResult;
import dev.inkwell.workflow.StateMachine;
import dev.inkwell.workflow.WorkflowEngine;
import dev.inkwell.workflow.runtime.WorkflowRecord;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seed 003's state machine exactly as the Step Functions console exports it (read from ../shared), with the mapping
 * file shipped in examples/seed003: a handwritten 7 in a bucket succeeds with the seed's output shape; a scribble fails
 * with THRESHOLD_CONFIDENCE_NOT_MET; bad mappings are refused when the workflow is checked.
 */
class Seed003WorkflowTest {
    @TempDir
    static Path dir;
    static Buckets buckets;
    static ServingRecognizers endpoints;
    static FunctionTaskRouter router;
    static JsonNode definition;
    static JsonNode mapping;

    @BeforeAll
    static void setUp() throws Exception {
        buckets = Buckets.folder(dir.resolve("buckets"));
        var bucket = buckets.create("digits");
        bucket.put("test/7.png", Files.readAllBytes(SharedData.handwritten28px().resolve("7.png")), "image/png");
        bucket.put("test/scribble.png", scribble(), "image/png");
        endpoints = TestModels.serving(List.of(new EndpointSpec("default", "mnist")));
        FunctionEnvironment env = new FunctionEnvironment(buckets, null, endpoints, null, null);
        router = new FunctionTaskRouter(Functions.builtIn(), () -> env, Map.of());
        definition = Json.mapper().readTree(SharedData.root().resolve("conformance/seed003/statemachine.json").toFile());
        mapping = Json.mapper().readTree(Path.of("..", "examples", "seed003", "functions.json").toFile());
    }

    @AfterAll
    static void tearDown() {
        endpoints.endpoints().close();
        buckets.close();
    }

    /** Three crossed strokes: no digit (the bundled model's best guess is an 8 at about 0.54). */
    static byte[] scribble() throws Exception {
        BufferedImage image = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.BLACK);
        g.fillRect(0, 0, 28, 28);
        g.setColor(Color.WHITE);
        g.setStroke(new BasicStroke(2f));
        g.drawLine(3, 14, 25, 14);
        g.drawLine(14, 3, 14, 25);
        g.drawLine(3, 3, 25, 25);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }

    static RunResult run(JsonNode functions, String input) {
        WorkflowRecord record = new WorkflowRecord("seed003", 1, definition, functions, Instant.now(), Instant.now());
        router.check(record);
        WorkflowEngine engine = WorkflowEngine.builder().tasks(router.tasks(record)).build();
        return engine.run(StateMachine.of("seed003", definition), input);
    }

    @Test
    void aHandwrittenSevenSucceedsWithTheSeedsOutput() throws Exception {
        RunResult r = run(mapping, "{\"s3_bucket\": \"digits\", \"s3_key\": \"test/7.png\", \"image_data\": \"\"}");
        assertThat(r.status()).as(r.toJson().toString()).isEqualTo(ExecutionStatus.SUCCEEDED);
        JsonNode out = r.output();
        assertThat(out.get("statusCode").asInt()).isEqualTo(200);
        JsonNode body = out.get("body");
        assertThat(body.fieldNames()).toIterable().containsExactlyInAnyOrder("image_data", "s3_bucket", "s3_key", "inferences");
        assertThat(Base64.getDecoder().decode(body.get("image_data").asText()))
                .isEqualTo(Files.readAllBytes(SharedData.handwritten28px().resolve("7.png")));
        assertThat(body.get("s3_bucket").asText()).isEqualTo("digits");
        assertThat(body.get("s3_key").asText()).isEqualTo("test/7.png");
        JsonNode inferences = body.get("inferences");
        assertThat(inferences).hasSize(10);
        double sum = 0;
        int best = 0;
        for (int i = 0; i < 10; i++) {
            sum += inferences.get(i).asDouble();
            if (inferences.get(i).asDouble() > inferences.get(best).asDouble()) best = i;
        }
        assertThat(sum).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-3));
        assertThat(best).isEqualTo(7);
        assertThat(inferences.get(7).asDouble()).isGreaterThan(0.93);
        assertThat(r.events()).containsSubsequence("ExecutionStarted", "TaskStateEntered", "TaskScheduled", "TaskStarted", "TaskSucceeded",
                "TaskStateExited", "TaskStateEntered", "TaskScheduled", "TaskStarted", "TaskSucceeded", "TaskStateExited", "TaskStateEntered",
                "TaskScheduled", "TaskStarted", "TaskSucceeded", "TaskStateExited", "ExecutionSucceeded");
    }

    @Test
    void aScribbleFailsWithThresholdConfidenceNotMet() {
        RunResult r = run(mapping, "{\"s3_bucket\": \"digits\", \"s3_key\": \"test/scribble.png\", \"image_data\": \"\"}");
        assertThat(r.status()).as(r.toJson().toString()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(r.error()).isEqualTo("THRESHOLD_CONFIDENCE_NOT_MET");
        assertThat(r.cause()).contains("no inference is above 0.93");
        assertThat(r.events()).contains("TaskFailed").endsWith("ExecutionFailed");
    }

    @Test
    void aMissingObjectOrBadInputFailsTheFirstTaskWithANamedError() {
        RunResult missing = run(mapping, "{\"s3_bucket\": \"digits\", \"s3_key\": \"test/none.png\", \"image_data\": \"\"}");
        assertThat(missing.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(missing.error()).isEqualTo("Inkwell.NotFound");
        assertThat(missing.cause()).contains("errorMessage").contains("test/none.png");
        RunResult noKey = run(mapping, "{\"s3_bucket\": \"digits\"}");
        assertThat(noKey.error()).isEqualTo("Inkwell.InvalidInput");
        assertThat(noKey.cause()).contains("s3_key");
        RunResult hostile = run(mapping, "{\"s3_bucket\": \"../../etc\", \"s3_key\": \"passwd\"}");
        assertThat(hostile.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(hostile.error()).startsWith("Inkwell.");
    }

    @Test
    void theThresholdIsAnOptionOfTheMapping() throws Exception {
        JsonNode lenient = Json.mapper().readTree("""
                {"functions": {"imageClassifier": {"function": "classify", "options": {"endpoint": "default"}},
                               "dropLowConfidencePredictions": {"function": "threshold", "options": {"threshold": 0.0}}}}""");
        RunResult r = run(lenient, "{\"s3_bucket\": \"digits\", \"s3_key\": \"test/scribble.png\", \"image_data\": \"\"}");
        assertThat(r.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(r.output().get("body").has("threshold")).isFalse();
    }

    @Test
    void badMappingsAreRefusedWithTheFunctionNamed() throws Exception {
        var bad = List.of(
                "{\"functions\": {\"imageClassifier\": \"nope\"}}",
                "{\"functions\": {\"imageClassifier\": {\"function\": \"classify\", \"options\": {\"colour\": 1}}}}",
                "{\"functions\": {\"dropLowConfidencePredictions\": {\"function\": \"threshold\", \"options\": {\"threshold\": 7}}}}",
                "{\"functions\": {\"x\": {\"command\": []}}}",
                "{\"functions\": {\"x\": {\"python\": \"os.system('rm -rf /')\"}}}",
                "{\"functions\": {\"x\": 3}}",
                "{\"functions\": {\"../x\": \"classify\"}}",
                "{\"functions\": []}");
        for (String text : bad) {
            WorkflowRecord record = new WorkflowRecord("w", 1, definition, Json.mapper().readTree(text), Instant.now(), Instant.now());
            assertThatThrownBy(() -> router.check(record)).as(text).isInstanceOf(InvalidInputException.class).hasMessageContaining("functions");
        }
        // without a mapping, imageClassifier is neither mapped nor built in: named when the workflow is checked
        WorkflowRecord unmapped = new WorkflowRecord("w", 1, definition, null, Instant.now(), Instant.now());
        assertThatThrownBy(() -> router.check(unmapped)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("imageClassifier").hasMessageContaining("serializeImageData");
    }
}
