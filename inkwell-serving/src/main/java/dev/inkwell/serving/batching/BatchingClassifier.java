package dev.inkwell.serving.batching;

import dev.inkwell.image.GrayImage;
import dev.inkwell.image.RgbImage;
import dev.inkwell.inference.Classification;
import dev.inkwell.inference.ImageClassifier;
import dev.inkwell.inference.ModelCard;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Shares model calls between concurrent callers: each {@link #classify} call queues its images and waits; worker
 * threads take whatever is queued (up to {@code maxBatch} images) and run it as one model call. A worker lingers up
 * to {@code maxWait} for more only when it found a burst already waiting ({@value #LINGER_FROM} or more requests);
 * a lone request, or two that happen to meet, are never delayed: on a CPU a batch saves little per image, so waiting
 * only pays when requests pile up. On a quiet server a call that finds nothing queued and a model call free runs its
 * images itself, on its own thread, even beside another such call: handing them to a worker and waking the caller again
 * cost two thread wake-ups, about a quarter of a small request's time at ~300 requests a second (two requests that
 * meet there were handed over until stop 37, and the model call's p99 was twice as long). At most {@code workers} model
 * calls run at once either way. The delegate is owned and closed with this classifier.
 */
public final class BatchingClassifier implements ImageClassifier {
    private static final Logger LOG = LoggerFactory.getLogger(BatchingClassifier.class);
    /** Requests found waiting at once that show a burst worth lingering for. */
    static final int LINGER_FROM = 4;
    /**
     * A call runs its own images only while calls come this far apart on average (below ~1,000 a second): under load
     * the model is idle for moments too, but there a call run on a request's own thread holds one of the few carrier
     * threads and forgoes a batch (at 32 clients: ~10 % fewer requests a second and twice the p99 without this test).
     */
    static final long QUIET_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    /** A longer pause counts as this long in the mean, so that load that comes back is seen within ~20 calls. */
    private static final long GAP_CAP_NANOS = 10 * QUIET_NANOS;

    private final ImageClassifier delegate;
    private final int maxBatch;
    private final long maxWaitNanos;
    private final IntConsumer batchSizes;
    private final BlockingQueue<Job> queue = new LinkedBlockingQueue<>();
    private final List<Thread> workers = new ArrayList<>();
    /** One per worker: held by whoever runs a model call, a worker or a caller running its own images. */
    private final Semaphore modelCalls;
    /** When the latest call came ({@link System#nanoTime}). */
    private final AtomicLong lastCall = new AtomicLong(System.nanoTime() - GAP_CAP_NANOS);
    /** Mean time between calls, an exponential average over ~8 calls (updated racily: it only steers). */
    private volatile long meanGap = GAP_CAP_NANOS;
    private volatile boolean closed;

    private record Job(List<GrayImage> inputs, CompletableFuture<List<Classification>> result) {
    }

    private static final Job STOP = new Job(List.of(), null);

    /**
     * @param batchSizes told the number of images of every model call (for metrics)
     */
    public BatchingClassifier(ImageClassifier delegate, int maxBatch, Duration maxWait, int workerCount, IntConsumer batchSizes) {
        if (maxBatch < 1 || workerCount < 1) throw new IllegalArgumentException("maxBatch and workers must be >= 1");
        this.delegate = delegate;
        this.maxBatch = maxBatch;
        this.maxWaitNanos = maxWait.toNanos();
        this.batchSizes = batchSizes;
        this.modelCalls = new Semaphore(workerCount);
        String name = delegate.card() == null ? "model" : delegate.card().name();
        for (int i = 0; i < workerCount; i++) {
            Thread t = Thread.ofPlatform().daemon().name("inkwell-batch-" + name + "-" + i).unstarted(this::work);
            workers.add(t);
            t.start();
        }
    }

    /** Requests waiting for a worker (tests wait on it instead of sleeping). */
    int queued() {
        return queue.size();
    }

    @Override
    public ModelCard card() {
        return delegate.card();
    }

    /** Colour images go straight to the model (it decides: colour planes or luma); only grey requests are batched. */
    @Override
    public List<Classification> classifyRgb(List<RgbImage> inputs) {
        return delegate.classifyRgb(inputs);
    }

    @Override
    public List<Classification> classify(List<GrayImage> inputs) {
        if (inputs.isEmpty()) return List.of();
        if (closed) throw new IllegalStateException("the classifier is closed");
        if (quiet() && queue.isEmpty() && modelCalls.tryAcquire()) {
            try { // a model call is free: no hand-off (close() waits for this call before it closes the model)
                List<Classification> results = delegate.classify(inputs);
                batchSizes.accept(inputs.size());
                return results;
            } finally {
                modelCalls.release();
            }
        }
        Job job = new Job(List.copyOf(inputs), new CompletableFuture<>());
        queue.add(job);
        if (closed) failPending(); // raced with close(): no worker may be left to take it
        try {
            return job.result().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the model", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            if (e.getCause() instanceof Error err) throw err;
            throw new IllegalStateException(e.getCause());
        }
    }

    /** Whether calls come far enough apart that one may skip the queue (and records this call). */
    private boolean quiet() {
        long now = System.nanoTime();
        long gap = Math.min(GAP_CAP_NANOS, now - lastCall.getAndSet(now));
        long before = meanGap;
        long mean = before + (gap - before) / 8;
        meanGap = mean;
        return mean >= QUIET_NANOS;
    }

    private void work() {
        Job carry = null;
        List<Job> batch = new ArrayList<>();
        while (true) {
            batch.clear();
            int size = 0;
            boolean holding = false;
            try {
                Job first = carry != null ? carry : queue.take();
                carry = null;
                if (first == STOP) {
                    queue.add(STOP); // for the other workers
                    return;
                }
                batch.add(first);
                size = first.inputs().size();
                modelCalls.acquire(); // after a call that found the model idle, if one runs
                holding = true;
                long deadline = System.nanoTime() + maxWaitNanos;
                while (size < maxBatch) {
                    Job next = queue.poll();
                    if (next == null && batch.size() >= LINGER_FROM) {
                        long left = deadline - System.nanoTime();
                        if (left > 0) next = queue.poll(left, TimeUnit.NANOSECONDS);
                    }
                    if (next == null) break;
                    if (next == STOP) {
                        queue.add(STOP);
                        break;
                    }
                    if (size + next.inputs().size() > maxBatch) {
                        carry = next;
                        break;
                    }
                    batch.add(next);
                    size += next.inputs().size();
                }
            } catch (InterruptedException e) {
                for (Job j : batch) j.result().completeExceptionally(new IllegalStateException("the classifier is closing"));
                if (holding) modelCalls.release();
                return;
            }
            try {
                run(batch, size);
            } finally {
                modelCalls.release();
            }
        }
    }

    private void run(List<Job> batch, int size) {
        try {
            List<GrayImage> all;
            if (batch.size() == 1) {
                all = batch.getFirst().inputs();
            } else {
                all = new ArrayList<>(size);
                for (Job j : batch) all.addAll(j.inputs());
            }
            List<Classification> results = delegate.classify(all);
            batchSizes.accept(size);
            int at = 0;
            for (Job j : batch) {
                int n = j.inputs().size();
                j.result().complete(results.subList(at, at + n));
                at += n;
            }
        } catch (Throwable t) {
            for (Job j : batch) j.result().completeExceptionally(t);
            if (t instanceof Error e && !(t instanceof OutOfMemoryError)) LOG.error("model call failed", e);
        }
    }

    private void failPending() {
        Job j;
        while ((j = queue.poll()) != null) {
            if (j != STOP && j.result() != null) j.result().completeExceptionally(new IllegalStateException("the classifier is closed"));
        }
    }

    /** Finishes the queued work, stops the workers, then closes the model. */
    @Override
    public void close() {
        if (closed) return;
        closed = true;
        queue.add(STOP);
        for (Thread t : workers) {
            try {
                t.join(TimeUnit.SECONDS.toMillis(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        failPending();
        try { // callers running their own images finish first
            if (!modelCalls.tryAcquire(workers.size(), 10, TimeUnit.SECONDS)) {
                LOG.warn("closing the model while a call still runs");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        delegate.close();
    }
}
