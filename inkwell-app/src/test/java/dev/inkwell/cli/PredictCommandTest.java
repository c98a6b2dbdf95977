package dev.inkwell.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.inkwell.image.ImageDecoder;
import dev.inkwell.testing.SharedData;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PredictCommandTest {
    private static final String MODEL = SharedData.mnist8Onnx().toString();
    private static final Path FIXTURES = Path.of("..", "inkwell-inference", "src", "test", "resources", "fixtures");

    @Test
    void readsAFolderOfSamples() {
        CliTest.Result r = CliTest.run("predict", "--model", MODEL, "--threads", "1", SharedData.handwritten28px().toString());
        assertThat(r.code()).as(r.err()).isZero();
        for (int label = 0; label < 10; label++) {
            assertThat(r.out()).containsPattern(label + "\\.png: " + label + " \\(\\d+\\.\\d %\\)  top 3: " + label + " ");
        }
    }

    @Test
    void printsTheNumberAndEachDigit() {
        CliTest.Result r = CliTest.run("predict", "--model", MODEL, FIXTURES.resolve("207__three-digits.png").toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("number 207 (").contains("3 digits)");
        assertThat(r.out().lines().filter(l -> l.startsWith("    ")).count()).isEqualTo(3);
    }

    @Test
    void jsonHasEveryFieldAndTheReport() throws Exception {
        CliTest.Result r = CliTest.run("predict", "--model", MODEL, "--json",
                FIXTURES.resolve("3__photo-grey-paper-shadow.jpg").toString());
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode json = JsonOutput.mapper().readTree(r.out());
        assertThat(json.at("/model/name").asText()).isEqualTo("mnist-8");
        assertThat(json.at("/model/inputScaling").asText()).isEqualTo("0-1");
        JsonNode first = json.at("/results/0");
        assertThat(first.get("label").asText()).isEqualTo("3");
        assertThat(first.get("number").asText()).isEqualTo("3");
        assertThat(first.get("top")).hasSize(3);
        assertThat(first.at("/digits/0/probabilities")).hasSize(10);
        assertThat(first.get("probabilities")).hasSize(10);
        assertThat(first.at("/debug/report/polarity").asText()).isEqualTo("DARK_ON_LIGHT");
        assertThat(first.at("/debug/report/sourceWidth").asInt()).isEqualTo(1200);
        assertThat(first.at("/timing/inference_ms").asDouble()).isPositive();
        assertThat(first.has("model")).as("stated once at the top").isFalse();
    }

    @Test
    void showWritesWhatTheModelSaw(@TempDir Path dir) {
        Path sheet = dir.resolve("seen.png");
        CliTest.Result r = CliTest.run("predict", "--model", MODEL, "--show", sheet.toString(),
                FIXTURES.resolve("2024__four-digits-close.png").toString(), FIXTURES.resolve("7__canvas-600-thin-pen.png").toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("model inputs written to");
        BufferedImage img = ImageDecoder.decode(readAll(sheet));
        assertThat(img.getWidth()).isGreaterThanOrEqualTo(4 * 112);
        assertThat(img.getHeight()).isGreaterThanOrEqualTo(2 * 112);
    }

    @Test
    void badInputsAreReportedOneLineEachAndTheOthersStillRead(@TempDir Path dir) throws Exception {
        Path notImage = Files.writeString(dir.resolve("notes.png"), "hello");
        Path empty = Files.write(dir.resolve("empty.png"), new byte[0]);
        CliTest.Result r = CliTest.run("predict", "--model", MODEL, notImage.toString(), empty.toString(),
                dir.resolve("missing.png").toString(), SharedData.handwritten28px().resolve("4.png").toString(),
                "http://example.com/x.png");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.out()).contains("4.png: 4 (");
        assertThat(r.err()).contains("error: " + notImage + ": not a recognised image")
                .contains("error: " + empty + ": empty input")
                .contains("error: " + dir.resolve("missing.png") + ": no such file")
                .contains("error: http://example.com/x.png: only https");
        assertThat(r.err().lines().count()).isEqualTo(4);
    }

    @Test
    void theDefaultModelIsTheBundledMnistModel() {
        CliTest.Result r = CliTest.run("predict", SharedData.handwritten28px().resolve("4.png").toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("4.png: 4 (");
    }

    @Test
    void usageErrors() {
        assertThat(CliTest.run("predict").code()).isEqualTo(2);
        assertThat(CliTest.run("predict", "--threads", "many", "x.png").code()).isEqualTo(2);
        CliTest.Result r = CliTest.run("predict", "--model", MODEL, "--threads", "-1", "x.png");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("--threads");
    }

    @Test
    void modelReferencesFollowTheOneSyntax(@TempDir Path dir) throws Exception {
        CliTest.Result unknown = CliTest.run("predict", "--model", "bundled:mnist-9", "x.png");
        assertThat(unknown.code()).isEqualTo(2);
        assertThat(unknown.err()).contains("there is no bundled model 'mnist-9': the bundled models are mnist, mnist-compact, fashion-mnist");
        CliTest.Result registry = CliTest.run("predict", "--model", "digits@prod", "--store", dir.resolve("inkwell.db").toString(),
                "--buckets", dir.resolve("buckets").toString(), "x.png");
        assertThat(registry.code()).isEqualTo(1);
        assertThat(registry.err()).contains("no registered model named 'digits'");
        CliTest.Result notFound = CliTest.run("predict", "--model", "my-digits", "x.png");
        assertThat(notFound.code()).isEqualTo(1);
        assertThat(notFound.err()).contains("model 'my-digits' not found").contains("mnist, mnist-compact, fashion-mnist");
        CliTest.Result explicit = CliTest.run("predict", "--model", "bundled:mnist-compact", SharedData.handwritten28px().resolve("4.png").toString());
        assertThat(explicit.code()).as(explicit.err()).isZero();
        Path folder = Files.createDirectories(dir.resolve("digits"));
        Files.copy(SharedData.mnist8Onnx(), folder.resolve("model.onnx"));
        CliTest.Result file = CliTest.run("predict", "--model", "file:" + folder, "--json", SharedData.handwritten28px().resolve("4.png").toString());
        assertThat(file.code()).as(file.err()).isZero();
        assertThat(file.json().at("/model/name").asText()).isEqualTo("mnist-8"); // no card: known by its SHA-256
    }

    private static byte[] readAll(Path p) {
        try {
            return Files.readAllBytes(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
