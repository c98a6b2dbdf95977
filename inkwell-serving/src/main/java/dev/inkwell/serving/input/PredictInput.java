package dev.inkwell.serving.input;

import dev.inkwell.image.GrayImage;

/** One thing to classify, as a client sent it. {@code origin} names it in error messages ("body", "$[2]"). */
public sealed interface PredictInput {
    String origin();

    /** An encoded picture (PNG, JPEG, …) that still needs decoding and preprocessing. */
    record EncodedImage(byte[] bytes, String origin) implements PredictInput {
    }

    /** Pixels already in model space (Kaggle/MNIST rows: 0–255, ink high), given at the model's input size. */
    record ModelPixels(GrayImage image, String origin) implements PredictInput {
    }

    /** A picture to fetch first ({@code {"data": "https://…"}}). */
    record ImageUrl(String url, String origin) implements PredictInput {
    }
}
