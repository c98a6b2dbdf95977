package dev.inkwell.testkit;

import dev.inkwell.image.GrayImage;
import dev.inkwell.inference.OnnxImageClassifier;
import dev.inkwell.testing.SharedData;
import java.util.List;

/** The shared mnist-8 model and the first MNIST test records, loaded once per test JVM. */
public final class Mnist8 {
    private static OnnxImageClassifier classifier;

    private Mnist8() {
    }

    /** A shared classifier (never closed by tests; the JVM ends it). */
    public static synchronized OnnxImageClassifier classifier() {
        if (classifier == null) classifier = OnnxImageClassifier.load(SharedData.mnist8Onnx(), null, 1);
        return classifier;
    }

    public static List<GrayImage> testImages(int count) {
        return Idx.images(SharedData.mnist().resolve("t10k-images-idx3-ubyte.gz"), count);
    }

    public static int[] testLabels(int count) {
        return Idx.labels(SharedData.mnist().resolve("t10k-labels-idx1-ubyte.gz"), count);
    }
}
