package dev.inkwell.bench;

import dev.inkwell.image.GrayImage;
import dev.inkwell.inference.OnnxImageClassifier;
import dev.inkwell.model.ModelRef;
import dev.inkwell.model.ModelResolvers;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * CPU time (not wall time) per image of a model on ONNX Runtime with one intra-op thread (the server's setting), for
 * batches of 1, 8 and 32 random 28×28 images, after 2 s of warm-up: with one thread ORT computes on the calling
 * thread, so its CPU time is the model's cost even on a busy machine. Arguments: bundled names or .onnx paths.
 */
public final class ModelCpuTimePerImage {
    private ModelCpuTimePerImage() {
    }

    public static void main(String[] args) {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        ModelResolvers resolvers = ModelResolvers.builtIn(Path.of(System.getProperty("java.io.tmpdir"), "inkwell-bench-models"));
        for (String model : args) {
            try (OnnxImageClassifier c = OnnxImageClassifier.load(resolvers.resolve(ModelRef.parse(model)), 1)) {
                Random random = new Random(1);
                for (int batch : new int[] {1, 8, 32}) {
                    List<GrayImage> images = new ArrayList<>();
                    for (int i = 0; i < batch; i++) {
                        float[] px = new float[784];
                        for (int k = 0; k < px.length; k++) px[k] = random.nextFloat() * 255;
                        images.add(new GrayImage(28, 28, px));
                    }
                    long warmUntil = System.nanoTime() + 2_000_000_000L;
                    while (System.nanoTime() < warmUntil) c.classify(images);
                    long cpu = mx.getCurrentThreadCpuTime();
                    long wall = System.nanoTime();
                    int n = 0;
                    while (System.nanoTime() - wall < 3_000_000_000L) {
                        c.classify(images);
                        n += batch;
                    }
                    System.out.printf("model %-24s batch %2d: %7.1f µs CPU per image%n", c.card().name(), batch,
                            (mx.getCurrentThreadCpuTime() - cpu) / 1000.0 / n);
                }
            }
        }
    }
}
