package dev.inkwell.monitor.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.inkwell.bucket.Buckets;
import dev.inkwell.monitor.TestModels;
import dev.inkwell.monitor.capture.CaptureOptions;
import dev.inkwell.monitor.capture.CaptureWriter;
import dev.inkwell.recognition.Recognition;
import dev.inkwell.registry.endpoint.CaptureSettings;
import dev.inkwell.serving.PredictionEvent;
import dev.inkwell.serving.input.PredictInput;
import dev.inkwell.testing.SharedData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What capture adds to a request's own thread: the time of {@link CaptureWriter#onPrediction} for a real answered
 * 28×28 PNG request, every request captured, at about 1,000 requests a second (the writer encoding and writing to a
 * real folder bucket on its own thread meanwhile), against the same call with capture off. The server-level side by
 * side is bench/capture.sh.
 */
class CaptureRequestPathTest {
    private static final Logger LOG = LoggerFactory.getLogger(CaptureRequestPathTest.class);
    private static final int CALLS = 3_000;

    @TempDir
    Path dir;

    @Test
    void captureAddsMicrosecondsToTheRequestThread() throws Exception {
        TestModels.TestModel model = TestModels.model("mnist");
        byte[] png = Files.readAllBytes(SharedData.handwritten28px().resolve("7.png"));
        List<Recognition> read = model.readPictures(List.of(png));
        List<PredictInput> inputs = List.of(new PredictInput.EncodedImage(png, "body"));
        CaptureSettings on = new CaptureSettings(100, null);
        try (Buckets buckets = Buckets.folder(dir.resolve("buckets"));
             CaptureWriter writer = CaptureWriter.start(buckets, CaptureOptions.defaults())) {
            double[] off = time(writer, model.event("mnist", "a", false, inputs, read, CaptureSettings.OFF, Instant.now()));
            double[] with = time(writer, model.event("mnist", "a", false, inputs, read, on, Instant.now()));
            writer.close();
            LOG.info("onPrediction per request, {} calls at ~1,000/s: capture off p50 {} µs p99 {} µs; capture 100 % p50 {} µs p99 {} µs; "
                    + "{} records written, {} dropped", CALLS, f(off[0]), f(off[1]), f(with[0]), f(with[1]), writer.captured(), writer.dropped());
            System.out.printf(Locale.ROOT, "capture on the request thread: p50 %.1f µs, p99 %.1f µs (off: %.1f / %.1f µs)%n", with[0], with[1], off[0], off[1]);
            assertThat(writer.captured()).isEqualTo(2L * CALLS); // the warm-up's and the timed calls'
            assertThat(with[0]).as("p50 µs").isLessThan(100);
        }
    }

    /** p50 and p99 of the call's time in µs, after as many untimed calls; paced to ~1,000 calls a second. */
    private static double[] time(CaptureWriter writer, PredictionEvent event) {
        double[] micros = new double[CALLS];
        for (int round = 0; round < 2; round++) {
            for (int i = 0; i < CALLS; i++) {
                long start = System.nanoTime();
                writer.onPrediction(event);
                micros[i] = (System.nanoTime() - start) / 1e3;
                LockSupport.parkNanos(1_000_000);
            }
        }
        Arrays.sort(micros);
        return new double[] {micros[CALLS / 2], micros[(int) Math.ceil(CALLS * 0.99) - 1]};
    }

    private static String f(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }
}
