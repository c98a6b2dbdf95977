package dev.inkwell.inference;

import java.util.List;

/** The outcome of classifying one model input: the best class, every class's probability, the top 3. */
public record Classification(int index, String name, float probability, float[] probabilities, List<ClassScore> top) {
}
