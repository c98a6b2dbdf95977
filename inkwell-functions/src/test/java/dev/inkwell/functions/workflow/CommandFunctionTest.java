package dev.inkwell.functions.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.inkwell.core.Json;
import dev.inkwell.functions.FunctionEnvironment;
import dev.inkwell.functions.Functions;
import dev.inkwell.functions.command.CommandSpec;
import dev.inkwell.workflow.ExecutionStatus;
import dev.inkwell.workflow.RunResult;
import dev.inkwell.workflow.StateMachine;
import dev.inkwell.workflow.WorkflowEngine;
import dev.inkwell.workflow.runtime.WorkflowRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Command functions in a workflow: Lambda handlers written for Python run unchanged through the shipped shim (event
 * in, answer out, context, prints to the log), and every way a program can fail becomes a named task failure that a
 * Catch can handle: a raised exception (its type), a crash (States.TaskFailed with the stderr tail), a time limit
 * (States.Timeout), an oversized answer, a non-JSON answer, a memory limit.
 */
class CommandFunctionTest {
    @TempDir
    static Path code;
    static FunctionTaskRouter router;
    static JsonNode mapping;

    @BeforeAll
    static void setUp() throws Exception {
        Files.writeString(code.resolve("handlers.py"), """
                import json, os, sys, time
                def echo(event, context):
                    print("log line from the handler")
                    return {"statusCode": 200, "event": event, "function": context.function_name,
                            "remaining_ok": 0 < context.get_remaining_time_in_millis() <= 900000,
                            "endpoint": os.environ.get("AWS_ENDPOINT_URL", ""), "bytes": b"abc"}
                def fail(event, context):
                    raise ValueError("bad digit " + str(event.get("n")))
                def crash(event, context):
                    sys.stderr.write("about to crash\\n")
                    sys.stderr.flush()
                    os._exit(7)
                def slow(event, context):
                    time.sleep(30)
                def huge(event, context):
                    return "x" * 5000
                def greedy(event, context):
                    block = bytearray(512 * 1024 * 1024)
                    return len(block)
                """);
        Files.writeString(code.resolve("not_json.sh"), "#!/bin/sh\necho 'this is not json'\n");
        code.resolve("not_json.sh").toFile().setExecutable(true);
        mapping = Json.mapper().readTree("""
                {"functions": {
                  "echo": {"python": "handlers.echo", "codeDir": "%1$s"},
                  "fail": {"python": "handlers.fail", "codeDir": "%1$s"},
                  "crash": {"python": "handlers.crash", "codeDir": "%1$s"},
                  "slow": {"python": "handlers.slow", "codeDir": "%1$s", "timeoutSeconds": 1},
                  "huge": {"python": "handlers.huge", "codeDir": "%1$s", "maxOutputBytes": 1000},
                  "greedy": {"python": "handlers.greedy", "codeDir": "%1$s", "memoryMb": 200},
                  "notjson": {"command": ["%1$s/not_json.sh"]}}}""".formatted(code));
        FunctionEnvironment env = new FunctionEnvironment(null, null, null, null, null);
        router = new FunctionTaskRouter(Functions.builtIn(), () -> env, Map.of("AWS_ENDPOINT_URL", "http://127.0.0.1:9"));
    }

    /** One task calling {@code function}, with a Catch that records the error and cause. */
    static RunResult call(String function, String input) throws Exception {
        JsonNode definition = Json.mapper().readTree("""
                {"StartAt": "Call", "States": {
                  "Call": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "OutputPath": "$.Payload",
                           "Parameters": {"FunctionName": "arn:aws:lambda:us-east-1:123456789012:function:%s", "Payload.$": "$"},
                           "Catch": [{"ErrorEquals": ["States.ALL"], "ResultPath": "$.caught", "Next": "Caught"}], "End": true},
                  "Caught": {"Type": "Pass", "End": true}}}""".formatted(function));
        WorkflowRecord record = new WorkflowRecord("cmd", 1, definition, mapping, Instant.now(), Instant.now());
        router.check(record);
        return WorkflowEngine.builder().tasks(router.tasks(record)).build().run(StateMachine.of("cmd", definition), input);
    }

