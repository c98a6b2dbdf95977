package dev.inkwell.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.inkwell.core.InvalidInputException;
import dev.inkwell.model.BundledModels;
import dev.inkwell.model.ModelFiles;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Cards written before schema version 2 read into version 2 with the same values, wherever version 2 keeps them. */
class ModelCardV1CompatibilityTest {

    private static byte[] fixture(String name) throws IOException {
        try (InputStream in = ModelCardV1CompatibilityTest.class.getResourceAsStream("/cards/v1/" + name + ".card.json")) {
            return in.readAllBytes();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"mnist", "mnist-compact", "fashion-mnist"})
    void theBundledCardsOfVersionOneKeepEveryValue(String name) throws IOException {
        byte[] json = fixture(name);
        JsonNode v1 = ModelCards.mapper().readTree(json);
        JsonNode m = v1.get("metrics");
        ModelCard card = ModelCards.parse(json, name);

        assertThat(card.name()).isEqualTo(v1.get("name").asText());
        assertThat(card.version()).isEqualTo(v1.get("version").asText());
        assertThat(card.architecture()).isEqualTo(v1.get("architecture").asText());
        assertThat(card.parameterCount()).isEqualTo(v1.get("parameterCount").asLong());
        assertThat(card.createdAt()).isEqualTo(Instant.parse(v1.get("createdAt").asText()));
        assertThat(card.inkwellVersion()).isEqualTo(v1.get("inkwellVersion").asText());
        assertThat(card.input()).isEqualTo(new InputSpec(28, 28, 1, InputScaling.MEAN_STD, v1.get("mean").asDouble(),
                v1.get("std").asDouble(), Preprocessing.MNIST));
        assertThat(card.classNames()).hasSize(10).isEqualTo(ModelCards.mapper().convertValue(v1.get("classNames"), List.class));
        assertThat(card.datasetFingerprint()).isEqualTo(v1.get("datasetFingerprint").asText());
        assertThat(card.seed()).isEqualTo(v1.get("seed").asLong());
        assertThat(card.epochs()).isEqualTo(v1.get("epochs").asInt());
        assertThat(card.training().bestEpoch()).isEqualTo(m.get("bestEpoch").asInt());
        assertThat(card.training().stoppedEarly()).isFalse();

        assertThat(card.temperature()).isEqualTo(m.get("temperature").asDouble());
        assertThat(card.calibration().logLossBefore()).isEqualTo(m.get("validationLogLossUncalibrated").asDouble());
        assertThat(card.calibration().logLossAfter()).isEqualTo(m.get("validationLogLoss").asDouble());

        JsonNode o = m.get("options");
        TrainingSettings options = card.options();
        assertThat(options.batchSize()).isEqualTo(o.get("batchSize").asInt());
        assertThat(options.learningRate()).isEqualTo(o.get("learningRate").asDouble());
        assertThat(options.weightDecay()).isEqualTo(o.get("weightDecay").asDouble());
        assertThat(options.labelSmoothing()).isEqualTo(o.get("labelSmoothing").asDouble());
        assertThat(options.schedule()).isEqualTo("onecycle");
        assertThat(options.validationSplit()).isEqualTo(0.05);
        assertThat(options.limit()).isZero();
        assertThat(options.patience()).as("not recorded in version 1").isNull();
        JsonNode a = o.get("augmentation");
        assertThat(options.augmentation()).isEqualTo(new AugmentationSettings(a.get("maxRotationDegrees").asDouble(),
                a.get("maxShift").asDouble(), a.get("maxScaleChange").asDouble(), a.get("maxShearDegrees").asDouble(), 0, 0));

        for (String figure : List.of("testAccuracy", "testCount", "testMacroF1", "validationAccuracy", "trainAccuracy", "trainLoss",
                "trainingSeconds", "meanEpochSeconds")) {
            assertThat(card.metrics().get(figure)).as(figure).isEqualTo(m.get(figure).asDouble());
        }
        assertThat(card.metrics()).doesNotContainKeys("temperature", "options", "bestEpoch", "epochsRun", "stoppedEarly", "calibratedFrom");

        if (m.has("calibratedFrom")) { // mnist and fashion-mnist were calibrated after training
            assertThat(card.source()).isEqualTo(ModelSource.CALIBRATE);
            assertThat(card.training().parent()).isEqualTo(new ParentModel(name, m.get("calibratedFrom").asText(), null, null));
        } else { // mnist-compact calibrated itself while training
            assertThat(card.source()).isEqualTo(ModelSource.TRAIN);
            assertThat(card.training().parent()).isNull();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"mnist", "mnist-compact", "fashion-mnist"})
    void theBundledCardsAreTheirVersionOneCardsRewrittenAsVersionTwo(String name) throws IOException {
        byte[] bundled = BundledModels.file(name, ModelFiles.CARD);
        assertThat(ModelCards.mapper().readTree(bundled).get("schemaVersion").asInt()).isEqualTo(2);
        assertThat(ModelCards.parse(bundled, name)).isEqualTo(ModelCards.parse(fixture(name), name));
    }

