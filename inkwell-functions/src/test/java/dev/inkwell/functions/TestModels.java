package dev.inkwell.functions;

import dev.inkwell.functions.builtin.ServingRecognizers;
import dev.inkwell.serving.endpoint.EndpointSpec;
import dev.inkwell.testing.SharedData;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Real endpoints for tests: mnist-8 (the ONNX model zoo's, as seed 001 uploads it) on ONNX Runtime, loaded once per JVM. */
public final class TestModels {
    private static ServingRecognizers shared;

    private TestModels() {
    }

    /** The endpoint "default" serving mnist-8, shared by the tests of a run. */
    public static synchronized ServingRecognizers mnist8() {
        if (shared == null) shared = serving(List.of(new EndpointSpec("default", SharedData.mnist8Onnx().toString())));
        return shared;
    }

    /** Endpoints of their own (the caller closes {@code endpoints()}). */
    public static ServingRecognizers serving(List<EndpointSpec> specs) {
        return ServingRecognizers.local(specs, null);
    }

    /** A handwritten digit of ../shared (28×28 PNG, white on black). */
    public static byte[] digit(int d) {
        return read(SharedData.handwritten28px().resolve(d + ".png"));
    }

    /** A picture of the inference module's test fixtures ({@code 207__three-digits.png}…). */
    public static byte[] fixture(String name) {
        return read(Path.of("..", "inkwell-inference", "src", "test", "resources", "fixtures", name));
    }

    private static byte[] read(Path p) {
        try {
            return Files.readAllBytes(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