    @Test
    void aPythonLambdaHandlerRunsUnchanged() throws Exception {
        RunResult r = call("echo", "{\"n\": 7, \"text\": \"héllo\"}");
        assertThat(r.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        JsonNode out = r.output();
        assertThat(out.path("caught").isMissingNode()).as(out.toString()).isTrue();
        assertThat(out.get("statusCode").asInt()).isEqualTo(200);
        assertThat(out.get("event").get("n").asInt()).isEqualTo(7);
        assertThat(out.get("event").get("text").asText()).isEqualTo("héllo");
        assertThat(out.get("function").asText()).isEqualTo("echo");
        assertThat(out.get("remaining_ok").asBoolean()).isTrue();
        assertThat(out.get("endpoint").asText()).isEqualTo("http://127.0.0.1:9");
        assertThat(out.get("bytes").asText()).isEqualTo("abc");
    }

    /**
     * boto3 clients made without an endpoint reach Inkwell (S3 to the S3 API, sagemaker-runtime to the server) with
     * every Python here that has boto3, old botocore (Debian 12's 1.29, which ignores AWS_ENDPOINT_URL_*) included;
     * the mapping's {@code interpreter} picks the Python.
     */
    @Test
    void boto3ClientsReachInkwellWithAnyBotocore() throws Exception {
        Files.writeString(code.resolve("endpoints.py"), """
                import boto3, botocore
                def handler(event, context):
                    return {"s3": boto3.client("s3").meta.endpoint_url, "runtime": boto3.client("sagemaker-runtime").meta.endpoint_url,
                            "own": boto3.client("s3", endpoint_url="http://own.example:1").meta.endpoint_url, "botocore": botocore.__version__}
                """);
        Map<String, String> aws = Map.of("AWS_ENDPOINT_URL", "http://127.0.0.1:9000", "AWS_ENDPOINT_URL_S3", "http://127.0.0.1:9000",
                "AWS_ENDPOINT_URL_SAGEMAKER_RUNTIME", "http://127.0.0.1:8080", "AWS_DEFAULT_REGION", "us-east-1",
                "AWS_ACCESS_KEY_ID", "a", "AWS_SECRET_ACCESS_KEY", "b");
        FunctionEnvironment env = new FunctionEnvironment(null, null, null, null, null);
        FunctionTaskRouter withAws = new FunctionTaskRouter(Functions.builtIn(), () -> env, aws);
        int tried = 0;
        for (String python : new LinkedHashSet<>(List.of("python3", "/usr/bin/python3"))) {
            if (!hasBoto3(python)) continue;
            tried++;
            JsonNode functions = Json.mapper().readTree("""
                    {"functions": {"endpoints": {"python": "endpoints.handler", "codeDir": "%s", "interpreter": "%s", "timeoutSeconds": 120}}}"""
                    .formatted(code, python));
            JsonNode definition = Json.mapper().readTree("""
                    {"StartAt": "Call", "States": {"Call": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:endpoints", "End": true}}}""");
            WorkflowRecord record = new WorkflowRecord("endpoints", 1, definition, functions, Instant.now(), Instant.now());
            withAws.check(record);
            RunResult r = WorkflowEngine.builder().tasks(withAws.tasks(record)).build().run(StateMachine.of("endpoints", definition), "{}");
            assertThat(r.status()).as(python + ": " + r.toJson()).isEqualTo(ExecutionStatus.SUCCEEDED);
            assertThat(r.output().get("s3").asText()).as(python + " " + r.output()).isEqualTo("http://127.0.0.1:9000");
            assertThat(r.output().get("runtime").asText()).as(python + " " + r.output()).isEqualTo("http://127.0.0.1:8080");
            assertThat(r.output().get("own").asText()).as("a client's own endpoint wins").isEqualTo("http://own.example:1");
        }
        assertThat(tried).as("a Python with boto3 (Debian: python3-boto3)").isPositive();
        assertThatThrownBy(() -> CommandSpec.parse("x", Json.mapper().readTree("{\"command\": [\"a\"], \"interpreter\": \"python3\"}"), code, code))
                .hasMessageContaining("functions.x").hasMessageContaining("goes with");
        assertThatThrownBy(() -> CommandSpec.parse("x", Json.mapper().readTree("{\"python\": \"m.f\", \"interpreter\": 3}"), code, code))
                .hasMessageContaining("must name a Python program");
    }

    private static boolean hasBoto3(String python) throws InterruptedException {
        try {
            Process p = new ProcessBuilder(python, "-c", "import boto3").redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        }
    }

    @Test
    void aRaisedExceptionFailsTheTaskWithItsType() throws Exception {
        JsonNode caught = call("fail", "{\"n\": 3}").output().get("caught");
        assertThat(caught.get("Error").asText()).isEqualTo("ValueError");
        JsonNode cause = Json.mapper().readTree(caught.get("Cause").asText());
        assertThat(cause.get("errorType").asText()).isEqualTo("ValueError");
        assertThat(cause.get("errorMessage").asText()).isEqualTo("bad digit 3");
        assertThat(cause.get("stackTrace")).isNotEmpty();
    }

    @Test
    void aCrashIsATaskFailureWithTheStderrTail() throws Exception {
        JsonNode caught = call("crash", "{}").output().get("caught");
        assertThat(caught.get("Error").asText()).isEqualTo("States.TaskFailed");
        assertThat(caught.get("Cause").asText()).contains("exited with status 7").contains("about to crash");
    }

    @Test
    void limitsAreEnforcedAndNamed() throws Exception {
        long started = System.nanoTime();
        JsonNode slow = call("slow", "{}").output().get("caught");
        assertThat(slow.get("Error").asText()).isEqualTo("States.Timeout");
        assertThat((System.nanoTime() - started) / 1e9).as("killed at its limit, not after the handler's 30 s").isLessThan(25);
        assertThat(call("huge", "{}").output().get("caught").get("Error").asText()).isEqualTo("Inkwell.TooLarge");
        assertThat(call("notjson", "{}").output().get("caught").get("Cause").asText()).contains("not JSON").contains("this is not json");
        JsonNode greedy = call("greedy", "{}").output().get("caught");
        assertThat(greedy.get("Error").asText()).isIn("MemoryError", "States.TaskFailed");
    }
}
