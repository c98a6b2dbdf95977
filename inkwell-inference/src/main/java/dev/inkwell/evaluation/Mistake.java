package dev.inkwell.evaluation;

/** A wrongly classified sample: its index in the evaluated set, true and predicted class, and the model's confidence. */
public record Mistake(int index, int label, int predicted, double confidence) {
}
