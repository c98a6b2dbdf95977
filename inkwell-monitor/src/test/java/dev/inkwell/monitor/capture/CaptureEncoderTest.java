package dev.inkwell.monitor.capture;

import static org.assertj.core.api.Assertions.assertThat;

import dev.inkwell.inference.ModelCard;
import dev.inkwell.monitor.TestModels;
import dev.inkwell.registry.endpoint.CaptureSettings;
import dev.inkwell.serving.PredictionEvent;
import dev.inkwell.serving.input.PredictInput;
import dev.inkwell.testing.SharedData;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

/**
 * The encoder's direct path (what the writer uses) against its record path (the strings a {@link CaptureRecord} holds,
 * written as one): the same line for a real model's answers to every kind of input.
 */
class CaptureEncoderTest {
    private static final Instant AT = Instant.parse("2026-11-23T10:15:02.123Z");
    private static final CaptureSettings ALL = new CaptureSettings(100, "s3://captures/traffic");

    private static final CaptureEncoder SHARED = new CaptureEncoder(ModelCardLookup.fromFiles());

    private final TestModels.TestModel model = TestModels.model("mnist-compact");
    private final CaptureEncoder encoder = new CaptureEncoder(ModelCardLookup.fromFiles());

    @Property(tries = 2000)
    void theInferenceTimeIsTheInstantsTextToTheMillisecond(@ForAll @LongRange(min = -62_000_000_000_000L, max = 250_000_000_000_000L) long micros) {
        Instant at = Instant.EPOCH.plus(micros, ChronoUnit.MICROS);
        // one encoder for many instants: the cached second must follow the instant asked for
        assertThat(SHARED.inferenceTime(at)).isEqualTo(at.truncatedTo(ChronoUnit.MILLIS).toString()).isEqualTo(CaptureEncoder.time(at));
        assertThat(SHARED.inferenceTime(at.plusMillis(1))).isEqualTo(CaptureEncoder.time(at.plusMillis(1)));
    }

    @Test
    void idsAreDistinctVersion4Uuids() {
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 100_000; i++) {
            UUID id = UUID.fromString(encoder.newId());
            assertThat(id.version()).isEqualTo(4);
            assertThat(id.variant()).isEqualTo(2);
            ids.add(id.toString());
        }
        assertThat(ids).hasSize(100_000);
        assertThat(new CaptureEncoder(ModelCardLookup.fromFiles()).newId()).as("another encoder starts elsewhere").isNotIn(ids);
    }

    @Test
    void theDirectLineIsTheRecordsLineForEveryKindOfInput() throws Exception {
        List<byte[]> pictures = List.of(Files.readAllBytes(SharedData.handwritten28px().resolve("7.png")),
                Files.readAllBytes(SharedData.handwritten28px().resolve("3.png")));
        PredictionEvent batch = model.picturesEvent("mnist \"quoted\"", "primary", pictures, ALL, AT);
        PredictionEvent url = model.event("mnist", "shadow\\é", true,
                List.of(new PredictInput.ImageUrl("https://example.com/7.png?a=\"b\"&c=\u2028", "body")), batch.recognitions().subList(0, 1), ALL, AT);
        PredictionEvent rows = model.pixelsEvent("mnist", TestModels.images(SharedData.mnist(), "test", 0, 2), ALL, AT);
        CaptureLineWriter lines = new CaptureLineWriter();
        for (PredictionEvent e : List.of(batch, url, rows)) {
            ModelCard card = encoder.card(e);
            for (int i = 0; i < e.inputs().size(); i++) {
                CaptureRecord expected = encoder.record(e, i, "inference-1", card);
                ByteArrayOutputStream direct = new ByteArrayOutputStream();
                encoder.write(e, i, "inference-1", card, lines, direct);
                CaptureRecord written = CaptureReader.read(direct.toByteArray()).records().getFirst();
                // every record has its own random event id: the rest is byte for byte the same
                String line = direct.toString(StandardCharsets.UTF_8).replace(written.eventMetadata().eventId(), expected.eventMetadata().eventId());
                assertThat(line).isEqualTo(new String(CaptureEncoder.line(expected), StandardCharsets.UTF_8));
                assertThat(written.eventMetadata().eventId()).isNotEqualTo(expected.eventMetadata().eventId());
            }
        }
    }
}
