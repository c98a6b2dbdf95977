package dev.inkwell.functions.trigger;

import dev.inkwell.store.Store;
import dev.inkwell.store.WorkItem;
import dev.inkwell.store.WorkQueue;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit for a work queue: the enqueues of concurrent uploads and the completions of concurrent workers wait
 * here briefly and are written together, one transaction for everything that arrived while the previous one
 * committed. A commit costs a disk flush (milliseconds); without this, SQLite's single writer would cap a process at a
 * few hundred commits a second, each upload costing two. Nothing waits on purpose: a lone change commits at once.
 * A batch that fails is retried change by change, so one bad change cannot fail the others.
 */
final class QueueCommitter implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(QueueCommitter.class);
    private static final int MAX_BATCH = 256;

    private record Change(String what, Function<WorkQueue, Boolean> apply, CompletableFuture<Boolean> done) {
    }

    private final Store store;
    private final WorkQueue queue;
    private final BlockingQueue<Change> pending = new LinkedBlockingQueue<>();
    private final Thread thread;
    private volatile boolean closing;

    QueueCommitter(Store store, WorkQueue queue) {
        this.store = store;
        this.queue = queue;
        this.thread = Thread.ofPlatform().daemon().name("inkwell-trigger-commit").start(this::run);
    }

    CompletableFuture<Boolean> enqueue(String key, String payload) {
        return submit("enqueue " + key, q -> q.enqueue(key, payload));
    }

    CompletableFuture<Boolean> complete(WorkItem item, String owner, String result) {
        return submit("complete " + item.key(), q -> q.complete(item, owner, result));
    }

    CompletableFuture<Boolean> retry(WorkItem item, String owner, String error, Instant at) {
        return submit("retry " + item.key(), q -> q.retry(item, owner, error, at));
    }

    CompletableFuture<Boolean> fail(WorkItem item, String owner, String error) {
        return submit("fail " + item.key(), q -> q.fail(item, owner, error));
    }

    CompletableFuture<Boolean> extend(WorkItem item, String owner, Duration lease) {
        return submit("extend " + item.key(), q -> q.extend(item, owner, lease));
    }

    CompletableFuture<Boolean> release(WorkItem item, String owner) {
        return submit("release " + item.key(), q -> q.release(item, owner));
    }

    private CompletableFuture<Boolean> submit(String what, Function<WorkQueue, Boolean> apply) {
        CompletableFuture<Boolean> done = new CompletableFuture<>();
        if (closing && !thread.isAlive()) {
            done.completeExceptionally(new IllegalStateException("the trigger runtime stopped"));
            return done;
        }
        pending.add(new Change(what, apply, done));
        return done;
    }

    private void run() {
        List<Change> batch = new ArrayList<>();
        while (true) {
            try {
                Change first = pending.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    if (closing) return;
                    continue;
                }
                batch.add(first);
                pending.drainTo(batch, MAX_BATCH - 1);
                commit(batch);
            } catch (InterruptedException e) {
                if (closing) return;
            } finally {
                batch.clear();
            }
        }
    }

    private void commit(List<Change> batch) {
        Boolean[] results = new Boolean[batch.size()];
        try {
            store.useTransaction("cannot write " + batch.size() + " change(s) to the trigger queue", c -> {
                for (int i = 0; i < batch.size(); i++) results[i] = batch.get(i).apply().apply(queue);
            });
            for (int i = 0; i < batch.size(); i++) batch.get(i).done().complete(results[i]);
        } catch (RuntimeException e) {
            if (batch.size() == 1) {
                batch.getFirst().done().completeExceptionally(e);
                return;
            }
            LOG.debug("a batch of {} queue changes failed ({}); writing them one by one", batch.size(), e.getMessage());
            for (Change change : batch) {
                try {
                    change.done().complete(change.apply().apply(queue));
                } catch (RuntimeException one) {
                    change.done().completeExceptionally(one);
                }
            }
        }
    }

    /** Writes what is waiting, then stops. */
    @Override
    public void close() {
        closing = true;
        try {
            thread.join(30_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (Change c; (c = pending.poll()) != null; ) c.done().completeExceptionally(new IllegalStateException("the trigger runtime stopped"));
    }
}
