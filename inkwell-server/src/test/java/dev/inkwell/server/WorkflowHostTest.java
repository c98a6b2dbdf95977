package dev.inkwell.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.inkwell.core.Json;
import dev.inkwell.core.UnavailableException;
import dev.inkwell.serving.endpoint.EndpointSpec;
import dev.inkwell.testing.SharedData;
import dev.inkwell.workflow.ExecutionStatus;
import dev.inkwell.workflow.HistoryEvent;
import dev.inkwell.workflow.runtime.ExecutionRecord;
import dev.inkwell.workflow.runtime.WorkflowRuntime;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server's workflow runtime: seed 003's state machine through the server's own functions and endpoints, command
 * functions pointed back at the server, two replicas on one SQLite file handing an execution over, and a store that
 * cannot be reached at start.
 */
class WorkflowHostTest {
    private static final String WAIT_THEN_PASS = """
            {"StartAt": "Before", "States": {
              "Before": {"Type": "Pass", "Result": {"step": 1}, "Next": "Pause"},
              "Pause": {"Type": "Wait", "Seconds": 3, "Next": "After"},
              "After": {"Type": "Pass", "Result": {"done": true}, "End": true}}}""";

    @TempDir
    Path dir;

    @Test
    void seed003RunsThroughTheServersFunctionsAndEndpoints() throws Exception {
        try (TestServer http = TestServer.start()) {
            http.server.buckets().createIfMissing("digits").put("test/7.png", TestServer.sample(7), "image/png");
            WorkflowRuntime runtime = http.server.workflows().runtime();
            assertThat(http.server.workflows().started()).as("started with the server: it has a store").isTrue();
            JsonNode definition = Json.mapper().readTree(SharedData.root().resolve("conformance/seed003/statemachine.json").toFile());
            JsonNode functions = Json.mapper().readTree(Path.of("..", "examples", "seed003", "functions.json").toFile());
            runtime.catalog().create("seed003", definition, functions);
            var started = runtime.start("seed003", "seven", Json.mapper().readTree(
                    "{\"s3_bucket\": \"digits\", \"s3_key\": \"test/7.png\", \"image_data\": \"\"}"), null);
            ExecutionRecord done = runtime.await(started.execution().arn(), Duration.ofSeconds(60));
            assertThat(done.status()).as(String.valueOf(done)).isEqualTo(ExecutionStatus.SUCCEEDED);
            JsonNode inferences = done.output().at("/body/inferences");
            assertThat(inferences).hasSize(10);
            int best = 0;
            for (int i = 0; i < 10; i++) if (inferences.get(i).asDouble() > inferences.get(best).asDouble()) best = i;
            assertThat(best).isEqualTo(7);
        }
    }

    /** A command function gets this server's URL for sagemaker-runtime and the S3 API's for S3, with its key pair. */
    @Test
    void commandFunctionsAreToldWhereTheServerAndTheS3ApiAre() throws Exception {
        URI s3 = URI.create("http://127.0.0.1:9");
        ServerConfig config = ServerConfig.builder(List.of(new EndpointSpec("default", SharedData.mnist8Onnx().toString())))
                .auth(new ServerConfig.Auth(null)).http(ServerConfig.Http.defaults().withAddress("127.0.0.1", 0))
                .store(dir.resolve("inkwell.db").toString()).buckets(dir.resolve("buckets").toString()).build();
        try (InkwellServer server = InkwellServer.start(config, "test", started -> {
            started.useS3Api(s3, "AKIATEST", "secret/test");
            return () -> { };
        })) {
            String script = "import json, os, sys; json.load(sys.stdin); print(json.dumps({k: os.environ.get(k) for k in ["
                    + "'AWS_ENDPOINT_URL', 'AWS_ENDPOINT_URL_S3', 'AWS_ENDPOINT_URL_SAGEMAKER_RUNTIME', 'AWS_ACCESS_KEY_ID',"
                    + " 'AWS_SECRET_ACCESS_KEY', 'AWS_DEFAULT_REGION']}))";
            JsonNode functions = Json.mapper().createObjectNode().set("functions", Json.mapper().createObjectNode()
                    .set("env", Json.mapper().createObjectNode().set("command", Json.mapper().valueToTree(List.of("python3", "-c", script)))));
            WorkflowRuntime runtime = server.workflows().runtime();
            runtime.catalog().create("env", Json.mapper().readTree("""
                    {"StartAt": "Env", "States": {"Env": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:env", "End": true}}}"""),
                    functions);
            ExecutionRecord done = runtime.await(runtime.start("env", null, null, null).execution().arn(), Duration.ofSeconds(60));
            assertThat(done.status()).as(String.valueOf(done)).isEqualTo(ExecutionStatus.SUCCEEDED);
            JsonNode env = done.output();
            assertThat(env.get("AWS_ENDPOINT_URL").asText()).isEqualTo(s3.toString());
            assertThat(env.get("AWS_ENDPOINT_URL_S3").asText()).isEqualTo(s3.toString());
            assertThat(env.get("AWS_ENDPOINT_URL_SAGEMAKER_RUNTIME").asText()).isEqualTo("http://127.0.0.1:" + server.port());
            assertThat(env.get("AWS_ACCESS_KEY_ID").asText()).isEqualTo("AKIATEST");
            assertThat(env.get("AWS_SECRET_ACCESS_KEY").asText()).isEqualTo("secret/test");
            assertThat(env.get("AWS_DEFAULT_REGION").asText()).isEqualTo("us-east-1");
        }
    }

