package dev.inkwell.functions.trigger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.inkwell.bucket.Bucket;
import dev.inkwell.bucket.Buckets;
import dev.inkwell.bucket.ObjectContent;
import dev.inkwell.bucket.ObjectInfo;
import dev.inkwell.core.Json;
import dev.inkwell.core.NotFoundException;
import dev.inkwell.functions.FunctionEnvironment;
import dev.inkwell.functions.FunctionFailure;
import dev.inkwell.functions.FunctionOutputs;
import dev.inkwell.functions.Functions;
import dev.inkwell.functions.Invocation;
import dev.inkwell.functions.ObjectSnapshot;
import dev.inkwell.store.WorkItem;
import dev.inkwell.store.WorkQueue;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The workers of one process: each claims a few items of trigger work at a time (run side by side) from the store's queue with a lease (so two processes never
 * run the same object at once, and a dead process's work is taken over when its lease runs out), run the function,
 * and end the item: done, tried again later (a failure that may pass, with a doubling wait), or failed (an error
 * report written beside the results, the item kept for {@code triggers failures}).
 *
 * <p>Work queued in this process wakes a worker at once; work other processes queued, retries that came due and
 * leases that ran out are noticed by checking the queue every {@link TriggerSettings#queuePoll()} (a cheap read).
 * Before running a function the object is looked at: gone, replaced by a newer version, or written by a trigger
 * means there is nothing to do.
 */
final class TriggerWorkers implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TriggerWorkers.class);
    /** Objects up to this size that the function reads whole are read once, by the look before running. */
    private static final long HAND_OVER_MAX_BYTES = 1 << 20;

    private final WorkQueue queue;
    private final QueueCommitter committer;
    private final Functions functions;
    private final FunctionEnvironment environment;
    private final Buckets buckets;
    private final TriggerSettings settings;
    private final Clock clock;
    private final Semaphore wakeUps = new Semaphore(0);
    /** Claimed items by id (a work item's payload is long: no hashing of it). */
    private final Map<Long, WorkItem> inFlight = new ConcurrentHashMap<>();
    private final List<Thread> threads = new ArrayList<>();
    private final ScheduledExecutorService timers;
    /**
     * Runs a claimed batch's items side by side: platform threads kept for the process's life, so what they cache per
     * thread (Jackson's buffers, digests) is reused; a virtual thread per item made them anew for every picture.
     */
    private final ExecutorService batch;
    private final AtomicLong done = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong retried = new AtomicLong();
    private volatile boolean running = true;

    TriggerWorkers(WorkQueue queue, QueueCommitter committer, Functions functions, FunctionEnvironment environment, Buckets buckets,
                   TriggerSettings settings, Clock clock) {
        this.queue = queue;
        this.committer = committer;
        this.functions = functions;
        this.environment = environment;
        this.buckets = buckets;
        this.settings = settings;
        this.clock = clock;
        this.timers = Executors.newScheduledThreadPool(1, r -> Thread.ofPlatform().daemon().name("inkwell-trigger-timer").unstarted(r));
        int side = Math.max(1, settings.workers() * (settings.claimBatch() - 1));
        this.batch = Executors.newFixedThreadPool(side, Thread.ofPlatform().daemon().name("inkwell-trigger-run-", 0).factory());
    }

    void start() {
        for (int i = 0; i < settings.workers(); i++) {
            threads.add(Thread.ofPlatform().daemon().name("inkwell-trigger-" + i).start(this::work));
        }
        long beat = Math.max(1000, settings.lease().toMillis() / 3);
        timers.scheduleWithFixedDelay(this::extendLeases, beat, beat, TimeUnit.MILLISECONDS);
        timers.scheduleWithFixedDelay(this::checkQueue, 0, settings.queuePoll().toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Wakes a waiting worker: work was queued. */
    void wake() {
        if (wakeUps.availablePermits() < settings.workers()) wakeUps.release();
    }

    private void checkQueue() {
        try {
            Optional<Instant> due = queue.nextDue();
            if (due.isPresent() && !due.get().isAfter(clock.instant())) {
                for (int i = 0; i < settings.workers(); i++) wake();
            }
        } catch (RuntimeException e) {
            LOG.debug("cannot read the trigger queue: {}", e.getMessage());
        }
    }

    private void work() {
        while (running) {
            List<WorkItem> claimed;
            try {
                claimed = queue.claim(settings.owner(), settings.lease(), settings.claimBatch());
            } catch (RuntimeException e) {
                LOG.warn("cannot claim trigger work: {}", e.getMessage());
                claimed = List.of();
            }
            if (claimed.isEmpty()) {
                try {
                    wakeUps.tryAcquire(settings.queuePoll().toMillis() * 5, TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    return;
                }
                continue;
            }
            if (!running) {
                for (WorkItem item : claimed) committer.release(item, settings.owner()); // stopping: someone else takes it at once
                return;
            }
            for (WorkItem item : claimed) inFlight.put(item.id(), item);
            // the batch's objects side by side: their model calls meet in the batching classifier, their writes overlap
            List<Future<?>> others = new ArrayList<>(claimed.size() - 1);
            for (WorkItem item : claimed.subList(1, claimed.size())) others.add(batch.submit(() -> run(item)));
            run(claimed.getFirst());
            for (Future<?> f : others) awaitQuietly(f);
        }
    }

    private static void awaitQuietly(Future<?> f) {
        boolean interrupted = false;
        while (true) {
            try {
                f.get();
                break;
            } catch (InterruptedException e) {
                interrupted = true; // the item runs on: its end is what this worker waits for
            } catch (ExecutionException e) {
                break; // run() logs what it throws
            }
        }
        if (interrupted) Thread.currentThread().interrupt();
    }

    private void run(WorkItem item) {
        try {
            process(item);
        } catch (RuntimeException | Error e) {
            LOG.error("trigger work {} failed unexpectedly", item.key(), e); // its lease runs out and it is tried again
        } finally {
            inFlight.remove(item.id());
        }
    }

    private void process(WorkItem item) {
        TriggerWork work;
        try {
            work = TriggerWork.parse(item.payload());
        } catch (IllegalStateException e) {
            committer.fail(item, settings.owner(), "{\"error\":\"" + FunctionFailure.INTERNAL + "\",\"cause\":\"unreadable work item\"}");
            return;
        }
        try {
            Look look = look(work);
            if (look.skip() != null) {
                ObjectNode result = Json.mapper().createObjectNode().put("skipped", look.skip());
                committer.complete(item, settings.owner(), result.toString());
                done.incrementAndGet();
                return;
            }
            Invocation invocation = new Invocation(item.key(), clock.instant().plus(settings.timeout()),
                    FunctionOutputs.triggerOrigin(work.trigger()), environment, null, look.object());
            JsonNode result = functions.invoke(work.function(), work.event(), invocation);
            committer.complete(item, settings.owner(), result == null ? null : result.toString());
            done.incrementAndGet();
        } catch (FunctionFailure f) {
            failed(item, work, f);
        } catch (RuntimeException e) {
            failed(item, work, FunctionFailure.of(e));
        }
    }

    /** What looking at the object found: why there is nothing to do (or null), and the object if it was read. */
    private record Look(String skip, ObjectSnapshot object) {
    }

    /**
     * Looks at the object before running: gone, replaced or written by a trigger means there is nothing to do. A
     * small object for a function that reads it whole is read here, once, and handed over.
     */
    private Look look(TriggerWork work) {
        Bucket bucket = buckets.bucket(work.bucket());
        long size = work.event().path("size").asLong(-1);
        if (size >= 0 && size <= HAND_OVER_MAX_BYTES && readsWhole(work.function())) {
            try (ObjectContent content = bucket.get(work.key())) {
                String skip = skipReason(content.info(), work);
                if (skip != null || content.length() > HAND_OVER_MAX_BYTES) return new Look(skip, null);
                return new Look(null, new ObjectSnapshot(content.info(), content.stream().readAllBytes()));
            } catch (NotFoundException e) {
                return new Look(buckets.store().bucketExists(work.bucket()) ? "the object is gone" : "the bucket is gone", null);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read s3://" + work.bucket() + "/" + work.key() + ": " + e.getMessage(), e);
            }
        }
        Optional<ObjectInfo> info;
        try {
            info = bucket.find(work.key());
        } catch (NotFoundException e) {
            return new Look("the bucket is gone", null);
        }
        return new Look(info.isEmpty() ? "the object is gone" : skipReason(info.get(), work), null);
    }

    private boolean readsWhole(String function) {
        try {
            return functions.get(function).readsObjectWhole();
        } catch (NotFoundException e) {
            return false; // the invocation says so
        }
    }

    /** Why there is nothing to do for this version of the object, or null. */
    private static String skipReason(ObjectInfo info, TriggerWork work) {
        if (work.eTag() != null && !info.eTag().equals(work.eTag())) return "replaced by a newer version (ETag " + info.eTag() + ")";
        if (FunctionOutputs.isTriggerOutput(info)) return "written by a trigger";
        return null;
    }

    private void failed(WorkItem item, TriggerWork work, FunctionFailure f) {
        Instant now = clock.instant();
        boolean again = f.retryable() && item.attempts() < settings.maxAttempts();
        if (again) {
            retried.incrementAndGet();
            TriggerFailure note = TriggerFailure.of(work, f, item.attempts(), now, null);
            LOG.info("trigger {}: {} failed (attempt {} of {}), trying again: {}", work.trigger(), work.key(), item.attempts(),
                    settings.maxAttempts(), f.toString());
            committer.retry(item, settings.owner(), note.toJson().toString(), now.plus(backoff(item.attempts())));
            return;
        }
        String report = work.outputPrefix() + work.key() + ".error.json";
        TriggerFailure failure = TriggerFailure.of(work, f, item.attempts(), now, report);
        try {
            Bucket bucket = buckets.bucket(work.bucket());
            FunctionOutputs.put(bucket, report, failure.toJson().toPrettyString().getBytes(StandardCharsets.UTF_8), "application/json",
                    FunctionOutputs.triggerOrigin(work.trigger()));
        } catch (RuntimeException e) {
            if (item.attempts() < settings.maxAttempts()) {
                committer.retry(item, settings.owner(), failure.toJson().toString(), now.plus(backoff(item.attempts())));
                return;
            }
            LOG.warn("trigger {}: cannot write the error report {}: {}", work.trigger(), report, e.getMessage());
            failure = TriggerFailure.of(work, f, item.attempts(), now, null);
        }
        failed.incrementAndGet();
        LOG.warn("trigger {}: gave up on s3://{}/{} after {} attempt(s): {}", work.trigger(), work.bucket(), work.key(), item.attempts(), f.toString());
        committer.fail(item, settings.owner(), failure.toJson().toString());
    }

    /** The wait before try {@code attempts + 1}: doubling from the first, capped, give or take a fifth. */
    Duration backoff(int attempts) {
        long base = settings.firstRetry().toMillis() << Math.min(20, Math.max(0, attempts - 1));
        long capped = Math.min(base, settings.maxRetry().toMillis());
        long jitter = (long) (capped * 0.2 * (ThreadLocalRandom.current().nextDouble() * 2 - 1));
        return Duration.ofMillis(Math.max(1, capped + jitter));
    }

    private void extendLeases() {
        for (WorkItem item : inFlight.values()) {
            committer.extend(item, settings.owner(), settings.lease()).whenComplete((held, e) -> {
                if (e != null) LOG.debug("cannot extend the lease of {}: {}", item.key(), e.getMessage());
                else if (!held) LOG.warn("lost the lease of {}: another process may run it too", item.key());
            });
        }
    }

    long done() {
        return done.get();
    }

    long failed() {
        return failed.get();
    }

    long retried() {
        return retried.get();
    }

    int inFlight() {
        return inFlight.size();
    }

    /**
     * Stops: each worker finishes the object it is on (up to {@code grace}) and gives back what it claimed but had
     * not begun. Work still running after that keeps its lease and is taken over when it runs out.
     */
    void stop(Duration grace) {
        running = false;
        wakeUps.release(settings.workers() * 2);
        long deadline = System.nanoTime() + grace.toNanos();
        for (Thread t : threads) {
            try {
                long left = Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
                t.join(left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        for (Thread t : threads) if (t.isAlive()) LOG.warn("trigger worker {} still running after {} ms: its work is taken over when its lease ends", t.getName(), grace.toMillis());
        timers.shutdownNow();
        batch.shutdown();
    }

    @Override
    public void close() {
        stop(Duration.ofSeconds(10));
    }
}
