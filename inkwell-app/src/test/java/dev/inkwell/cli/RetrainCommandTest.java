package dev.inkwell.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.inkwell.dataset.Datasets;
import dev.inkwell.dataset.Sample;
import dev.inkwell.dataset.SampleReader;
import dev.inkwell.store.LabellingItem;
import dev.inkwell.store.LabellingQueue;
import dev.inkwell.store.Store;
import dev.inkwell.testing.SharedData;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * inkwell retrain on a real registry, store and model: the champion (mnist-compact, registered) is fine-tuned on
 * labelled rows with replay of MNIST, registered as a new version and put on the endpoint as a 10 % challenger; a
 * second retrain replaces the challenger.
 */
class RetrainCommandTest {
    @TempDir
    Path dir;

    private CliTest.Result run(String... args) {
        return CliTest.run(CliTest.concat(args, "--store", dir.resolve("inkwell.db").toString(), "--buckets", dir.resolve("buckets").toString()));
    }

    /** Twenty MNIST test digits through the labelling queue, labelled with their true classes. */
    private void labelTwentyDigits() {
        try (Store store = Store.open(dir.resolve("inkwell.db").toString()); SampleReader r = Datasets.open(SharedData.mnist()).split("test").open()) {
            LabellingQueue q = store.labelling();
            List<Sample> samples = new ArrayList<>();
            for (Sample s = r.next(); s != null && samples.size() < 20; s = r.next()) samples.add(s);
            List<LabellingItem> items = new ArrayList<>();
            for (int i = 0; i < samples.size(); i++) {
                items.add(LabellingItem.candidate("event-" + i, "web", "a", "digits:1", null, 0, "0", 0.5, samples.get(i).pixels(), 28, 28, Instant.now()));
            }
            q.add(items);
            List<LabellingItem> queued = q.list(LabellingItem.Status.PENDING, 0, 100);
            for (int i = 0; i < queued.size(); i++) q.label(queued.get(i).id(), samples.get(i).label(), null);
        }
    }

    @Test
    void retrainsTheChampionRegistersItAndPutsItOnTheEndpointAsAChallenger() throws Exception {
        assertThat(run("models", "register", "digits", "--from", "mnist-compact", "--alias", "champion").code()).isZero();
        assertThat(run("endpoints", "create", "web", "--variant", "a=digits@champion", "--capture", "100").code()).isZero();
        CliTest.Result empty = run("retrain", "--endpoint", "web", "--replay", SharedData.mnist().toString());
        assertThat(empty.code()).isEqualTo(Cli.FAILURE);
        assertThat(empty.err()).contains("table labelled has no labelled rows");
        labelTwentyDigits();

        String[] small = {"--replay", SharedData.mnist().toString(), "--replay-count", "600", "--eval-limit", "500", "--epochs", "1",
                "--out", dir.resolve("retrained-1").toString()};
        CliTest.Result first = run(CliTest.concat(new String[] {"retrain", "--endpoint", "web"}, small));
        assertThat(first.code()).as(first.err()).isZero();
        assertThat(first.out()).contains("retrained registry:digits@champion (variant a of endpoint web) on 20 labelled rows of table labelled")
                .contains("labelled rows (20):").contains("original test (500 images):").contains("registered digits:2")
                .contains("endpoint web, revision 2: a=registry:digits@champion (900), retrained=registry:digits:2 (100)");
        JsonNode described = run("endpoints", "describe", "web", "--json").json();
        assertThat(described.at("/definition/capture/percent").asDouble()).as("capture kept").isEqualTo(100.0);
        assertThat(run("models", "show", "digits:2", "--json").json().get("source").asText()).isEqualTo("finetune");

        small[small.length - 1] = dir.resolve("retrained-2").toString();
        CliTest.Result second = run(CliTest.concat(new String[] {"retrain", "--endpoint", "web", "--share", "20", "--json"}, small));
        assertThat(second.code()).as(second.err()).isZero();
        JsonNode json = second.json();
        assertThat(json.at("/champion/variant").asText()).isEqualTo("a");
        assertThat(json.get("labelledRows").asInt()).isEqualTo(20);
        assertThat(json.get("originalTestCount").asInt()).isEqualTo(500);
        assertThat(json.at("/registered/version").asInt()).isEqualTo(3);
        assertThat(json.get("variants")).hasSize(2);
        assertThat(json.at("/variants/1/model").asText()).isEqualTo("registry:digits:3");
        assertThat(json.at("/variants/1/weight").asInt()).isEqualTo(200);

        CliTest.Result unknown = run("retrain", "--endpoint", "nothere");
        assertThat(unknown.code()).isEqualTo(Cli.FAILURE);
        assertThat(unknown.err()).contains("no endpoint named 'nothere'");
        CliTest.Result badShare = run(CliTest.concat(new String[] {"retrain", "--endpoint", "web", "--share", "0"}, small));
        assertThat(badShare.code()).isEqualTo(Cli.FAILURE);
        assertThat(badShare.err()).contains("challenger share 0.0 %");
        assertThat(run("models", "show", "digits", "--json").json().get("versions")).as("nothing registered by a refused retrain").hasSize(3);
        assertThat(run("models", "approve", "digits:1").code()).isZero();
        assertThat(run("endpoints", "create", "strict", "--variant", "a=digits:1", "--require-approved").code()).isZero();
        CliTest.Result strict = run(CliTest.concat(new String[] {"retrain", "--endpoint", "strict"}, small));
        assertThat(strict.code()).isEqualTo(Cli.FAILURE);
        assertThat(strict.err()).contains("endpoint strict takes approved versions only: add --approve");
    }
}
