package dev.inkwell.monitor.capture;

import dev.inkwell.bucket.Buckets;
import dev.inkwell.image.GrayImage;
import dev.inkwell.inference.ClassScore;
import dev.inkwell.inference.Classification;
import dev.inkwell.model.ModelFiles;
import dev.inkwell.preprocess.Box;
import dev.inkwell.recognition.DigitReading;
import dev.inkwell.recognition.Recognition;
import dev.inkwell.recognition.Timings;
import dev.inkwell.registry.endpoint.CaptureSettings;
import dev.inkwell.serving.PredictionEvent;
import dev.inkwell.serving.endpoint.ResolvedModel;
import dev.inkwell.serving.input.PredictInput;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The process {@link CaptureKillTest} kills: captures readings without end, printing {@code ack SEQ MILLIS} once the
 * listener call for reading SEQ returned (its input's bytes are "seq-SEQ", so the record names it), and
 * {@code written MILLIS} each time a capture object was written.
 * Arguments: the buckets folder and the flush interval in milliseconds.
 */
public final class CaptureChild {
    private CaptureChild() {
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(args[0]);
        Duration interval = Duration.ofMillis(Long.parseLong(args[1]));
        PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
        float[] p = new float[10];
        p[7] = 0.97f;
        p[1] = 0.03f;
        Classification c = new Classification(7, "7", 0.97f, p, List.of(new ClassScore(7, "7", 0.97f), new ClassScore(1, "1", 0.03f)));
        float[] pixels = new float[28 * 28];
        for (int y = 6; y < 22; y++) pixels[y * 28 + 14] = 255;
        Recognition r = new Recognition(List.of(new DigitReading(new Box(0, 0, 28, 28), new GrayImage(28, 28, pixels), c)), "7", null,
                new Timings(0, 50));
        ResolvedModel model = new ResolvedModel("file:none", "child", "1", "sha", ModelFiles.in(root.resolve("no-model")));
        CaptureSettings capture = new CaptureSettings(100, "s3://captures/");
        Buckets buckets = Buckets.folder(root);
        CaptureWriter writer = CaptureWriter.start(buckets, CaptureOptions.defaults().withFlushInterval(interval).withReplicaId("child"));
        // when each capture object was written: the parent judges losses against the last write the writer got to make
        writer.addWrittenListener((bucket, key, records) -> {
            synchronized (out) {
                out.println("written " + System.currentTimeMillis());
                out.flush();
            }
        });
        out.println("ready");
        out.flush();
        for (long seq = 0; ; seq++) {
            byte[] input = ("seq-" + seq).getBytes(StandardCharsets.US_ASCII);
            writer.onPrediction(new PredictionEvent("kill", "primary", model, false, List.of(new PredictInput.EncodedImage(input, "body")),
                    List.of(r), List.of(), capture, Instant.now(), 100_000));
            synchronized (out) {
                out.println("ack " + seq + " " + System.currentTimeMillis());
                out.flush();
            }
            Thread.sleep(2);
        }
    }
}
