package dev.inkwell.serving;

import dev.inkwell.recognition.Recognition;
import dev.inkwell.registry.endpoint.CaptureSettings;
import dev.inkwell.serving.endpoint.ResolvedModel;
import dev.inkwell.serving.input.PredictInput;
import java.time.Instant;
import java.util.List;

/**
 * One answered prediction request, or a shadow's reading of one: the endpoint and variant, the model that read it, the
 * inputs as they reached the recognizer (image URLs already fetched), one recognition per input in input order, the
 * endpoint's capture settings, when it started and how long it took.
 *
 * @param shadow  true for a shadow variant's reading (never returned to the client)
 * @param primary for a shadow reading, what the primary answered (to measure agreement); empty otherwise
 */
public record PredictionEvent(String endpoint, String variant, ResolvedModel model, boolean shadow, List<PredictInput> inputs,
                              List<Recognition> recognitions, List<Recognition> primary, CaptureSettings capture,
                              Instant startedAt, long nanos) {
    public PredictionEvent {
        inputs = List.copyOf(inputs);
        recognitions = List.copyOf(recognitions);
        primary = List.copyOf(primary);
    }
}
