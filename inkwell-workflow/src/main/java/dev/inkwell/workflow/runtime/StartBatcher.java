package dev.inkwell.workflow.runtime;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * New executions' rows, group-committed: starts that arrive together (a burst of requests or uploads) are written in
 * one transaction, so they share one commit (one wait for the disk) instead of one each. Each caller queues its row
 * and takes the write lock; whoever holds it writes every row queued by then, so the callers that waited behind it
 * find theirs written. A lone caller writes its own row on its own thread, as a plain insert would. A batch that
 * fails is written again one row at a time, so each caller gets its own answer.
 */
final class StartBatcher {
    private static final Logger log = LoggerFactory.getLogger(StartBatcher.class);
    private static final int MAX_BATCH = 500;

    private record Pending(ExecutionStore.Start start, CompletableFuture<ExecutionStore.Inserted> done) {}

    private final ExecutionStore executions;
    private final ConcurrentLinkedQueue<Pending> queue = new ConcurrentLinkedQueue<>();
    private final ReentrantLock writing = new ReentrantLock();

    StartBatcher(ExecutionStore executions) {
        this.executions = executions;
    }

    /** Adds the execution's row (unless one of its workflow and name exists); returns once it is in the store. */
    ExecutionStore.Inserted insert(ExecutionRecord record, Instant leaseUntil) {
        Pending mine = new Pending(new ExecutionStore.Start(record, leaseUntil), new CompletableFuture<>());
        queue.add(mine);
        while (!mine.done().isDone()) {
            writing.lock();
            try {
                if (mine.done().isDone()) break;
                List<Pending> batch = new ArrayList<>();
                for (Pending p; batch.size() < MAX_BATCH && (p = queue.poll()) != null; ) batch.add(p);
                write(batch);
            } finally {
                writing.unlock();
            }
        }
        try {
            return mine.done().join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            throw e;
        }
    }

    private void write(List<Pending> batch) {
        if (batch.isEmpty()) return;
        try {
            List<ExecutionStore.Inserted> inserted = executions.insert(batch.stream().map(Pending::start).toList());
            for (int i = 0; i < batch.size(); i++) batch.get(i).done().complete(inserted.get(i));
        } catch (RuntimeException e) {
            if (batch.size() == 1) {
                batch.getFirst().done().completeExceptionally(e);
                return;
            }
            log.debug("starting {} executions together failed ({}); one at a time", batch.size(), e.getMessage());
            for (Pending p : batch) {
                try {
                    p.done().complete(executions.insert(List.of(p.start())).getFirst());
                } catch (RuntimeException one) {
                    p.done().completeExceptionally(one);
                }
            }
        } catch (Error e) {
            for (Pending p : batch) p.done().completeExceptionally(e);
            throw e;
        }
    }
}
