package dev.inkwell.monitor.capture;

import dev.inkwell.bucket.Bucket;
import dev.inkwell.bucket.Buckets;
import dev.inkwell.bucket.PutOptions;
import dev.inkwell.inference.ModelCard;
import dev.inkwell.registry.endpoint.CaptureSettings;
import dev.inkwell.serving.PredictionEvent;
import dev.inkwell.serving.PredictionListener;
import dev.inkwell.serving.input.PredictInput;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Captures answered predictions into buckets, off the request path. On the request's thread it only samples (the
 * event's variant's {@link CaptureSettings#percentFor share}, shadow readings included) and puts the event in a bounded buffer; a full
 * buffer drops the event and counts it. A background thread encodes what arrived every few milliseconds
 * ({@link CaptureEncoder}, straight into pooled chunks: its work is spread thinly instead of landing in one burst per
 * flush, and the events die young), and every half {@link CaptureOptions#flushInterval()} writes one object per
 * endpoint, variant and UTC hour, each in one put ({@link CaptureKeys}). A failing bucket costs the failed put a retry
 * at the next flush, up to {@link CaptureOptions#maxAttempts()}; predictions never wait for it and never fail because of it.
 * The buffer's bounds ({@link CaptureOptions#maxBufferedRequests()}, {@link CaptureOptions#maxBufferedBytes()}) count
 * every request not yet written, encoded or not.
 *
 * <p>{@link #close()} writes everything still buffered (a graceful stop loses nothing); close it after the server
 * has stopped taking requests. A process killed outright loses at most the last flush interval.
 */
public final class CaptureWriter implements PredictionListener, CaptureMetrics, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CaptureWriter.class);
    /** What every record beyond its input costs in memory (answer JSON, model input PNG, metadata), roughly. */
    private static final long RECORD_OVERHEAD_BYTES = 4096;
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(60);
    private static final String CONTENT_TYPE = "application/jsonlines";
    /** How often arrivals are encoded: often enough that each wake-up has little to do. */
    private static final long ENCODE_EVERY_NANOS = 10_000_000L;
    /** Spare 64 KiB chunks kept for reuse at least (a second of captures at a few hundred requests a second); more under load. */
    private static final int SPARE_CHUNKS = 32;

    private final Supplier<Buckets> buckets;
    private final CaptureOptions options;
    private final CaptureEncoder encoder;
    private final Supplier<RandomGenerator> random;
    private final BlockingQueue<Pending> queue;
    private final AtomicLong bufferedBytes = new AtomicLong();
    private final AtomicLong bufferedRequests = new AtomicLong();
    private final AtomicLong sequence = new AtomicLong();
    private final LongAdder captured = new LongAdder();
    private final LongAdder dropped = new LongAdder();
    private final LongAdder flushFailures = new LongAdder();
    private final LongAdder lost = new LongAdder();
    private final LongAdder bytesWritten = new LongAdder();
    private final LongAdder objectsWritten = new LongAdder();
    private final List<WrittenListener> writtenListeners = new CopyOnWriteArrayList<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition wake = lock.newCondition();
    private final Thread thread;
    private volatile boolean closed;
    /** The writer waits for the next flush with nothing to encode: the next reading wakes it (see {@link #run}). */
    private volatile boolean idle;

    /** Objects waiting for a (first or further) put; the writing thread's alone, as are the fields below. */
    private final List<PendingObject> unwritten = new ArrayList<>();
    /** Objects being encoded until the next flush. */
    private final Map<GroupKey, Group> open = new LinkedHashMap<>();
    private final CaptureBuffer.Pool chunks;
    private final CaptureLineWriter lines = new CaptureLineWriter();
    /** Buckets known to exist; the writing thread's alone. */
    private final Set<String> readyBuckets = new HashSet<>();
    private boolean failing;

    private record Pending(PredictionEvent event, int records, long bytes) {
    }

    /**
     * Told on the writing thread, after each capture object is in its bucket, of the records it holds that a listener
     * {@link #wants} (the labelling queue takes its low-confidence readings from here); not told of an object holding
     * none. One that throws is logged; the capture stays written.
     */
    @FunctionalInterface
    public interface WrittenListener {
        /** {@code records}: those of the object some listener wants, this one's among them, in line order. */
        void written(String bucket, String key, List<CaptureRecord> records);

        /**
         * Whether to keep input {@code input}'s record of {@code event} for {@link #written}: only kept records are
         * built as objects (the rest go straight into the line), so a listener that wants few makes capture cheaper.
         */
        default boolean wants(PredictionEvent event, int input) {
            return true;
        }
    }

    private record GroupKey(String bucket, String prefix, String endpoint, String variant, Instant hour) {
    }

    private static final class Group {
        final CaptureBuffer content;
        final List<CaptureRecord> kept = new ArrayList<>();
        Instant first;
        int records;
        int requests;
        long bufferedBytes;

        Group(CaptureBuffer.Pool chunks) {
            content = new CaptureBuffer(chunks);
        }
    }

    private static final class PendingObject {
        final String bucket;
        final String key;
        /** The object's lines, in pooled chunks given back once it is written or given up. */
        final CaptureBuffer content;
        final int records;
        final int requests;
        final long bufferedBytes;
        /** The records listeners want. */
        final List<CaptureRecord> kept;
        int attempts;

        PendingObject(String bucket, String key, CaptureBuffer content, int records, int requests, long bufferedBytes, List<CaptureRecord> kept) {
            this.bucket = bucket;
            this.key = key;
            this.content = content;
            this.records = records;
            this.requests = requests;
            this.bufferedBytes = bufferedBytes;
            this.kept = kept;
        }
    }

    private CaptureWriter(Supplier<Buckets> buckets, CaptureOptions options, ModelCardLookup cards, Supplier<RandomGenerator> random) {
        this.buckets = buckets;
        this.options = options;
        this.encoder = new CaptureEncoder(cards);
        this.random = random;
        this.queue = new ArrayBlockingQueue<>(options.maxBufferedRequests());
        this.chunks = new CaptureBuffer.Pool(SPARE_CHUNKS, (int) Math.min(Integer.MAX_VALUE, options.maxBufferedBytes() / CaptureBuffer.CHUNK_BYTES));
        this.thread = Thread.ofPlatform().daemon().name("inkwell-capture-" + options.replicaId()).unstarted(this::run);
    }

    /** A writer with the models' own cards and the calling thread's random numbers; started. */
    public static CaptureWriter start(Buckets buckets, CaptureOptions options) {
        return start(buckets, options, ModelCardLookup.fromFiles(), ThreadLocalRandom::current);
    }

    /**
     * @param cards  where class names of captured answers come from
     * @param random the sampling's random numbers (shared between request threads: thread-safe, or per thread)
     */
    public static CaptureWriter start(Buckets buckets, CaptureOptions options, ModelCardLookup cards, Supplier<RandomGenerator> random) {
        return start(() -> buckets, options, cards, random);
    }

    /**
     * A writer whose buckets are looked up at each write: a server's buckets may be unreachable at start (a put that
     * cannot get them fails and is retried like any failed put).
     */
    public static CaptureWriter start(Supplier<Buckets> buckets, CaptureOptions options, ModelCardLookup cards, Supplier<RandomGenerator> random) {
        CaptureWriter w = new CaptureWriter(buckets, options, cards, random);
        w.thread.start();
        return w;
    }

    public CaptureOptions options() {
        return options;
    }

    /** Its counters (this writer itself), for metrics. */
    public CaptureMetrics metrics() {
        return this;
    }

    @Override
    public void onPrediction(PredictionEvent event) {
        CaptureSettings capture = event.capture();
        if (capture == null) return;
        double percent = capture.percentFor(event.variant());
        if (percent <= 0) return;
        int records = Math.min(event.inputs().size(), event.recognitions().size());
        if (records == 0) return;
        if (percent < 100 && random.get().nextDouble() * 100 >= percent) return;
        if (closed) {
            dropped.add(records);
            return;
        }
        if (bufferedRequests.incrementAndGet() > options.maxBufferedRequests()) {
            bufferedRequests.decrementAndGet();
            dropped.add(records);
            return;
        }
        long size = approximateSize(event, records);
        if (bufferedBytes.addAndGet(size) > options.maxBufferedBytes() || !queue.offer(new Pending(event, records, size))) {
            bufferedBytes.addAndGet(-size);
            bufferedRequests.decrementAndGet();
            dropped.add(records);
            return;
        }
        if (idle) wakeIdleWriter(); // after the offer: the writer sets idle before it looks at the queue
    }

    /** The first reading after a quiet spell: the writer waits for the flush, and should encode it now. */
    private void wakeIdleWriter() {
        lock.lock();
        try {
            if (idle) {
                idle = false;
                wake.signal();
            }
        } finally {
            lock.unlock();
        }
    }

    private static long approximateSize(PredictionEvent event, int records) {
        long size = RECORD_OVERHEAD_BYTES * records;
        for (PredictInput in : event.inputs()) {
            size += switch (in) {
                case PredictInput.EncodedImage image -> image.bytes().length * 4L / 3;
                case PredictInput.ModelPixels pixels -> pixels.image().pixels().length * 4L;
                case PredictInput.ImageUrl url -> url.url().length();
            };
        }
        return size;
    }

    private void run() {
        long flushEvery = Math.max(1_000_000L, options.flushInterval().toNanos() / 2);
        long encodeEvery = Math.min(flushEvery, ENCODE_EVERY_NANOS);
        long nextFlush = System.nanoTime() + flushEvery;
        long lastArrival = nextFlush - 2 * flushEvery; // long ago
        while (true) {
            boolean last;
            lock.lock();
            try {
                long wait;
                // while readings come, a short wait (little to encode each time); once none came for a flush
                // interval, until the flush or the next reading, whichever is first (a reading wakes an idle writer:
                // see onPrediction). Idling after one quiet 10-ms window instead, at a few hundred readings a second
                // some window is empty every second or so, and the readings of the next half second piled up: held by
                // the heap until the flush, copied by every young collection, encoded in one burst.
                idle = true; // before looking at the queue: a reading offered after the look sees it and wakes us
                boolean busy = System.nanoTime() - lastArrival < flushEvery || !queue.isEmpty();
                if (busy) idle = false;
                long until = busy ? Math.min(nextFlush, System.nanoTime() + encodeEvery) : nextFlush;
                while (!closed && (busy || idle) && (wait = until - System.nanoTime()) > 0) wake.awaitNanos(wait);
                idle = false;
                last = closed;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                last = true;
            } finally {
                lock.unlock();
            }
            try {
                if (encodeArrived()) lastArrival = System.nanoTime();
                if (last || System.nanoTime() - nextFlush >= 0) {
                    flush(last);
                    long now = System.nanoTime();
                    nextFlush = Math.max(nextFlush + flushEvery, now + flushEvery / 4); // after a slow flush, never a burst of catch-up flushes
                }
            } catch (RuntimeException | Error e) {
                LOG.error("capture: a flush failed unexpectedly", e);
            }
            if (last) return;
        }
    }

    /** Writes every object being encoded and every one waiting; when {@code closing}, retries until done or given up. */
    private void flush(boolean closing) {
        encodeArrived();
        closeGroups();
        for (int round = 1; ; round++) {
            writeOnce();
            if (!closing || unwritten.isEmpty()) return;
            sleep(Math.min(1000, 100L * round)); // a stop retries now: no later wake-up will come
        }
    }

    /** Encodes the requests in the buffer into the objects of their endpoint, variant and hour; true if there were any. */
    private boolean encodeArrived() {
        boolean any = false;
        for (Pending p = queue.poll(); p != null; p = queue.poll()) {
            encode(p);
            any = true;
        }
        return any;
    }

    private void encode(Pending p) {
        PredictionEvent e = p.event();
        CaptureSettings c = e.capture();
        GroupKey key = new GroupKey(c.bucket(), c.prefix(), e.endpoint(), e.variant(), CaptureKeys.hourOf(e.startedAt()));
        Group g = open.computeIfAbsent(key, k -> new Group(chunks));
        long start = g.content.size();
        int kept = g.kept.size();
        try {
            String inferenceId = encoder.newId();
            ModelCard card = encoder.card(e);
            for (int i = 0; i < p.records(); i++) {
                if (wanted(e, i)) {
                    CaptureRecord r = encoder.record(e, i, inferenceId, card);
                    lines.write(r, null, null, null, g.content);
                    g.kept.add(r);
                } else {
                    encoder.write(e, i, inferenceId, card, lines, g.content);
                }
            }
        } catch (IOException | RuntimeException ex) {
            g.content.truncate(start); // none of the request's lines, rather than some
            g.kept.subList(kept, g.kept.size()).clear();
            lost.add(p.records());
            bufferedBytes.addAndGet(-p.bytes());
            bufferedRequests.decrementAndGet();
            if (g.requests == 0) open.remove(key).content.release();
            LOG.warn("capture: cannot encode a reading of endpoint {}: {}", e.endpoint(), ex.toString());
            return;
        }
        if (g.first == null || e.startedAt().isBefore(g.first)) g.first = e.startedAt();
        g.records += p.records();
        g.requests++;
        g.bufferedBytes += p.bytes();
    }

    private boolean wanted(PredictionEvent e, int input) {
        for (WrittenListener l : writtenListeners) {
            try {
                if (l.wants(e, input)) return true;
            } catch (RuntimeException ex) {
                LOG.warn("capture: listener {} failed to choose records: {}", l, ex.toString());
            }
        }
        return false;
    }

    /** The objects being encoded become objects to write, their chunks with them; the pool fits itself to the load. */
    private void closeGroups() {
        open.forEach((k, g) -> unwritten.add(new PendingObject(k.bucket(), CaptureKeys.objectKey(k.prefix(), k.endpoint(), k.variant(), g.first,
                options.replicaId(), sequence.getAndIncrement()), g.content, g.records, g.requests, g.bufferedBytes, List.copyOf(g.kept))));
        open.clear();
        chunks.fit();
    }

    private void writeOnce() {
        Iterator<PendingObject> it = unwritten.iterator();
        while (it.hasNext()) {
            PendingObject o = it.next();
            try {
                long length = o.content.size();
                bucket(o.bucket).put(o.key, o.content.stream(), PutOptions.none().withContentType(CONTENT_TYPE).withLength(length));
                captured.add(o.records);
                bytesWritten.add(length);
                objectsWritten.increment();
                bufferedBytes.addAndGet(-o.bufferedBytes);
                bufferedRequests.addAndGet(-o.requests);
                it.remove();
                o.content.release();
                if (failing) LOG.info("capture: writing to bucket {} works again", o.bucket);
                failing = false;
                tellWritten(o);
            } catch (RuntimeException e) {
                readyBuckets.remove(o.bucket); // it may have been deleted: make it again next time
                flushFailures.increment();
                o.attempts++;
                if (!failing) LOG.warn("capture: cannot write {}/{} (attempt {} of {}): {}", o.bucket, o.key, o.attempts, options.maxAttempts(), e.toString());
                failing = true;
                if (o.attempts >= options.maxAttempts()) {
                    lost.add(o.records);
                    bufferedBytes.addAndGet(-o.bufferedBytes);
                    bufferedRequests.addAndGet(-o.requests);
                    it.remove();
                    o.content.release();
                    LOG.warn("capture: gave up {} records of {}/{} after {} failed attempts", o.records, o.bucket, o.key, o.attempts);
                }
            }
        }
    }

    private void tellWritten(PendingObject o) {
        if (o.kept.isEmpty()) return;
        for (WrittenListener l : writtenListeners) {
            try {
                l.written(o.bucket, o.key, o.kept);
            } catch (RuntimeException e) {
                LOG.warn("capture: listener {} failed on {}/{}: {}", l, o.bucket, o.key, e.toString());
            }
        }
    }

    /** Adds a listener told of each written capture object's records (see {@link WrittenListener}); add it before traffic comes. */
    public void addWrittenListener(WrittenListener listener) {
        writtenListeners.add(listener);
    }

    private Bucket bucket(String name) {
        if (readyBuckets.add(name)) {
            try {
                return buckets.get().createIfMissing(name);
            } catch (RuntimeException e) {
                readyBuckets.remove(name);
                throw e;
            }
        }
        return buckets.get().bucket(name);
    }

    private static void sleep(long millis) {
        try {
            TimeUnit.MILLISECONDS.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Writes everything buffered (retrying failed puts up to their attempts) and stops the writing thread. */
    @Override
    public void close() {
        lock.lock();
        try {
            if (closed) return;
            closed = true;
            wake.signalAll();
        } finally {
            lock.unlock();
        }
        try {
            thread.join(CLOSE_TIMEOUT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            LOG.warn("capture: still writing after {} s; {} requests left in the buffer", CLOSE_TIMEOUT.toSeconds(), queue.size());
        } else if (!queue.isEmpty()) {
            flush(true); // readings that arrived while the last flush ran
        }
    }

    @Override
    public long captured() {
        return captured.sum();
    }

    @Override
    public long dropped() {
        return dropped.sum();
    }

    @Override
    public long flushFailures() {
        return flushFailures.sum();
    }

    @Override
    public long lost() {
        return lost.sum();
    }

    @Override
    public long bytesWritten() {
        return bytesWritten.sum();
    }

    @Override
    public long objectsWritten() {
        return objectsWritten.sum();
    }

    /** Requests accepted and not yet written (encoded or not, being put or awaiting a retry). */
    @Override
    public long pending() {
        return bufferedRequests.get();
    }

    @Override
    public String toString() {
        return "capture writer " + options.replicaId();
    }
}
