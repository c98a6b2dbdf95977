package dev.inkwell.cli.functions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.inkwell.bucket.Buckets;
import dev.inkwell.core.Json;
import dev.inkwell.core.Progress;
import dev.inkwell.dataset.Datasets;
import dev.inkwell.dataset.Sample;
import dev.inkwell.dataset.SampleReader;
import dev.inkwell.functions.FunctionEnvironment;
import dev.inkwell.functions.FunctionFailure;
import dev.inkwell.functions.Functions;
import dev.inkwell.functions.Invocation;
import dev.inkwell.registry.ModelRegistry;
import dev.inkwell.store.Store;
import dev.inkwell.testing.SharedData;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The model-making functions a workflow can chain (train → evaluate → deploy, finetune), on a real store, real buckets
 * and a small MNIST slice in a samples table; train and finetune come from this module through the ServiceLoader.
 */
class TrainingFunctionsTest {
    @TempDir
    static Path dir;
    static Store store;
    static Buckets buckets;
    static FunctionEnvironment env;
    static final Functions functions = Functions.builtIn();
    static final String RUN = UUID.randomUUID() + "/";

    @BeforeAll
    static void setUp() throws Exception {
        store = Store.open(dir.resolve("store.db").toString());
        buckets = Buckets.folder(dir.resolve("buckets"));
        List<Sample> slice = new ArrayList<>();
        for (String split : List.of("train", "test")) {
            try (SampleReader r = Datasets.open(SharedData.mnist()).split(split).open()) {
                r.stream().limit(split.equals("train") ? 2000 : 300).forEach(slice::add);
            }
        }
        store.table("digits").ingest(SampleReader.of(slice), Progress.NONE);
        env = new FunctionEnvironment(buckets, () -> store, null, null, null);
    }

    @AfterAll
    static void tearDown() {
        buckets.close();
        store.close();
    }

    static JsonNode invoke(String name, String event, String key) throws Exception {
        // attempts are keyed per run: $INKWELL_HOME outlives a test run
        return functions.invoke(name, Json.mapper().readTree(event), new Invocation(RUN + key, Instant.now().plus(Duration.ofMinutes(30)), "test", env, null));
    }

    @Test
    void trainEvaluateAndDeployChainAndATrainInvokedAgainReusesItsAttempt() throws Exception {
        assertThat(functions.all()).extracting(f -> f.name()).contains("train", "finetune", "evaluate", "deploy");
        JsonNode trained = invoke("train", "{\"table\": \"digits\", \"arch\": \"compact\", \"epochs\": 3, \"seed\": 3, \"augment\": false,"
                + " \"register\": \"digits\", \"alias\": \"candidate\"}", "exec#Train#0");
        assertThat(trained.get("registered").get("version").asInt()).isEqualTo(1);
        // well above chance (0.1) after 3 short epochs on 1,900 images
        assertThat(trained.get("test_accuracy").asDouble()).isGreaterThan(0.3);
        // the same attempt again (a crash before its answer was recorded): nothing trained twice
        JsonNode again = invoke("train", "{\"table\": \"digits\", \"arch\": \"compact\", \"epochs\": 1, \"seed\": 3, \"augment\": false}", "exec#Train#0");
        assertThat(again.get("reused").asBoolean()).isTrue();
        assertThat(again.get("out").asText()).isEqualTo(trained.get("out").asText());

        JsonNode evaluated = invoke("evaluate", "{\"model\": \"digits@candidate\", \"table\": \"digits\"}", "exec#Evaluate#0");
        assertThat(evaluated.get("count").asInt()).isEqualTo(300);
        assertThat(evaluated.get("accuracy").asDouble()).isCloseTo(trained.get("test_accuracy").asDouble(), Offset.offset(0.02)).isLessThanOrEqualTo(1.0);

        JsonNode deployed = invoke("deploy", "{\"model\": \"digits\", \"version\": 1, \"alias\": \"champion\", \"endpoint\": \"digits\"}", "exec#Deploy#0");
        assertThat(deployed.get("revision").asInt()).isEqualTo(1);
        ModelRegistry registry = ModelRegistry.open(store, buckets);
        assertThat(registry.model("digits").aliases()).containsEntry("champion", 1);
        assertThat(registry.endpoints().get("digits").definition().variants().getFirst().model()).isEqualTo("registry:digits@champion");
        // deploying again changes nothing more
        assertThat(invoke("deploy", "{\"model\": \"digits\", \"endpoint\": \"digits\", \"alias\": \"champion\"}", "exec#Deploy#1").get("revision").asInt())
                .isEqualTo(1);

        JsonNode tuned = invoke("finetune", "{\"base\": \"digits@champion\", \"table\": \"digits\", \"epochs\": 1, \"eval_limit\": 100,"
                + " \"register\": \"digits\"}", "exec#Tune#0");
        assertThat(tuned.get("registered").get("version").asInt()).isEqualTo(2);
        assertThat(tuned.get("original_accuracy_after").asDouble()).isGreaterThan(0.3);
    }

    @Test
    void badEventsAreInvalidInputNamingTheField() {
        for (String[] c : new String[][] {
                {"train", "{\"table\": \"digits; drop table x\"}", "table"},
                {"train", "{\"table\": \"digits\", \"arch\": \"huge\"}", "arch"},
                {"train", "{\"table\": \"digits\", \"epochs\": 0}", "epochs"},
                {"train", "{\"table\": \"digits\", \"epochs\": 1, \"register\": \"../x\"}", "register"},
                {"finetune", "{\"base\": \"registry:\", \"table\": \"digits\"}", "base"},
                {"evaluate", "{\"model\": \"mnist\", \"table\": \"digits\", \"limit\": -1}", "limit"},
                {"deploy", "{\"model\": \"digits\", \"version\": \"x\"}", "version"},
                {"deploy", "{\"model\": \"<script>\"}", "model"}}) {
            assertThatThrownBy(() -> invoke(c[0], c[1], "bad")).as(c[1]).isInstanceOfSatisfying(FunctionFailure.class, f -> {
                assertThat(f.error()).isEqualTo(FunctionFailure.INVALID_INPUT);
                assertThat(f.getMessage()).contains(c[2]);
            });
        }
        assertThatThrownBy(() -> invoke("evaluate", "{\"model\": \"mnist\", \"table\": \"none\"}", "x")).isInstanceOf(FunctionFailure.class);
        assertThatThrownBy(() -> invoke("deploy", "{\"model\": \"nothing\"}", "x")).isInstanceOfSatisfying(FunctionFailure.class,
                f -> assertThat(f.error()).isEqualTo(FunctionFailure.NOT_FOUND));
    }
}
