package dev.inkwell.monitor.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.offset;

import com.fasterxml.jackson.databind.JsonNode;
import dev.inkwell.bucket.Buckets;
import dev.inkwell.bucket.folder.FolderStore;
import dev.inkwell.core.Json;
import dev.inkwell.image.GrayImage;
import dev.inkwell.image.GrayImages;
import dev.inkwell.image.ImageDecoder;
import dev.inkwell.monitor.TestModels;
import dev.inkwell.recognition.Recognition;
import dev.inkwell.registry.endpoint.CaptureSettings;
import dev.inkwell.serving.PredictionEvent;
import dev.inkwell.serving.input.PredictInput;
import dev.inkwell.testing.SharedData;
import java.lang.ref.WeakReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The capture writer with a real model's events and a real folder bucket. */
class CaptureWriterTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Instant AT = Instant.parse("2026-11-23T10:15:02.123Z");
    private static final CaptureSettings ALL = new CaptureSettings(100, "s3://captures/traffic");

    @TempDir
    Path temp;

    private final TestModels.TestModel model = TestModels.model("mnist-compact");

    private static CaptureOptions fast() {
        return CaptureOptions.defaults().withFlushInterval(Duration.ofMillis(200)).withReplicaId("test");
    }

    private List<GrayImage> digits(int skip, int count) {
        return TestModels.images(SharedData.mnist(), "test", skip, count);
    }

    @Test
    void recordsRoundTripInSageMakersShape() throws Exception {
        List<byte[]> pictures = List.of(Files.readAllBytes(SharedData.handwritten28px().resolve("7.png")),
                Files.readAllBytes(SharedData.handwritten28px().resolve("3.png")));
        PredictionEvent batch = model.picturesEvent("mnist", "primary", pictures, ALL, AT);
        List<GrayImage> rows = digits(0, 1);
        PredictionEvent row = model.pixelsEvent("mnist", rows, ALL, AT.plusMillis(5));
        PredictionEvent shadow = model.event("mnist", "challenger", true, batch.inputs(), batch.recognitions(), ALL, AT.plusMillis(7));

        try (Buckets buckets = Buckets.folder(temp)) {
            try (CaptureWriter writer = CaptureWriter.start(buckets, fast())) {
                writer.onPrediction(batch);
                writer.onPrediction(row);
                writer.onPrediction(shadow);
            }
            Map<String, List<CaptureRecord>> objects = StoredCaptures.objects(buckets, "captures");
            assertThat(objects.keySet()).hasSize(2).allMatch(k -> k.matches("traffic/mnist/(primary|challenger)/2026/11/23/10/15-02-1\\d\\d-test-\\d{6}\\.jsonl"));
            List<CaptureRecord> records = objects.values().stream().flatMap(List::stream).toList();
            assertThat(records).hasSize(5);

            CaptureRecord first = records.stream().filter(r -> r.inkwell().variant().equals("primary") && r.inkwell().inputIndex() == 0
                    && r.captureData().endpointInput().encoding().equals("BASE64")).findFirst().orElseThrow();
            assertThat(first.eventVersion()).isEqualTo("0");
            assertThat(first.captureData().endpointInput().observedContentType()).isEqualTo("image/png");
            assertThat(first.captureData().endpointInput().mode()).isEqualTo("INPUT");
            assertThat(Base64.getDecoder().decode(first.captureData().endpointInput().data())).isEqualTo(pictures.get(0));
            assertThat(first.captureData().endpointOutput().mode()).isEqualTo("OUTPUT");
            assertThat(first.captureData().endpointOutput().encoding()).isEqualTo("JSON");
            assertThat(first.captureData().endpointOutput().observedContentType()).isEqualTo("application/json");
            JsonNode answer = Json.mapper().readTree(first.captureData().endpointOutput().data());
            assertThat(answer.get("label").asText()).isEqualTo(batch.recognitions().get(0).primary().classification().name()).isEqualTo("7");
            assertThat(answer.get("endpoint").asText()).isEqualTo("mnist");
            assertThat(answer.get("model").get("name").asText()).isEqualTo("mnist-compact");
            assertThat(answer.get("probabilities")).hasSize(10);
            assertThat(first.eventMetadata().inferenceTime()).isEqualTo("2026-11-23T10:15:02.123Z");
            assertThat(first.inkwell().latencyMs()).isEqualTo(1.235);
            assertThat(first.inkwell().probabilities()).containsExactly(batch.recognitions().get(0).primary().classification().probabilities());
            GrayImage seen = GrayImages.luminance(ImageDecoder.decode(Base64.getDecoder().decode(first.inkwell().modelInput())));
            assertThat(seen.width()).isEqualTo(28);
            float[] expected = batch.recognitions().get(0).primary().modelInput().pixels();
            for (int i = 0; i < expected.length; i++) assertThat(seen.pixels()[i]).isCloseTo(Math.round(expected[i]), offset(0.01f));

            // a batch's records share their request's inferenceId; every record has its own eventId
            List<CaptureRecord> primaryBatch = records.stream().filter(r -> r.inkwell().variant().equals("primary")
                    && r.captureData().endpointInput().encoding().equals("BASE64")).toList();
            assertThat(primaryBatch).hasSize(2).extracting(r -> r.eventMetadata().inferenceId()).containsOnly(first.eventMetadata().inferenceId());
            assertThat(records.stream().map(r -> r.eventMetadata().eventId()).distinct().count()).isEqualTo(5);

            CaptureRecord pixels = records.stream().filter(r -> r.captureData().endpointInput().encoding().equals("CSV")).findFirst().orElseThrow();
            assertThat(pixels.captureData().endpointInput().observedContentType()).isEqualTo("text/csv");
            assertThat(pixels.captureData().endpointInput().data().split(",")).hasSize(784);
            assertThat(pixels.eventMetadata().inferenceId()).isNotEqualTo(first.eventMetadata().inferenceId());

            List<CaptureRecord> shadows = objects.entrySet().stream().filter(e -> e.getKey().contains("/challenger/"))
                    .flatMap(e -> e.getValue().stream()).toList();
            assertThat(shadows).hasSize(2).allMatch(r -> r.inkwell().shadow());
        }
    }

    @Test
    void recordsGoToTheHourOfTheirRequest() {
        List<GrayImage> rows = digits(0, 2);
        try (Buckets buckets = Buckets.folder(temp)) {
            try (CaptureWriter writer = CaptureWriter.start(buckets, fast())) {
                writer.onPrediction(model.pixelsEvent("mnist", rows.subList(0, 1), ALL, Instant.parse("2026-11-23T10:59:59.950Z")));
                writer.onPrediction(model.pixelsEvent("mnist", rows.subList(1, 2), ALL, Instant.parse("2026-11-23T11:00:00.010Z")));
            }
            assertThat(StoredCaptures.objects(buckets, "captures").keySet())
                    .anyMatch(k -> k.startsWith("traffic/mnist/primary/2026/11/23/10/59-59-950-test-"))
                    .anyMatch(k -> k.startsWith("traffic/mnist/primary/2026/11/23/11/00-00-010-test-"))
                    .hasSize(2);
        }
    }

    @Test
    void samplingTakesItsPercentageOfRequests() {
        List<GrayImage> one = digits(0, 1);
        List<Recognition> read = model.readPixels(one);
        List<PredictInput> inputs = List.of(new PredictInput.ModelPixels(one.getFirst(), "body"));
        SplittableRandom seeded = new SplittableRandom(7);
        try (Buckets buckets = Buckets.folder(temp)) {
            CaptureWriter writer = CaptureWriter.start(buckets, fast(), ModelCardLookup.fromFiles(), () -> seeded);
            for (int i = 0; i < 2000; i++) {
                writer.onPrediction(model.event("thirty", "primary", false, inputs, read, new CaptureSettings(30, "s3://captures/"), AT));
                writer.onPrediction(model.event("off", "primary", false, inputs, read, CaptureSettings.OFF, AT));
                writer.onPrediction(model.event("every", "primary", false, inputs, read, new CaptureSettings(100, "s3://captures/"), AT));
            }
            writer.close();
            List<CaptureRecord> records = StoredCaptures.records(buckets, "captures");
            long thirty = records.stream().filter(r -> r.inkwell().endpoint().equals("thirty")).count();
            // binomial(2000, 0.3): mean 600, sd 20.5; the seed makes it exact, the bounds make it honest
            assertThat(thirty).isBetween(540L, 660L);
            assertThat(records.stream().filter(r -> r.inkwell().endpoint().equals("every")).count()).isEqualTo(2000);
            assertThat(records).noneMatch(r -> r.inkwell().endpoint().equals("off"));
            assertThat(writer.captured()).isEqualTo(2000 + thirty);
            assertThat(writer.dropped()).isZero();
        }
    }

    /**
     * A reading that arrives after a short quiet spell is still encoded within moments, not held (with its picture and
     * recognition) until the next flush: the writer dropped into its idle wait after one empty 10-ms window, and at a
     * few hundred requests a second half a second of readings piled up on the heap (found by the young collections'
     * survivor sizes in bench/capture.sh). Seen through the event itself: once encoded, nothing holds it.
     */
    @Test
    void aReadingAfterAQuietSpellIsEncodedWithoutWaitingForTheFlush() throws Exception {
        List<GrayImage> rows = digits(0, 1);
        List<Recognition> read = model.readPixels(rows);
        List<PredictInput> inputs = List.of(new PredictInput.ModelPixels(rows.getFirst(), "row"));
        try (Buckets buckets = Buckets.folder(temp);
             CaptureWriter writer = CaptureWriter.start(buckets, CaptureOptions.defaults().withFlushInterval(Duration.ofSeconds(60)))) {
            writer.onPrediction(model.event("mnist", "primary", false, inputs, read, ALL, AT));
            Thread.sleep(100); // ten of the writer's 10-ms waits with nothing arriving
            WeakReference<PredictionEvent> second = offerUnreferenced(writer, inputs, read);
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos(); // the flush comes after 30 s
            while (second.get() != null && System.nanoTime() < deadline) {
                System.gc();
                Thread.sleep(20);
            }
            assertThat(second.get()).as("the second reading, encoded and let go long before the flush").isNull();
            assertThat(writer.pending()).isEqualTo(2); // neither written yet: both wait for the flush, as lines
        }
    }

    private WeakReference<PredictionEvent> offerUnreferenced(CaptureWriter writer, List<PredictInput> inputs, List<Recognition> read) {
        PredictionEvent e = model.event("mnist", "primary", false, inputs, read, ALL, AT);
        writer.onPrediction(e);
        return new WeakReference<>(e);
    }

    @Test
    void gracefulCloseLosesNothing() throws Exception {
        List<GrayImage> rows = digits(0, 10);
        List<Recognition> read = model.readPixels(rows);
        List<PredictInput> inputs = new ArrayList<>();
        for (GrayImage g : rows) inputs.add(new PredictInput.ModelPixels(g, "row"));
        try (Buckets buckets = Buckets.folder(temp)) {
            // nothing is flushed while the readings arrive; the buffer holds them all (72 MB of inputs)
            CaptureWriter writer = CaptureWriter.start(buckets, CaptureOptions.defaults().withFlushInterval(Duration.ofSeconds(30))
                    .withMaxBufferedBytes(256L << 20));
            try (ExecutorService threads = Executors.newFixedThreadPool(4)) {
                List<Future<?>> done = new ArrayList<>();
                for (int t = 0; t < 4; t++) {
                    done.add(threads.submit(() -> {
                        for (int i = 0; i < 250; i++) writer.onPrediction(model.event("mnist", "primary", false, inputs, read, ALL, AT));
                    }));
                }
                for (Future<?> f : done) f.get();
            }
            writer.close();
            assertThat(StoredCaptures.records(buckets, "captures").size()).isEqualTo(10_000);
            assertThat(writer.captured()).isEqualTo(10_000);
            assertThat(writer.dropped() + writer.lost() + writer.flushFailures()).isZero();
            assertThat(writer.pending()).isZero();
            assertThat(writer.bytesWritten()).isEqualTo(Files.walk(temp.resolve("captures")).filter(Files::isRegularFile)
                    .mapToLong(p -> p.toFile().length()).sum());
        }
    }

    @Test
    void aFailingBucketNeverFailsAPredictionAndIsCounted() {
        List<GrayImage> one = digits(0, 1);
        PredictionEvent event = model.pixelsEvent("mnist", one, ALL, AT);
        FlakyStore store = new FlakyStore(new FolderStore(temp));
        store.failing = true;
        try (Buckets buckets = Buckets.of(store)) {
            CaptureWriter writer = CaptureWriter.start(buckets, fast().withMaxAttempts(3));
            for (int i = 0; i < 50; i++) assertThatCode(() -> writer.onPrediction(event)).doesNotThrowAnyException();
            StoredCaptures.await("three failed attempts", WAIT, () -> writer.lost() == 50);
            assertThat(writer.flushFailures()).isGreaterThanOrEqualTo(3);
            assertThat(writer.captured()).isZero();

            // the store comes back: later readings get through, earlier ones stay counted as lost
            store.failing = false;
            for (int i = 0; i < 5; i++) writer.onPrediction(event);
            StoredCaptures.await("the store to take captures again", WAIT, () -> writer.captured() == 5);
            writer.close();
            assertThat(StoredCaptures.records(buckets, "captures").size()).isEqualTo(5);
            assertThat(writer.lost()).isEqualTo(50);
        }
    }

    @Test
    void aFailedPutIsRetriedAndThenSucceeds() {
        List<GrayImage> one = digits(0, 1);
        PredictionEvent event = model.pixelsEvent("mnist", one, ALL, AT);
        FlakyStore store = new FlakyStore(new FolderStore(temp));
        store.failing = true;
        try (Buckets buckets = Buckets.of(store)) {
            CaptureWriter writer = CaptureWriter.start(buckets, fast().withMaxAttempts(1000));
            for (int i = 0; i < 20; i++) writer.onPrediction(event);
            StoredCaptures.await("a failed put", WAIT, () -> writer.flushFailures() >= 2);
            store.failing = false;
            StoredCaptures.await("the retried put", WAIT, () -> writer.captured() == 20);
            writer.close();
            assertThat(writer.lost()).isZero();
            assertThat(StoredCaptures.records(buckets, "captures").size()).isEqualTo(20);
        }
    }

    @Test
    void aFullBufferDropsAndCountsWithoutWaiting() {
        List<GrayImage> one = digits(0, 1);
        PredictionEvent event = model.pixelsEvent("mnist", one, ALL, AT);
        FlakyStore store = new FlakyStore(new FolderStore(temp));
        CountDownLatch hold = new CountDownLatch(1);
        store.hold = hold; // every write hangs until released: the writing thread is stuck in a put
        try (Buckets buckets = Buckets.of(store)) {
            CaptureWriter writer = CaptureWriter.start(buckets, fast().withMaxBufferedRequests(10));
            writer.onPrediction(event);
            StoredCaptures.await("the writer to be stuck writing the first reading", WAIT, () -> store.heldWrites.get() > 0);
            assertThat(writer.pending()).as("a reading being written is still in the buffer").isEqualTo(1);
            long started = System.nanoTime();
            for (int i = 0; i < 100; i++) writer.onPrediction(event);
            long tookMs = (System.nanoTime() - started) / 1_000_000;
            assertThat(writer.dropped()).isEqualTo(91);
            assertThat(writer.pending()).isEqualTo(10);
            assertThat(tookMs).as("listener calls never wait for the store").isLessThan(WAIT.toMillis());
            hold.countDown();
            writer.close();
            assertThat(writer.captured()).isEqualTo(10);
            assertThat(writer.pending()).isZero();
            assertThat(StoredCaptures.records(buckets, "captures").size()).isEqualTo(10);
        }
    }

    @Test
    void listenersAreToldOfTheRecordsTheyWant() throws Exception {
        List<byte[]> pictures = List.of(Files.readAllBytes(SharedData.handwritten28px().resolve("7.png")),
                Files.readAllBytes(SharedData.handwritten28px().resolve("3.png")));
        PredictionEvent batch = model.picturesEvent("mnist", "primary", pictures, ALL, AT);
        List<List<CaptureRecord>> told = new CopyOnWriteArrayList<>();
        try (Buckets buckets = Buckets.folder(temp)) {
            try (CaptureWriter writer = CaptureWriter.start(buckets, fast())) {
                writer.addWrittenListener(new CaptureWriter.WrittenListener() {
                    @Override
                    public void written(String bucket, String key, List<CaptureRecord> records) {
                        told.add(records);
                    }

                    @Override
                    public boolean wants(PredictionEvent event, int input) {
                        return input == 1;
                    }
                });
                writer.onPrediction(batch);
                writer.onPrediction(batch);
            }
            List<CaptureRecord> stored = StoredCaptures.records(buckets, "captures");
            assertThat(stored).hasSize(4);
            List<CaptureRecord> kept = told.stream().flatMap(List::stream).toList();
            assertThat(kept).hasSize(2).allMatch(r -> r.inkwell().inputIndex() == 1);
            // what a listener is given is what the bucket holds
            for (CaptureRecord r : kept) {
                CaptureRecord same = stored.stream().filter(s -> s.eventMetadata().eventId().equals(r.eventMetadata().eventId())).findFirst().orElseThrow();
                assertThat(same).usingRecursiveComparison().isEqualTo(r);
            }
        }
    }

    @Test
    void theByteBoundDropsWhatWouldNotFit() {
        List<GrayImage> one = digits(0, 1);
        PredictionEvent event = model.pixelsEvent("mnist", one, ALL, AT);
        try (Buckets buckets = Buckets.folder(temp)) {
            CaptureWriter writer = CaptureWriter.start(buckets, CaptureOptions.defaults().withFlushInterval(Duration.ofSeconds(30))
                    .withMaxBufferedBytes(3 * 7_232L));  // room for three readings of a 28×28 row (3,136 + 4,096 bytes each)
            for (int i = 0; i < 10; i++) writer.onPrediction(event);
            assertThat(writer.pending()).isEqualTo(3);
            assertThat(writer.dropped()).isEqualTo(7);
            writer.close();
            assertThat(writer.captured()).isEqualTo(3);
        }
    }

    @Test
    void readingsAfterCloseAreCountedAsDropped() {
        List<GrayImage> one = digits(0, 1);
        PredictionEvent event = model.pixelsEvent("mnist", one, ALL, AT);
        try (Buckets buckets = Buckets.folder(temp)) {
            CaptureWriter writer = CaptureWriter.start(buckets, fast());
            writer.close();
            writer.onPrediction(event);
            assertThat(writer.dropped()).isEqualTo(1);
            assertThat(StoredCaptures.records(buckets, "captures").size()).isZero();
        }
    }

    @Test
    void replicasNeverOverwriteEachOther() {
        List<GrayImage> one = digits(0, 1);
        PredictionEvent event = model.pixelsEvent("mnist", one, ALL, AT);
        try (Buckets buckets = Buckets.folder(temp)) {
            Set<String> replicas = new HashSet<>();
            for (int r = 0; r < 3; r++) {
                try (CaptureWriter writer = CaptureWriter.start(buckets, CaptureOptions.defaults())) {
                    replicas.add(writer.options().replicaId());
                    writer.onPrediction(event);
                }
            }
            assertThat(replicas).hasSize(3);
            assertThat(StoredCaptures.objects(buckets, "captures")).hasSize(3);
        }
    }
}