    @Test
    void anExternalModelsCardHasNoTrainingSection() throws IOException {
        ModelCard card = ModelCards.parse(fixture("mnist-8"), "mnist-8");
        assertThat(card.name()).isEqualTo("mnist-8");
        assertThat(card.version()).isEqualTo("onnx-model-zoo-8");
        assertThat(card.parameterCount()).isEqualTo(-1);
        assertThat(card.input()).isEqualTo(new InputSpec(28, 28, 1, InputScaling.ZERO_TO_ONE, 0, 1, Preprocessing.MNIST));
        assertThat(card.training()).isNull();
        assertThat(card.source()).isEqualTo(ModelSource.IMPORT);
        assertThat(card.seed()).isNull();
        assertThat(card.temperature()).isEqualTo(1);
        assertThat(card.description()).startsWith("trained on 0-1 input");
        assertThat(card.metrics()).containsEntry("mnistTestAccuracy", 0.989).containsEntry("mnistTestLogLossIfFed0to255", 0.2969)
                .doesNotContainKey("note");
    }

    @Test
    void aFineTunedCardOfVersionOneNamesItsBaseAndHowReplayWasMixed() throws IOException {
        ModelCard card = ModelCards.parse(fixture("my-digits-finetuned"), "my-digits");
        assertThat(card.source()).isEqualTo(ModelSource.FINETUNE);
        assertThat(card.training().parent()).isEqualTo(new ParentModel("mnist-compact", null, null, null));
        assertThat(card.options().learningRate()).isEqualTo(5e-4);
        assertThat(card.options().fineTune()).isEqualTo(new FineTuneSettings(6000, null, false));
        assertThat(card.epochs()).isEqualTo(3);
        assertThat(card.seed()).isEqualTo(1L);
        assertThat(card.calibration()).isEqualTo(new TemperatureScaling(0.364292466682923, null, null));
        assertThat(card.metrics()).containsOnlyKeys("userSamples", "userAccuracyBefore", "userAccuracyAfter", "testAccuracy",
                "testAccuracyBefore", "testCount");
    }

    @Test
    void aCardOfANewerSchemaIsRefusedClearly() {
        byte[] newer = "{\"schemaVersion\": 3, \"model\": {\"name\": \"m\"}}".getBytes();
        assertThatThrownBy(() -> ModelCards.parse(newer, "future.card.json")).isInstanceOf(InvalidInputException.class)
                .hasMessage("future.card.json: model card schema version 3 is newer than this Inkwell reads (2): upgrade Inkwell to use this model");
        assertThatThrownBy(() -> ModelCards.parse("{\"schemaVersion\": \"two\"}".getBytes(), "odd.card.json"))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("schemaVersion must be a whole number");
        assertThatThrownBy(() -> ModelCards.parse("[1]".getBytes(), "list.card.json"))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("expected a JSON object");
    }

    @Test
    void anExplicitVersionOneIsReadAsVersionOne() {
        ModelCard card = ModelCards.parse("{\"schemaVersion\": 1, \"name\": \"m\", \"inputScaling\": \"0-255\"}".getBytes(), "m");
        assertThat(card.name()).isEqualTo("m");
        assertThat(card.inputScaling()).isEqualTo(InputScaling.ZERO_TO_255);
    }
}
