package dev.inkwell.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.inkwell.testing.SharedData;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The registry and endpoint commands end to end, on a store and buckets of the test's own. */
class RegistryCommandsTest {
    @TempDir
    Path dir;

    private String[] where() {
        return new String[] {"--store", dir.resolve("inkwell.db").toString(), "--buckets", dir.resolve("buckets").toString()};
    }

    private CliTest.Result run(String... args) {
        return CliTest.run(CliTest.concat(args, where()));
    }

    @Test
    void registerAliasShowHistoryDownloadAndDelete() throws Exception {
        CliTest.Result first = run("models", "register", "digits", "--from", "mnist-compact", "--alias", "champion", "--json");
        assertThat(first.code()).as(first.err()).isZero();
        JsonNode v1 = first.json();
        assertThat(v1.get("version").asInt()).isEqualTo(1);
        assertThat(v1.get("status").asText()).isEqualTo("pending");
        CliTest.Result second = run("models", "register", "digits", "--from", SharedData.mnist8Onnx().toString(), "--source", "upload", "--approve");
        assertThat(second.code()).as(second.err()).isZero();
        assertThat(second.out()).contains("registered digits:2 (approved");

        assertThat(run("models", "alias", "digits", "2", "champion").out()).contains("digits@champion -> 2");
        CliTest.Result list = run("models", "list");
        assertThat(list.out()).contains("digits").contains("2 version(s), latest 2").contains("@champion=2");
        CliTest.Result show = run("models", "show", "digits@champion", "--json");
        assertThat(show.json().get("version").asInt()).isEqualTo(2);
        assertThat(run("models", "show", "digits:1").out()).contains("digits:1").contains("compact").contains("reports: ");
        CliTest.Result history = run("models", "history", "digits");
        assertThat(history.out()).contains("version 1 registered").contains("@champion created at 1").contains("@champion moved 1 -> 2");

        Path out = dir.resolve("downloaded");
        assertThat(run("models", "download", "digits:1", "--out", out.toString()).code()).isZero();
        assertThat(out.resolve("model.onnx")).isRegularFile();
        assertThat(out.resolve("model.card.json")).isRegularFile();

        // the registered version is a model reference everywhere a model is named
        CliTest.Result predict = run("predict", "--model", "registry:digits@champion", SharedData.handwritten28px().resolve("7.png").toString());
        assertThat(predict.code()).as(predict.err()).isZero();
        assertThat(predict.out()).contains(": 7 (");

        CliTest.Result refused = run("models", "delete", "digits:2");
        assertThat(refused.code()).isEqualTo(Cli.FAILURE);
        assertThat(refused.err()).contains("alias champion");
        assertThat(run("models", "show", "nothing").err()).contains("no registered model named 'nothing'");
        assertThat(run("models", "delete", "digits").code()).isZero();
        assertThat(run("models", "list").out()).contains("no registered models");
    }

    @Test
    void endpointsCreateUpdateRollBackAndRefuseWhatTheyCannotServe() throws Exception {
        assertThat(run("models", "register", "digits", "--from", "mnist-compact", "--alias", "champion").code()).isZero();
        assertThat(run("models", "register", "digits", "--from", "mnist-compact", "--alias", "challenger").code()).isZero();
        CliTest.Result created = run("endpoints", "create", "web", "--variant", "a=digits@champion:90", "--variant", "b=digits@challenger:10",
                "--shadow", "c=digits:1:25%", "--capture", "5", "--capture", "c=100", "--capture-to", "s3://captures/web");
        assertThat(created.code()).as(created.err()).isZero();
        assertThat(created.out()).contains("created endpoint web, revision 1").contains("a=registry:digits@champion (90)")
                .contains("shadow c=registry:digits:1 (25.0 %)").contains("capture 5 % (c 100 %) to s3://captures/web");
        JsonNode capture = run("endpoints", "describe", "web", "--json").json().at("/definition/capture");
        assertThat(capture.get("percent").asDouble()).isEqualTo(5.0);
        assertThat(capture.at("/variants/c").asDouble()).isEqualTo(100.0);
        assertThat(capture.get("destination").asText()).isEqualTo("s3://captures/web");
        assertThat(run("endpoints", "update", "web", "--variant", "a=digits@champion").out()).contains("revision 2");
        assertThat(run("endpoints", "rollback", "web").out()).contains("rolled back endpoint web, revision 3").contains("b=registry:digits@challenger (10)");
        assertThat(run("endpoints", "history", "web").out()).contains("create").contains("update").contains("rollback");
        JsonNode described = run("endpoints", "describe", "web", "--json").json();
        assertThat(described.at("/definition/variants")).hasSize(2);
        assertThat(run("endpoints", "list").out()).contains("web").contains("revision 3");

        CliTest.Result unknown = run("endpoints", "create", "other", "--variant", "a=digits@prod");
        assertThat(unknown.code()).isEqualTo(Cli.FAILURE);
        assertThat(unknown.err()).contains("no alias 'prod'");
        CliTest.Result strict = run("endpoints", "create", "strict", "--variant", "a=digits@champion", "--require-approved");
        assertThat(strict.code()).isEqualTo(Cli.FAILURE);
        assertThat(strict.err()).contains("approved versions only");
        CliTest.Result noVariant = run("endpoints", "create", "bad");
        assertThat(noVariant.code()).isEqualTo(2);
        CliTest.Result badWeight = run("endpoints", "create", "zero", "--variant", "a=mnist:0");
        assertThat(badWeight.err()).contains("add up to 0");
        CliTest.Result badCapture = run("endpoints", "create", "cap", "--variant", "a=mnist", "--capture", "ten");
        assertThat(badCapture.err()).contains("capture 'ten': expected PERCENT");
        CliTest.Result tooMuch = run("endpoints", "create", "cap", "--variant", "a=mnist", "--capture", "101");
        assertThat(tooMuch.err()).contains("capture 101.0 %: expected 0 to 100");
        CliTest.Result strayVariant = run("endpoints", "create", "cap", "--variant", "a=mnist", "--capture", "z=10");
        assertThat(strayVariant.err()).contains("capture names variant z, which it does not have");
        CliTest.Result badDestination = run("endpoints", "create", "cap", "--variant", "a=mnist", "--capture", "10", "--capture-to", "/tmp/x");
        assertThat(badDestination.err()).contains("expected s3://BUCKET/PREFIX");
        CliTest.Result inUse = run("models", "delete", "digits");
        assertThat(inUse.err()).contains("endpoint web");
        assertThat(run("endpoints", "delete", "web").code()).isZero();
        assertThat(Files.exists(dir.resolve("buckets/models"))).isTrue();
    }
}
