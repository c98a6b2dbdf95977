package dev.inkwell.serving;

import dev.inkwell.recognition.Recognition;
import dev.inkwell.serving.endpoint.ModelEndpoint;
import dev.inkwell.serving.input.PredictInput;
import java.time.Instant;
import java.util.List;

/**
 * One answered prediction request: the endpoint that answered, the inputs as they reached the model's recognizer
 * (image URLs already fetched), one recognition per input in input order, when it started and how long it took.
 */
public record PredictionEvent(ModelEndpoint endpoint, List<PredictInput> inputs, List<Recognition> recognitions,
                              Instant startedAt, long nanos) {
    public PredictionEvent {
        inputs = List.copyOf(inputs);
        recognitions = List.copyOf(recognitions);
    }
}
