package dev.inkwell.bench;

import dev.inkwell.image.ImageDecoder;
import dev.inkwell.preprocess.PreprocessOptions;
import dev.inkwell.preprocess.PreprocessResult;
import dev.inkwell.preprocess.Preprocessor;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Preprocessing time per picture (MNIST profile, defaults): a 28×28 export, a 600×600 canvas, a 1200×900 JPEG
 * photo, decoded beforehand. Run with {@code bench/recognition.sh}; figures in docs/recognition.md.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Djava.awt.headless=true"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 2)
public class PreprocessBenchmark {
    @Param({"28px-export", "600px-canvas", "1200px-photo"})
    public String picture;

    private BufferedImage image;
    private Preprocessor preprocessor;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        image = ImageDecoder.decode(bytes(switch (picture) {
            case "28px-export" -> "/fixtures/7__white-on-black-28px.png";
            case "600px-canvas" -> "/fixtures/3__canvas-600-thick-pen.png";
            default -> "/fixtures/3__photo-grey-paper-shadow.jpg";
        }));
        preprocessor = new Preprocessor(PreprocessOptions.DEFAULT);
    }

    private static byte[] bytes(String resource) throws IOException {
        try (InputStream in = PreprocessBenchmark.class.getResourceAsStream(resource)) {
            if (in == null) throw new IOException("missing " + resource);
            return in.readAllBytes();
        }
    }

    @Benchmark
    public PreprocessResult preprocess() {
        return preprocessor.process(image);
    }

    public static void main(String[] args) throws RunnerException {
        new Runner(new OptionsBuilder().include(PreprocessBenchmark.class.getSimpleName()).build()).run();
    }
}
