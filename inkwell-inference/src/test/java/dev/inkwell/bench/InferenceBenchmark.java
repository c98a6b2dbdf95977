package dev.inkwell.bench;

import dev.inkwell.image.GrayImage;
import dev.inkwell.inference.Classification;
import dev.inkwell.inference.OnnxImageClassifier;
import dev.inkwell.testing.SharedData;
import dev.inkwell.testkit.Mnist8;
import java.util.List;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * mnist-8 on ONNX Runtime (1 intra-op thread): latency of one {@code classify} call holding 1 or 64 MNIST digits,
 * and throughput in calls per second. mnist-8's batch dimension is fixed at 1, so a batch of 64 is 64 session runs
 * inside one call. Run with {@code bench/recognition.sh}; figures in docs/recognition.md.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Djava.awt.headless=true"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 2)
public class InferenceBenchmark {
    @Param({"1", "64"})
    public int batch;

    private OnnxImageClassifier classifier;
    private List<GrayImage> inputs;

    @Setup(Level.Trial)
    public void setUp() {
        classifier = OnnxImageClassifier.load(SharedData.mnist8Onnx(), null, 1);
        inputs = Mnist8.testImages(batch);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        classifier.close();
    }

    /** Latency of one call. */
    @Benchmark
    public List<Classification> classify() {
        return classifier.classify(inputs);
    }

    /** Calls per second (for batch 64, images per second is 64 times this). */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public List<Classification> classifyThroughput() {
        return classifier.classify(inputs);
    }

    public static void main(String[] args) throws RunnerException {
        new Runner(new OptionsBuilder().include(InferenceBenchmark.class.getSimpleName()).build()).run();
    }
}
