package dev.inkwell.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/** Paths into the read-only {@code ../shared} folder beside the project (override with -Dinkwell.shared or INKWELL_SHARED). */
public final class SharedData {
    private SharedData() {
    }

    public static Path root() {
        // the environment wins: Maven always sets the property (to ../shared), so an exported INKWELL_SHARED must
        // override it; -Dinkwell.shared on the mvn command line replaces that default too
        String env = System.getenv("INKWELL_SHARED");
        String configured = env != null && !env.isBlank() ? env : System.getProperty("inkwell.shared");
        Path root = configured != null ? Path.of(configured) : Path.of("..", "..", "shared");
        if (!Files.isDirectory(root)) {
            throw new IllegalStateException("shared data folder not found at " + root.toAbsolutePath()
                    + ": set -Dinkwell.shared or INKWELL_SHARED");
        }
        return root.toAbsolutePath().normalize();
    }

    public static Path mnist() {
        return root().resolve("datasets/mnist");
    }

    public static Path fashionMnist() {
        return root().resolve("datasets/fashion-mnist");
    }

    public static Path mnist8Onnx() {
        return root().resolve("models/mnist-8.onnx");
    }

    public static Path handwritten28px() {
        return root().resolve("samples/handwritten-28px");
    }

    public static Path kaggleRow() {
        return root().resolve("samples/kaggle-row.json");
    }
}
