package dev.inkwell.serving.batching;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.inkwell.image.GrayImage;
import dev.inkwell.image.RgbImage;
import dev.inkwell.inference.Classification;
import dev.inkwell.inference.ImageClassifier;
import dev.inkwell.inference.ModelCard;
import dev.inkwell.inference.OnnxImageClassifier;
import dev.inkwell.testing.SharedData;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/** Batching over the real mnist-8 session: concurrent callers share model calls and each gets its own answers. */
class BatchingClassifierTest {
    private static List<GrayImage> randomImages(int n, long seed) {
        Random random = new Random(seed);
        List<GrayImage> images = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            float[] px = new float[784];
            for (int p = 0; p < px.length; p++) px[p] = random.nextInt(8) == 0 ? 255 : 0;
            images.add(new GrayImage(28, 28, px));
        }
        return images;
    }

    @Test
    void concurrentCallersGetTheirOwnResultsFromSharedModelCalls() throws Exception {
        List<GrayImage> images = randomImages(96, 7);
        ConcurrentLinkedQueue<Integer> batchSizes = new ConcurrentLinkedQueue<>();
        try (ImageClassifier direct = OnnxImageClassifier.load(SharedData.mnist8Onnx(), null, 1);
             BatchingClassifier batching = new BatchingClassifier(OnnxImageClassifier.load(SharedData.mnist8Onnx(), null, 1),
                     16, Duration.ofMillis(2), 1, batchSizes::add)) {
            List<Classification> expected = direct.classify(images);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Classification>> answers = new ArrayList<>();
            try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
                for (GrayImage image : images) {
                    answers.add(threads.submit(() -> {
                        go.await();
                        return batching.classify(image);
                    }));
                }
                go.countDown();
                for (int i = 0; i < images.size(); i++) {
                    Classification got = answers.get(i).get();
                    assertThat(got.index()).as("image %d", i).isEqualTo(expected.get(i).index());
                    assertThat(got.probabilities()).containsExactly(expected.get(i).probabilities());
                }
            }
            assertThat(batchSizes.stream().mapToInt(Integer::intValue).sum()).isEqualTo(images.size());
            assertThat(batchSizes).allSatisfy(n -> assertThat(n).isBetween(1, 16));
            assertThat(batchSizes.stream().mapToInt(Integer::intValue).max().orElse(0)).isGreaterThan(1);
            // a multi-image call stays together and in order
            List<Classification> many = batching.classify(images.subList(0, 40));
            for (int i = 0; i < 40; i++) assertThat(many.get(i).index()).isEqualTo(expected.get(i).index());
        }
    }

    @Test
    void onlyABurstWaitsForMoreAndAPairThatMetDoesNotDelayTheNextCall() throws Exception {
        ConcurrentLinkedQueue<Integer> batchSizes = new ConcurrentLinkedQueue<>();
        List<GrayImage> images = randomImages(2, 3);
        try (BatchingClassifier batching = new BatchingClassifier(OnnxImageClassifier.load(SharedData.mnist8Onnx(), null, 1),
                8, Duration.ofSeconds(60), 1, batchSizes::add)) {
            for (int round = 0; round < 20; round++) { // pairs of calls that may or may not meet in one batch
                CountDownLatch go = new CountDownLatch(1);
                try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
                    for (GrayImage image : images) threads.submit(() -> {
                        go.await();
                        return batching.classify(image);
                    });
                    go.countDown();
                }
                long start = System.nanoTime();
                batching.classify(images.getFirst()); // alone: must not wait out the 60 s window
                assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(30));
            }
            assertThat(batchSizes.stream().mapToInt(Integer::intValue).sum()).isEqualTo(60);
        }
    }

    @Test
    void aLoneCallIsNotDelayedAndAClosedClassifierRefuses() {
        ConcurrentLinkedQueue<Integer> batchSizes = new ConcurrentLinkedQueue<>();
        BatchingClassifier batching = new BatchingClassifier(OnnxImageClassifier.load(SharedData.mnist8Onnx(), null, 1),
                8, Duration.ofSeconds(60), 2, batchSizes::add);
        long start = System.nanoTime();
        batching.classify(randomImages(1, 1).getFirst());
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(30)); // not the 60 s window
        assertThat(batchSizes).containsExactly(1);
        batching.close();
        assertThatThrownBy(() -> batching.classify(randomImages(1, 2))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
    }

    @Test
    void colourImagesGoStraightToTheModel() {
        ConcurrentLinkedQueue<Integer> batchSizes = new ConcurrentLinkedQueue<>();
        try (OnnxImageClassifier direct = OnnxImageClassifier.load(SharedData.mnist8Onnx(), null, 1);
             BatchingClassifier batching = new BatchingClassifier(OnnxImageClassifier.load(SharedData.mnist8Onnx(), null, 1),
                     8, Duration.ZERO, 1, batchSizes::add)) {
            List<RgbImage> colour = randomImages(3, 9).stream().map(g -> {
                float[] rgb = new float[g.pixels().length * 3];
                for (int i = 0; i < g.pixels().length; i++) rgb[3 * i] = g.pixels()[i]; // red ink only
                return new RgbImage(g.width(), g.height(), rgb);
            }).toList();
            List<Classification> expected = direct.classifyRgb(colour);
            List<Classification> actual = batching.classifyRgb(colour);
            for (int i = 0; i < colour.size(); i++) {
                assertThat(actual.get(i).probabilities()).containsExactly(expected.get(i).probabilities());
            }
            assertThat(batchSizes).isEmpty(); // not through the grey batching queue
        }
    }

    /**
     * The real mnist-8 session, watched: it records the thread of every call, holds its {@code holdCall}-th call (1 for
     * the first; 0 for none) until the test opens {@link #gate}, saying it {@link #entered}, and notes whether it was
     * closed while a call ran.
     */
    private static final class Watched implements ImageClassifier {
        final List<Thread> callers = new CopyOnWriteArrayList<>();
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch gate = new CountDownLatch(1);
        final AtomicBoolean closedDuringACall = new AtomicBoolean();
        private final OnnxImageClassifier model = OnnxImageClassifier.load(SharedData.mnist8Onnx(), null, 1);
        private final AtomicInteger calls = new AtomicInteger();
        private final AtomicInteger running = new AtomicInteger();
        private final int holdCall;

        Watched(int holdCall) {
            this.holdCall = holdCall;
        }

        @Override
        public ModelCard card() {
            return model.card();
        }

        @Override
        public List<Classification> classify(List<GrayImage> inputs) {
            callers.add(Thread.currentThread());
            running.incrementAndGet();
            try {
                if (calls.incrementAndGet() == holdCall) {
                    entered.countDown();
                    gate.await();
                }
                return model.classify(inputs);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            } finally {
                running.decrementAndGet();
            }
        }

        @Override
        public void close() {
            closedDuringACall.set(running.get() > 0);
            model.close();
        }
    }

    @Test
    void aBurstThatQueuedUpWaitsForLateComers() throws Exception {
        ConcurrentLinkedQueue<Integer> batchSizes = new ConcurrentLinkedQueue<>();
        Watched model = new Watched(1);
        List<GrayImage> images = randomImages(6, 21);
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try (BatchingClassifier batching = new BatchingClassifier(model, 16, Duration.ofSeconds(10), 1, batchSizes::add)) {
            List<Future<Classification>> calls = new ArrayList<>();
            calls.add(pool.submit(() -> batching.classify(images.get(0)))); // finds the model idle and holds it
            model.entered.await();
            for (int i = 1; i <= BatchingClassifier.LINGER_FROM; i++) {
                GrayImage image = images.get(i);
                calls.add(pool.submit(() -> batching.classify(image))); // a burst queues behind it
            }
            // the whole burst waits: the worker took its first and waits for the model, the rest are queued
            await(() -> batching.queued() == BatchingClassifier.LINGER_FROM - 1);
            model.gate.countDown();
            await(() -> batching.queued() == 0); // the worker took the burst and waits (up to 10 s) for more
            calls.add(pool.submit(() -> batching.classify(images.get(5))));
            for (Future<Classification> c : calls) c.get();
            assertThat(batchSizes).containsExactly(1, BatchingClassifier.LINGER_FROM + 1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aCallThatFindsTheModelIdleRunsOnItsOwnThreadAndCloseWaitsForIt() throws Exception {
        Watched model = new Watched(2); // the second call holds the model until the test opens the gate
        ConcurrentLinkedQueue<Integer> batchSizes = new ConcurrentLinkedQueue<>();
        BatchingClassifier batching = new BatchingClassifier(model, 8, Duration.ZERO, 2, batchSizes::add);
        List<GrayImage> images = randomImages(2, 5);
        assertThat(batching.classify(images.subList(0, 1))).hasSize(1);
        assertThat(model.callers).containsExactly(Thread.currentThread()); // no worker woken for a lone call
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<List<Classification>> held = threads.submit(() -> batching.classify(images));
            model.entered.await();
            Future<?> closing = threads.submit(batching::close);
            Thread.sleep(200);
            assertThat(closing).isNotDone(); // the model is not closed under a running call
            model.gate.countDown();
            assertThat(held.get()).hasSize(2);
            closing.get();
        }
        assertThat(model.callers.get(1).isVirtual()).isTrue(); // the held call ran on its caller's virtual thread
        assertThat(model.closedDuringACall).isFalse();
        assertThat(batchSizes).containsExactly(1, 2);
    }

    @Test
    void twoQuietCallsThatMeetBothRunOnTheirOwnThreads() throws Exception {
        Watched model = new Watched(1); // the first call holds the model until the test opens the gate
        ConcurrentLinkedQueue<Integer> batchSizes = new ConcurrentLinkedQueue<>();
        List<GrayImage> images = randomImages(2, 9);
        try (BatchingClassifier batching = new BatchingClassifier(model, 8, Duration.ZERO, 2, batchSizes::add);
             ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<Classification> held = threads.submit(() -> batching.classify(images.get(0)));
            try {
                model.entered.await();
                // a second call while the first runs: the other model call is free, so it runs at once on this
                // thread (handed over, it would have waited for a worker to wake and then for its own wake-up)
                assertThat(batching.classify(images.get(1)).index()).isBetween(0, 9);
                assertThat(model.callers.get(1)).isSameAs(Thread.currentThread());
                assertThat(held).isNotDone();
            } finally {
                model.gate.countDown(); // a failed check must not leave the held call (and the test) waiting
            }
            assertThat(held.get().index()).isBetween(0, 9);
        }
        assertThat(model.callers).hasSize(2).allMatch(t -> !t.getName().startsWith("inkwell-batch-"));
        assertThat(batchSizes).containsExactlyInAnyOrder(1, 1);
    }

    @Test
    void underASteadyStreamCallsGoThroughTheWorkersAndShareModelCalls() throws Exception {
        ConcurrentLinkedQueue<Integer> batchSizes = new ConcurrentLinkedQueue<>();
        Watched model = new Watched(0);
        List<GrayImage> images = randomImages(16, 11);
        try (BatchingClassifier batching = new BatchingClassifier(model, 8, Duration.ZERO, 2, batchSizes::add);
             ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> streams = new ArrayList<>();
            for (GrayImage image : images) {
                streams.add(threads.submit(() -> {
                    for (int i = 0; i < 40; i++) assertThat(batching.classify(image).index()).isBetween(0, 9);
                    return null;
                }));
            }
            for (Future<?> f : streams) f.get();
        }
        long onCallers = model.callers.stream().filter(Thread::isVirtual).count();
        // 640 calls from 16 callers come far less than 1 ms apart: after the first few (the server was quiet until
        // then) they queue for the workers, which batch them
        assertThat(onCallers).isLessThan(100);
        assertThat(model.callers.size() - onCallers).isGreaterThan(0);
        assertThat(batchSizes.stream().mapToInt(Integer::intValue).sum()).isEqualTo(640);
        assertThat(batchSizes.stream().mapToInt(Integer::intValue).max().orElse(0)).isGreaterThan(1);
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) throw new AssertionError("timed out after 60 s");
            Thread.sleep(5);
        }
    }
}
