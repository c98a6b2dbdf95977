package dev.inkwell.recognition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.inkwell.core.Json;
import dev.inkwell.image.GrayImage;
import dev.inkwell.inference.ClassScore;
import dev.inkwell.inference.Classification;
import dev.inkwell.preprocess.Box;
import dev.inkwell.testkit.Mnist8;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfidenceTest {
    /** A reading of one digit per probability, each read as its position ("0", "1", …). */
    private static Recognition reading(float... probabilities) {
        List<DigitReading> digits = new ArrayList<>();
        StringBuilder number = new StringBuilder();
        for (int i = 0; i < probabilities.length; i++) {
            float[] all = new float[10];
            all[i] = probabilities[i];
            all[(i + 1) % 10] = 1 - probabilities[i];
            String name = Integer.toString(i);
            Classification c = new Classification(i, name, probabilities[i], all, List.of(new ClassScore(i, name, probabilities[i])));
            digits.add(new DigitReading(new Box(40 * i, 0, 30, 40), new GrayImage(28, 28, new float[784]), c));
            number.append(name);
        }
        return new Recognition(digits, number.toString(), null, new Timings(1, 1));
    }

    @Test
    void aReadingIsConfidentWhenItsNumberIsMoreLikelyRightThanWrong() {
        assertThat(reading(0.99f, 0.97f, 0.9f).confidence()).isEqualTo(new Confidence(true, null));
        assertThat(reading(0.5f).confidence().confident()).isTrue();
    }

    @Test
    void oneUnsureDigitMakesTheNumberUnsureAndIsNamed() {
        Confidence c = reading(0.99f, 0.41f, 0.98f).confidence();
        assertThat(c.confident()).isFalse();
        assertThat(c.reason()).isEqualTo("number probability 39.8 %; least sure: digit 2 of 3, read as 1 with 41.0 %");
    }

    @Test
    void manyFairlySureDigitsCanStillMakeAnUnsureNumber() {
        // six digits at 85 % each: every one more likely right than wrong, the whole number not (37.7 %)
        Confidence c = reading(0.85f, 0.85f, 0.85f, 0.84f, 0.85f, 0.85f).confidence();
        assertThat(c.confident()).isFalse();
        assertThat(c.reason()).startsWith("number probability 37.").contains("digit 4 of 6, read as 3 with 84.0 %");
    }

    @Test
    void aSingleUnsureDigitSaysWhatItWasReadAs() {
        Confidence c = reading(0.3f).confidence();
        assertThat(c.confident()).isFalse();
        assertThat(c.reason()).isEqualTo("read as 0 with only 30.0 % probability");
    }

    @Test
    void aReasonIsGivenExactlyWhenNotConfident() {
        assertThatThrownBy(() -> new Confidence(true, "why")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Confidence(false, null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theJsonFlagsAnUnsureReadingAndSaysWhy() {
        JsonNode unsure = json(reading(0.99f, 0.41f));
        assertThat(unsure.get("confident").asBoolean()).isFalse();
        assertThat(unsure.get("reason").asText()).contains("digit 2 of 2");
        assertThat(unsure.get("number_probability").asDouble()).isLessThan(Recognition.CONFIDENT);
        JsonNode sure = json(reading(0.99f, 0.98f));
        assertThat(sure.get("confident").asBoolean()).isTrue();
        assertThat(sure.has("reason")).as("only when not confident").isFalse();
        RecognitionJson inBatch = RecognitionJson.of("e", Mnist8.classifier().card(), reading(0.99f, 0.41f),
                RecognitionJson.Debug.NONE, Map.of()).inBatch().withDigit(1);
        assertThat(inBatch.confident()).isFalse();
        assertThat(inBatch.reason()).contains("digit 2 of 2");
    }

    private static JsonNode json(Recognition r) {
        return Json.mapper().valueToTree(RecognitionJson.of("e", Mnist8.classifier().card(), r, RecognitionJson.Debug.NONE, Map.of()));
    }
}
