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
import dev.inkwell.model.BundledModels;
import dev.inkwell.model.ModelResolvers;
import dev.inkwell.registry.ModelRegistry;
import dev.inkwell.registry.endpoint.EndpointDefinition;
import dev.inkwell.store.Store;
import dev.inkwell.testing.SharedData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seed 001's model upload through the registry, on a real store, real buckets and real endpoints: the uploaded ONNX
 * becomes a version the endpoint follows; the same upload twice changes nothing more; a bad one changes nothing.
 */
class RegisterFunctionTest {
    @TempDir
    Path dir;
    Store store;
    Buckets buckets;
    Bucket models;
    ModelRegistry registry;
    ServingRecognizers endpoints;
    FunctionEnvironment env;
    final Functions functions = Functions.builtIn();

    @BeforeEach
    void setUp() {
        store = Store.open(dir.resolve("store.db").toString());
        buckets = Buckets.folder(dir.resolve("buckets"));
        models = buckets.create("uploads");
        registry = new ModelRegistry(store, buckets, "models", dir.resolve("cache"), ModelResolvers.builtIn(dir.resolve("bundled")), Clock.systemUTC());
        endpoints = ServingRecognizers.local(List.of(), () -> registry);
        env = new FunctionEnvironment(buckets, () -> store, endpoints, new RegistryDeployer(() -> registry, endpoints.endpoints()::refresh), null);
    }

    @AfterEach
    void tearDown() {
        endpoints.endpoints().close();
        buckets.close();
        store.close();
    }

    private JsonNode register(String key, String endpoint) throws FunctionFailure {
        return functions.invoke("register", Json.mapper().createObjectNode().put("bucket", "uploads").put("key", key).put("endpoint", endpoint),
                Invocation.direct(env, "trigger/uploads", Duration.ofMinutes(1)));
    }

    private String readSeven(String endpoint) {
        return endpoints.read(endpoint, TestModels.digit(7), "test").recognition().primary().classification().name();
    }

    @Test
    void anUploadBecomesAVersionTheEndpointFollowsAndTheSameUploadAgainChangesNothing() throws Exception {
        models.put("upload/compact.onnx", BundledModels.file("mnist-compact", "model.onnx"), "application/octet-stream");
        models.put("upload/compact.card.json", BundledModels.file("mnist-compact", "model.card.json"), "application/json");
        JsonNode answer = register("upload/compact.onnx", "digits");
        assertThat(answer.get("action").asText()).isEqualTo("registered");
        assertThat(answer.get("model").asText()).isEqualTo("digits");
        assertThat(answer.get("version").asInt()).isEqualTo(1);
        assertThat(answer.get("alias").asText()).isEqualTo("production");
        assertThat(answer.get("card").asText()).isEqualTo("mnist-compact");
        assertThat(registry.endpoints().get("digits").definition().variants()).singleElement()
                .satisfies(v -> assertThat(v.model()).isEqualTo("registry:digits@production"));
        assertThat(endpoints.endpoints().get("digits").requireDeployment().variants().getFirst().loaded().card().name()).isEqualTo("mnist-compact");
        assertThat(readSeven("digits")).isEqualTo("7");

        JsonNode again = register("upload/compact.onnx", "digits");
        assertThat(again.get("action").asText()).isEqualTo("already registered");
        assertThat(again.get("version").asInt()).isEqualTo(1);
        assertThat(registry.model("digits").versions()).hasSize(1);

        // another model uploaded: version 2, the alias and the endpoint move on
        models.put("upload/zoo.onnx", Files.readAllBytes(SharedData.mnist8Onnx()), "application/octet-stream");
        assertThat(register("upload/zoo.onnx", "digits").get("version").asInt()).isEqualTo(2);
        assertThat(registry.model("digits").aliases()).containsEntry("production", 2);
        assertThat(endpoints.endpoints().get("digits").requireDeployment().variants().getFirst().loaded().card().name()).isEqualTo("mnist-8");
        assertThat(readSeven("digits")).isEqualTo("7");
        // the first upload again: its version is found by content, the alias moves back without a third version
        assertThat(register("upload/compact.onnx", "digits").get("version").asInt()).isEqualTo(1);
        assertThat(registry.model("digits").versions()).hasSize(2);
        assertThat(registry.model("digits").aliases()).containsEntry("production", 1);
    }

    @Test
    void aModelThatDoesNotLoadIsRefusedAndNothingChanges() throws Exception {
        byte[] onnx = Files.readAllBytes(SharedData.mnist8Onnx());
        models.put("upload/broken.onnx", Arrays.copyOf(onnx, onnx.length / 3), "application/octet-stream");
        assertThatThrownBy(() -> register("upload/broken.onnx", "digits")).isInstanceOfSatisfying(FunctionFailure.class, f -> {
            assertThat(f.error()).isEqualTo(FunctionFailure.INVALID_INPUT);
            assertThat(f.getMessage()).contains("s3://uploads/upload/broken.onnx");
        });
        assertThat(registry.models()).isEmpty();
        assertThat(registry.endpoints().find("digits")).isEmpty();
        models.put("upload/notes.txt", new byte[] {1}, "text/plain");
        assertThatThrownBy(() -> register("upload/notes.txt", "digits")).isInstanceOfSatisfying(FunctionFailure.class,
                f -> assertThat(f.getMessage()).contains("not an .onnx file"));
    }

    @Test
    void anEndpointThatFollowsSomethingElseIsLeftAloneAndBadNamesAreRefused() {
        registry.endpoints().create(EndpointDefinition.single("bundled", "bundled:mnist-compact"));
        models.put("upload/m.onnx", BundledModels.file("mnist-compact", "model.onnx"), "application/octet-stream");
        assertThatThrownBy(() -> register("upload/m.onnx", "bundled")).isInstanceOfSatisfying(FunctionFailure.class, f -> {
            assertThat(f.error()).isEqualTo(FunctionFailure.CONFLICT);
            assertThat(f.getMessage()).contains("registry:bundled@production").contains("inkwell endpoints update");
        });
        assertThat(registry.models()).isEmpty();
        assertThatThrownBy(() -> functions.invoke("register", Json.mapper().createObjectNode().put("bucket", "uploads").put("key", "upload/m.onnx"),
                Invocation.direct(env, "cli", Duration.ofMinutes(1)))).hasMessageContaining("endpoint");
        assertThatThrownBy(() -> functions.invoke("register", Json.mapper().createObjectNode().put("bucket", "uploads").put("key", "upload/m.onnx")
                        .put("endpoint", "digits").put("model", "../../etc/passwd"), Invocation.direct(env, "cli", Duration.ofMinutes(1))))
                .isInstanceOfSatisfying(FunctionFailure.class, f -> {
                    assertThat(f.error()).isEqualTo(FunctionFailure.INVALID_INPUT);
                    assertThat(f.getMessage()).contains("model");
                });
        assertThatThrownBy(() -> functions.invoke("register", Json.mapper().createObjectNode().put("bucket", "uploads").put("key", "upload/m.onnx")
                        .put("endpoint", "digits").put("alias", "<script>"), Invocation.direct(env, "cli", Duration.ofMinutes(1))))
                .isInstanceOfSatisfying(FunctionFailure.class, f -> assertThat(f.getMessage()).contains("alias"));
    }
}
