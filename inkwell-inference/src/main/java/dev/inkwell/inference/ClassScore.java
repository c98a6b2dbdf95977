package dev.inkwell.inference;

/** One class and its probability. */
public record ClassScore(int index, String name, float probability) {
}
