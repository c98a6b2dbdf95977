package dev.inkwell.serving.input;

import java.util.List;

/** What a prediction request asked for: its inputs, and whether it was a batch (answered with a list). */
public record PredictRequest(List<PredictInput> inputs, boolean batch) {
    public PredictRequest {
        inputs = List.copyOf(inputs);
        if (inputs.isEmpty()) throw new IllegalArgumentException("a request has at least one input");
    }

    public static PredictRequest single(PredictInput input) {
        return new PredictRequest(List.of(input), false);
    }
}