    /** An execution started on one replica, which then stops: the other takes it over and finishes it. */
    @Test
    void anotherReplicaFinishesWhatAStoppedOneStarted() throws Exception {
        String store = dir.resolve("shared.db").toString();
        String buckets = dir.resolve("buckets").toString();
        ServerConfig.WorkflowConfig quick = new ServerConfig.WorkflowConfig(Duration.ofSeconds(15), Duration.ofMillis(200));
        try (TestServer a = TestServer.start(c -> c.store(store).buckets(buckets).workflows(quick));
             TestServer b = TestServer.start(c -> c.store(store).buckets(buckets).workflows(quick))) {
            WorkflowRuntime onA = a.server.workflows().runtime();
            WorkflowRuntime onB = b.server.workflows().runtime();
            assertThat(onA.owner()).isNotEqualTo(onB.owner());
            onA.catalog().create("pause", Json.mapper().readTree(WAIT_THEN_PASS), null);
            String arn = onA.start("pause", "handed-over", Json.mapper().readTree("{\"n\": 1}"), null).execution().arn();
            Await.until(Duration.ofSeconds(20), "the execution waits on A",
                    () -> onA.executions().history(arn, false, 100, 0).stream().anyMatch(e -> e.type().equals("WaitStateEntered")));
            assertThat(onA.running()).isEqualTo(1);
            a.server.close();
            assertThat(onB.executions().describe(arn).status()).as("A stopped in the middle of the wait").isEqualTo(ExecutionStatus.RUNNING);
            ExecutionRecord done = onB.await(arn, Duration.ofSeconds(60));
            assertThat(done.status()).as(String.valueOf(done)).isEqualTo(ExecutionStatus.SUCCEEDED);
            assertThat(done.output().get("done").asBoolean()).isTrue();
            List<HistoryEvent> history = onB.executions().history(arn, false, 100, 0);
            assertThat(history).extracting(HistoryEvent::type).containsExactly("ExecutionStarted", "PassStateEntered", "PassStateExited",
                    "WaitStateEntered", "WaitStateExited", "PassStateEntered", "PassStateExited", "ExecutionSucceeded");
            for (int i = 0; i < history.size(); i++) assertThat(history.get(i).id()).as("no gaps").isEqualTo(i + 1);
        }
    }

    /** A store that cannot be reached at start: the server serves predictions, workflows answer 503 and keep trying. */
    @Test
    void anUnreachableStoreLeavesTheServerServing() {
        try (TestServer http = TestServer.start(c -> c.store("jdbc:postgresql://127.0.0.1:1/none?user=none&connectTimeout=1"))) {
            assertThat(http.post("/v1/endpoints/default/predict", "image/png", TestServer.sample(3)).statusCode()).isEqualTo(200);
            assertThat(http.server.workflows().started()).isFalse();
            assertThatThrownBy(() -> http.server.workflows().runtime()).isInstanceOf(UnavailableException.class);
        }
    }
}
