package dev.inkwell.recognition;

/**
 * Where the time of one recognition went, in microseconds. {@code preprocessMicros} includes decoding when the
 * recognizer was given encoded bytes; {@code inferenceMicros} is the classifier call (for a batch of model-space
 * inputs, the call's time divided by the batch size).
 */
public record Timings(long preprocessMicros, long inferenceMicros) {
}
