package dev.inkwell.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.inkwell.workflow.json.JsonTrees;
import dev.inkwell.workflow.spi.TaskFailedException;
import dev.inkwell.workflow.task.LambdaInvoker;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Seed 003's state machine, exactly as the Step Functions console exported it, with its three Lambda functions
 * played by in-memory functions behind the lambda:invoke adapter.
 */
class Seed003Test {
    private static final byte[] IMAGE = "\u0089PNG fake bicycle pixels".getBytes(StandardCharsets.ISO_8859_1);

    private final ManualScheduler clock = new ManualScheduler(Instant.parse("2026-01-01T00:00:00Z"));
    private final AtomicInteger serviceHiccups = new AtomicInteger();
    private List<Double> probabilities = List.of(0.97, 0.03);

    /** serializeImageData: reads the image from the "bucket" and returns it base64-encoded. */
    private CompletableFuture<JsonNode> serialize(JsonNode event) {
        if (serviceHiccups.getAndDecrement() > 0) {
            return CompletableFuture.failedFuture(new TaskFailedException("Lambda.ServiceException", "Rate exceeded"));
        }
        ObjectNode body = JsonTrees.object();
        body.put("image_data", Base64.getEncoder().encodeToString(IMAGE));
        body.put("s3_bucket", event.get("s3_bucket").textValue());
        body.put("s3_key", event.get("s3_key").textValue());
        body.putArray("inferences");
        return CompletableFuture.completedFuture(JsonTrees.object().put("statusCode", 200).set("body", body));
    }

    /** imageClassifier: decodes the image and adds the endpoint's class probabilities. */
    private CompletableFuture<JsonNode> classify(JsonNode event) {
        byte[] image = Base64.getDecoder().decode(event.at("/body/image_data").textValue());
        assertThat(image).isEqualTo(IMAGE);
        ObjectNode body = ((ObjectNode) event.get("body")).deepCopy();
        ArrayNode inferences = body.putArray("inferences");
        probabilities.forEach(inferences::add);
        return CompletableFuture.completedFuture(JsonTrees.object().put("statusCode", 200).set("body", body));
    }

    /** dropLowConfidencePredictions: passes the event on if any inference is above 0.93, else fails. */
    private CompletableFuture<JsonNode> threshold(JsonNode event) {
        for (JsonNode p : event.at("/body/inferences")) {
            if (p.doubleValue() > 0.93) return CompletableFuture.completedFuture(event);
        }
        return CompletableFuture.failedFuture(new TaskFailedException("THRESHOLD_CONFIDENCE_NOT_MET",
                "no inference above 0.93 in " + event.at("/body/inferences")));
    }

    private WorkflowEngine engine() {
        LambdaInvoker lambdas = new LambdaInvoker(Map.of(
                "serializeImageData", (event, context) -> serialize(event),
                "imageClassifier", (event, context) -> classify(event),
                "dropLowConfidencePredictions", (event, context) -> threshold(event)));
        return WorkflowEngine.builder().tasks(lambdas).scheduler(clock).executor(Runnable::run).build();
    }

    private static StateMachine machine() throws Exception {
        return StateMachine.parse("Seed003", Files.readString(SharedData.root().resolve("conformance/seed003/statemachine.json")));
    }

    private static final String INPUT = """
            {"image_data": "", "s3_bucket": "inkwell-samples", "s3_key": "test/bicycle_s_000030.png"}""";

    @Test
    void a_confident_prediction_comes_out_as_the_last_functions_answer() throws Exception {
        RunResult result = engine().run(machine(), INPUT);
        assertThat(result.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        ObjectNode expected = JsonTrees.object().put("statusCode", 200);
        ObjectNode body = expected.putObject("body");
        body.put("image_data", Base64.getEncoder().encodeToString(IMAGE));
        body.put("s3_bucket", "inkwell-samples");
        body.put("s3_key", "test/bicycle_s_000030.png");
        body.putArray("inferences").add(0.97).add(0.03);
        assertThat(result.output()).isEqualTo(expected);
        assertThat(result.events()).containsExactly("ExecutionStarted",
                "TaskStateEntered", "TaskScheduled", "TaskStarted", "TaskSucceeded", "TaskStateExited",
                "TaskStateEntered", "TaskScheduled", "TaskStarted", "TaskSucceeded", "TaskStateExited",
                "TaskStateEntered", "TaskScheduled", "TaskStarted", "TaskSucceeded", "TaskStateExited",
                "ExecutionSucceeded");
        // the task saw the whole state input as Payload, and its raw result was Lambda's Invoke response
        HistoryEvent scheduled = result.history().get(2);
        JsonNode parameters = JsonTrees.parse(scheduled.details().get("parameters").textValue());
        assertThat(parameters.get("FunctionName").textValue()).endsWith(":function:serializeImageData:$LATEST");
        assertThat(parameters.get("Payload")).isEqualTo(JsonTrees.parse(INPUT));
        JsonNode raw = JsonTrees.parse(result.history().get(4).details().get("output").textValue());
        assertThat(raw.get("StatusCode").intValue()).isEqualTo(200);
        assertThat(raw.get("ExecutedVersion").textValue()).isEqualTo("$LATEST");
        assertThat(raw.at("/SdkHttpMetadata/HttpStatusCode").intValue()).isEqualTo(200);
        assertThat(raw.at("/Payload/statusCode").intValue()).isEqualTo(200);
        assertThat(result.toJson().get("status").textValue()).isEqualTo("SUCCEEDED");
    }

    @Test
    void a_low_confidence_prediction_fails_the_execution() throws Exception {
        probabilities = List.of(0.6, 0.4);
        RunResult result = engine().run(machine(), INPUT);
        assertThat(result.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(result.error()).isEqualTo("THRESHOLD_CONFIDENCE_NOT_MET");
        assertThat(result.cause()).isEqualTo("no inference above 0.93 in [0.6,0.4]");
        assertThat(result.output()).isNull();
        assertThat(result.events()).endsWith("TaskStateEntered", "TaskScheduled", "TaskStarted", "TaskFailed", "ExecutionFailed");
        assertThat(JsonTrees.write(result.toJson())).startsWith("{\"status\":\"FAILED\",\"output\":null,\"error\":\"THRESHOLD_CONFIDENCE_NOT_MET\"");
    }

    @Test
    void the_consoles_default_retry_absorbs_lambda_service_errors() throws Exception {
        serviceHiccups.set(2);
        Execution execution = engine().start(machine(), "hiccups", INPUT);
        assertThat(clock.pending()).hasSize(1);
        clock.advance(Duration.ofSeconds(2));   // IntervalSeconds 2
        clock.advance(Duration.ofSeconds(4));   // BackoffRate 2
        ExecutionDescription d = execution.completion().join();
        assertThat(d.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(execution.history().stream().filter(e -> e.type().equals("TaskFailed")).count()).isEqualTo(2);
    }
}
