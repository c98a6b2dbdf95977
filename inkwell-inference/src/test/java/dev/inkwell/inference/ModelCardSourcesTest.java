package dev.inkwell.inference;

import static org.assertj.core.api.Assertions.assertThat;

import dev.inkwell.preprocess.PreprocessOptions;
import dev.inkwell.recognition.Recognition;
import dev.inkwell.recognition.Recognizer;
import dev.inkwell.testing.SharedData;
import dev.inkwell.testkit.Mnist8;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelCardSourcesTest {
    private static final List<String> WORDS = List.of("zero", "one", "two", "three", "four", "five", "six", "seven",
            "eight", "nine");

    @Test
    void aCardInTheOnnxMetadataIsUsed(@TempDir Path dir) throws Exception {
        ModelCard card = ModelCard.builder().name("with-metadata").version("3").architecture("cnn").parameterCount(5_000)
                .input(input(InputScaling.ZERO_TO_ONE, 0, 1, Preprocessing.MNIST)).classNames(WORDS)
                .training(new TrainingProvenance(ModelSource.TRAIN, null, null, 7L, 2, null, null, null, null)).build();
        Path model = dir.resolve("m.onnx");
        Files.write(model, withMetadata(Files.readAllBytes(SharedData.mnist8Onnx()), "inkwell.card", ModelCards.toJson(card)));
        try (OnnxImageClassifier c = OnnxImageClassifier.load(model, null, 1)) {
            assertThat(c.card().name()).isEqualTo("with-metadata");
            assertThat(c.card().seed()).isEqualTo(7L);
            assertThat(c.classify(Mnist8.testImages(1).getFirst()).name()).isEqualTo("seven");
        }
    }

    @Test
    void cardsRoundTripThroughJson(@TempDir Path dir) throws Exception {
        Instant at = Instant.parse("2026-11-22T10:15:30Z");
        TrainingSettings options = new TrainingSettings(128, 0.01, 1e-4, 0.1, "onecycle",
                new AugmentationSettings(8, 0.08, 0.08, 8, 0, 0), 0.05, 0, 3, null);
        ModelCard card = ModelCard.builder().name("m").version("1").architecture("cnn").parameterCount(42).created(at).inkwellVersion("0.1.0")
                .input(input(InputScaling.MEAN_STD, 0.1307, 0.3081, Preprocessing.MNIST)).classNames(WORDS)
                .training(new TrainingProvenance(ModelSource.FINETUNE, new ParentModel("base", "0", "bundled:mnist", ModelSource.TRAIN),
                        "sha256:abc", 1L, 3, 2, false, options, new TrainingEngine("2.7.1", "0.35.1", "AVX2")))
                .metric("accuracy", 0.99).metric("testCount", 10_000)
                .calibration(new TemperatureScaling(0.5, 0.2, 0.1)).build();
        Path file = dir.resolve("model.card.json");
        ModelCards.write(file, card);
        assertThat(ModelCards.read(file)).isEqualTo(card);
        assertThat(Files.readString(file)).contains("\"schemaVersion\" : 2").containsPattern("\"testCount\" : 10000\\s")
                .contains("\"scaling\" : \"mean-std\"").contains("\"source\" : \"finetune\"");
    }

    @Test
    void meanStdScalingIsApplied(@TempDir Path dir) throws Exception {
        // mean 0, std 1/255 turns 0-255 pixels into 0-255 values again: the same answers as the 0-255 card
        ModelCard meanStd = ModelCard.builder().name("m").input(input(InputScaling.MEAN_STD, 0, 1.0 / 255, Preprocessing.MNIST)).build();
        ModelCard raw = ModelCard.builder().name("m").input(input(InputScaling.ZERO_TO_255, 0, 1, Preprocessing.MNIST)).build();
        try (OnnxImageClassifier a = OnnxImageClassifier.load(SharedData.mnist8Onnx(), meanStd, 1);
             OnnxImageClassifier b = OnnxImageClassifier.load(SharedData.mnist8Onnx(), raw, 1)) {
            var image = Mnist8.testImages(3).get(2);
            assertThat(a.classify(image).probabilities()).containsExactly(b.classify(image).probabilities(),
                    org.assertj.core.api.Assertions.within(1e-4f));
        }
    }

    @Test
    void aResizeProfileCardSendsTheWholePicture() throws Exception {
        ModelCard resize = ModelCard.builder().name("m").input(input(InputScaling.ZERO_TO_ONE, 0, 1, Preprocessing.RESIZE)).build();
        try (OnnxImageClassifier c = OnnxImageClassifier.load(SharedData.mnist8Onnx(), resize, 1)) {
            Recognizer recognizer = new Recognizer(c, PreprocessOptions.DEFAULT);
            byte[] png = Files.readAllBytes(SharedData.handwritten28px().resolve("3.png"));
            Recognition r = recognizer.recognize(png);
            assertThat(r.report().profile()).isEqualTo("resize");
            assertThat(r.digits()).hasSize(1);
            assertThat(r.primary().box().width()).isEqualTo(28);
        }
    }

    static InputSpec input(InputScaling scaling, double mean, double std, Preprocessing preprocessing) {
        return new InputSpec(28, 28, 1, scaling, mean, std, preprocessing);
    }

    /** Appends a metadata_props entry (ModelProto field 14) to a serialized ONNX model. */
    static byte[] withMetadata(byte[] model, String key, String value) {
        byte[] entry = concat(field(1, key.getBytes(StandardCharsets.UTF_8)), field(2, value.getBytes(StandardCharsets.UTF_8)));
        return concat(model, field(14, entry));
    }

    private static byte[] field(int number, byte[] payload) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        varint(out, (number << 3) | 2);
        varint(out, payload.length);
        out.writeBytes(payload);
        return out.toByteArray();
    }

    private static void varint(ByteArrayOutputStream out, long v) {
        while ((v & ~0x7FL) != 0) {
            out.write((int) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        out.write((int) v);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] c = new byte[a.length + b.length];
        System.arraycopy(a, 0, c, 0, a.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }
}
