package dev.inkwell.recognition;

import dev.inkwell.image.GrayImage;
import dev.inkwell.inference.Classification;
import dev.inkwell.preprocess.Box;

/** One symbol found in an input: where it was (source pixels), what the model saw, and what it said. */
public record DigitReading(Box box, GrayImage modelInput, Classification classification) {
}
