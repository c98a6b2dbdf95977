package dev.inkwell.functions.builtin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.inkwell.bucket.Buckets;
import dev.inkwell.core.Json;
import dev.inkwell.core.NotFoundException;
import dev.inkwell.functions.FunctionEnvironment;
import dev.inkwell.functions.FunctionFailure;
import dev.inkwell.functions.Functions;
import dev.inkwell.functions.Invocation;
import dev.inkwell.functions.WorkflowStarter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code workflow} action: seed 003's input, one execution per object version, options checked. */
class WorkflowFunctionTest {
    private static final Pattern STEP_FUNCTIONS_NAME = Pattern.compile("[A-Za-z0-9_-]{1,80}");

    @TempDir
    Path dir;

    /** Remembers starts by name, as the runtime does: the same name and input again starts nothing. */
    static final class Recorder implements WorkflowStarter {
        final Map<String, JsonNode> started = new HashMap<>();
        final List<String> workflows = new ArrayList<>();

        @Override
        public Started start(String workflow, String name, JsonNode input) {
            if (!workflow.equals("seed003")) throw new NotFoundException("no workflow named " + workflow);
            workflows.add(workflow);
            boolean created = started.putIfAbsent(name, input) == null;
            return new Started("arn:aws:states:us-east-1:123456789012:execution:" + workflow + ":" + name, name, created);
        }
    }

    private static ObjectNode event(String key, String eTag) {
        ObjectNode e = Json.mapper().createObjectNode().put("bucket", "uploads").put("key", key).put("name", "seed003").put("trigger", "t");
        if (eTag != null) e.put("etag", eTag);
        return e;
    }

    @Test
    void startsSeed003sInputOncePerObjectVersion() throws Exception {
        Recorder recorder = new Recorder();
        try (Buckets buckets = Buckets.folder(dir)) {
            var uploads = buckets.create("uploads");
            String eTag = uploads.put("in/7.png", new byte[] {1, 2, 3}).eTag();
            FunctionEnvironment env = new FunctionEnvironment(buckets, null, null, null, null, recorder);
            Functions functions = Functions.builtIn();
            JsonNode first = functions.invoke("workflow", event("in/7.png", eTag), Invocation.direct(env, "trigger/t", Duration.ofSeconds(5)));
            assertThat(first.get("created").asBoolean()).isTrue();
            assertThat(first.get("name").asText()).startsWith("7_png-").matches(STEP_FUNCTIONS_NAME);
            assertThat(recorder.started.get(first.get("name").asText()))
                    .isEqualTo(Json.mapper().readTree("{\"s3_bucket\": \"uploads\", \"s3_key\": \"in/7.png\", \"image_data\": \"\"}"));
            JsonNode again = functions.invoke("workflow", event("in/7.png", eTag), Invocation.direct(env, "trigger/t", Duration.ofSeconds(5)));
            assertThat(again.get("created").asBoolean()).as("a redelivered event").isFalse();
            assertThat(again.get("name").asText()).isEqualTo(first.get("name").asText());
            JsonNode noETag = functions.invoke("workflow", event("in/7.png", null), Invocation.direct(env, "http", Duration.ofSeconds(5)));
            assertThat(noETag.get("name").asText()).as("the stored version's ETag is read").isEqualTo(first.get("name").asText());
            JsonNode newer = functions.invoke("workflow", event("in/7.png", "0123"), Invocation.direct(env, "trigger/t", Duration.ofSeconds(5)));
            assertThat(newer.get("created").asBoolean()).as("another version of the object").isTrue();
            assertThatThrownBy(() -> functions.invoke("workflow", event("in/7.png", eTag).put("name", "other"),
                    Invocation.direct(env, "http", Duration.ofSeconds(5))))
                    .isInstanceOfSatisfying(FunctionFailure.class, f -> assertThat(f.error()).isEqualTo(FunctionFailure.NOT_FOUND));
            assertThatThrownBy(() -> functions.invoke("workflow", event("in/none.png", null), Invocation.direct(env, "http", Duration.ofSeconds(5))))
                    .isInstanceOfSatisfying(FunctionFailure.class, f -> assertThat(f.error()).isEqualTo(FunctionFailure.NOT_FOUND));
            FunctionEnvironment none = new FunctionEnvironment(buckets, null, null, null, null);
            assertThatThrownBy(() -> functions.invoke("workflow", event("in/7.png", eTag), Invocation.direct(none, "cli", Duration.ofSeconds(5))))
                    .hasMessageContaining("no workflows here");
        }
    }

    @Test
    void executionNamesAreValidStepFunctionsNamesForAnyKey() {
        for (String key : List.of("a.png", "deep/folder/x.png", "folder/", "ünïcödé/字.png", "x".repeat(1000), "with space & <markup>.png", "..")) {
            String name = WorkflowFunction.executionName("uploads", key, "etag");
            assertThat(name).as(key).matches(STEP_FUNCTIONS_NAME);
            assertThat(WorkflowFunction.executionName("uploads", key, "etag")).as("stable").isEqualTo(name);
            assertThat(WorkflowFunction.executionName("uploads", key, "other")).as("another version").isNotEqualTo(name);
            assertThat(WorkflowFunction.executionName("other", key, "etag")).as("another bucket").isNotEqualTo(name);
        }
    }

    @Test
    void optionsNameTheWorkflow() {
        WorkflowFunction f = new WorkflowFunction();
        assertThat(f.takesObjectEvents()).isTrue();
        assertThat(f.checkOptions(Json.mapper().createObjectNode().put("name", "seed003")).get("name").asText()).isEqualTo("seed003");
        assertThatThrownBy(() -> f.checkOptions(Json.mapper().createObjectNode())).hasMessageContaining("name");
        assertThatThrownBy(() -> f.checkOptions(Json.mapper().createObjectNode().put("name", "bad name"))).hasMessageContaining("not a workflow name");
        assertThatThrownBy(() -> f.checkOptions(Json.mapper().createObjectNode().put("name", "w").put("endpoint", "x")))
                .hasMessageContaining("no such option");
    }
}
