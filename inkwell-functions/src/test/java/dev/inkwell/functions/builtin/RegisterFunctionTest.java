package dev.inkwell.functions.builtin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.inkwell.bucket.Bucket;
import dev.inkwell.bucket.Buckets;
import dev.inkwell.core.Json;
import dev.inkwell.functions.FunctionEnvironment;
import dev.inkwell.functions.FunctionFailure;
import dev.inkwell.functions.Functions;
import dev.inkwell.functions.Invocation;
import dev.inkwell.functions.TestModels;
import dev.inkwell.inference.ModelCatalog;
import dev.inkwell.serving.endpoint.EndpointSpec;
import dev.inkwell.testing.SharedData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Seed 001's model upload on a real endpoint: the uploaded ONNX is checked, installed and served; a bad one changes nothing. */
class RegisterFunctionTest {
    @TempDir
    Path dir;
    Buckets buckets;
    Bucket models;
    Path served;
    ServingRecognizers endpoints;
    FunctionEnvironment env;
    final Functions functions = Functions.builtIn();

    @BeforeEach
    void setUp() throws Exception {
        buckets = Buckets.folder(dir.resolve("buckets"));
        models = buckets.create("models");
        served = dir.resolve("serving/digits.onnx");
        Files.createDirectories(served.getParent());
        Files.copy(SharedData.mnist8Onnx(), served);
        endpoints = TestModels.serving(List.of(new EndpointSpec("digits", served.toString()), new EndpointSpec("bundled", "mnist-compact")));
        env = new FunctionEnvironment(buckets, null, endpoints, new EndpointFileDeployer(endpoints.endpoints()), null);
    }

    @AfterEach
    void tearDown() {
        endpoints.endpoints().close();
        buckets.close();
    }

    private JsonNode register(String key, String endpoint) throws FunctionFailure {
        return functions.invoke("register", Json.mapper().createObjectNode().put("bucket", "models").put("key", key).put("endpoint", endpoint),
                Invocation.direct(env, "trigger/models", Duration.ofMinutes(1)));
    }

    @Test
    void anUploadedModelWithItsCardBecomesWhatTheEndpointServes() throws Exception {
        assertThat(endpoints.endpoints().get("digits").card().name()).isEqualTo("mnist-8");
        models.put("upload/compact.onnx", ModelCatalog.bundledFile("mnist-compact", "model.onnx"), "application/octet-stream");
        models.put("upload/compact.card.json", ModelCatalog.bundledFile("mnist-compact", "model.card.json"), "application/json");
        JsonNode answer = register("upload/compact.onnx", "digits");
        assertThat(answer.get("action").asText()).isEqualTo("replaced");
        assertThat(answer.get("model").asText()).isEqualTo("mnist-compact");
        assertThat(endpoints.endpoints().get("digits").card().name()).isEqualTo("mnist-compact");
        assertThat(Files.readAllBytes(served)).isEqualTo(ModelCatalog.bundledFile("mnist-compact", "model.onnx"));
        assertThat(Files.readAllBytes(dir.resolve("serving/digits.onnx.previous"))).isEqualTo(Files.readAllBytes(SharedData.mnist8Onnx()));
        assertThat(endpoints.read("digits", TestModels.digit(7), "test").recognition().primary().classification().name()).isEqualTo("7");
        // the same upload again changes nothing more
        assertThat(register("upload/compact.onnx", "digits").get("action").asText()).isIn("replaced", "already serving it");
        assertThat(Files.readAllBytes(dir.resolve("serving/digits.onnx.previous"))).as("the real previous model is kept")
                .isIn((Object) Files.readAllBytes(SharedData.mnist8Onnx()), (Object) ModelCatalog.bundledFile("mnist-compact", "model.onnx"));
        try (var files = Files.list(served.getParent())) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.contains(".upload"));
        }
    }

    @Test
    void aModelThatDoesNotLoadIsRefusedAndTheEndpointKeepsItsModel() throws Exception {
        byte[] onnx = Files.readAllBytes(SharedData.mnist8Onnx());
        models.put("upload/broken.onnx", Arrays.copyOf(onnx, onnx.length / 3), "application/octet-stream");
        assertThatThrownBy(() -> register("upload/broken.onnx", "digits")).isInstanceOfSatisfying(FunctionFailure.class, f -> {
            assertThat(f.error()).isEqualTo(FunctionFailure.INVALID_INPUT);
            assertThat(f.getMessage()).contains("s3://models/upload/broken.onnx");
        });
        assertThat(Files.readAllBytes(served)).isEqualTo(onnx);
        assertThat(endpoints.endpoints().get("digits").card().name()).isEqualTo("mnist-8");
        models.put("upload/notes.txt", new byte[] {1}, "text/plain");
        assertThatThrownBy(() -> register("upload/notes.txt", "digits")).isInstanceOfSatisfying(FunctionFailure.class,
                f -> assertThat(f.getMessage()).contains("not an .onnx file"));
    }

    @Test
    void aBundledModelOrAMissingEndpointIsNotReplaced() {
        models.put("upload/m.onnx", ModelCatalog.bundledFile("mnist-compact", "model.onnx"), "application/octet-stream");
        assertThatThrownBy(() -> register("upload/m.onnx", "bundled")).isInstanceOfSatisfying(FunctionFailure.class, f -> {
            assertThat(f.error()).isEqualTo(FunctionFailure.CONFLICT);
            assertThat(f.getMessage()).contains("--model bundled=PATH.onnx");
        });
        assertThatThrownBy(() -> register("upload/m.onnx", "nope")).isInstanceOfSatisfying(FunctionFailure.class,
                f -> assertThat(f.error()).isEqualTo(FunctionFailure.NOT_FOUND));
        assertThatThrownBy(() -> functions.invoke("register", Json.mapper().createObjectNode().put("bucket", "models").put("key", "upload/m.onnx"),
                Invocation.direct(env, "cli", Duration.ofMinutes(1)))).hasMessageContaining("endpoint");
    }
}
