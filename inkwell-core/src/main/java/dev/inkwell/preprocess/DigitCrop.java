package dev.inkwell.preprocess;

import dev.inkwell.image.GrayImage;

/** One digit found in a picture: where it is (source pixels) and the model-space image made of it (28×28 for MNIST). */
public record DigitCrop(Box box, GrayImage image) {
}
