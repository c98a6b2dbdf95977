package dev.inkwell.workflow.runtime;

import dev.inkwell.workflow.spi.ExecutionJournal;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine's journal over the store, group-committed: the engine hands over entries without waiting, one writer
 * thread writes whatever has gathered in one transaction (so a thousand transitions a second cost tens of
 * transactions, not thousands). An entry not yet written when the process dies is lost, and the execution resumes
 * from the one before it: the tasks since are invoked again with the same idempotency keys, which is what
 * at-least-once task delivery promises anyway. The queue is bounded: when the store falls behind, the engine waits.
 */
final class StoreJournal implements ExecutionJournal, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(StoreJournal.class);
    private static final int CAPACITY = 20_000;
    private static final int MAX_BATCH = 2_000;

    /** Hears what was written, on the writer thread. */
    interface Listener {
        /** Entries now in the store, in order. */
        void written(List<Entry> entries);

        /** The execution is no longer this process's (stopped or taken over): nothing of it was written. */
        void lost(String executionArn);
    }

    private final ExecutionStore executions;
    private final String owner;
    private final Clock clock;
    private final Listener listener;
    private final BlockingQueue<Entry> queue = new LinkedBlockingQueue<>(CAPACITY);
    private final Thread writer;
    private final Object progress = new Object();
    private long accepted;
    private long done;
    private volatile boolean closed;

    StoreJournal(ExecutionStore executions, String owner, Clock clock, Listener listener) {
        this.executions = executions;
        this.owner = owner;
        this.clock = clock;
        this.listener = listener;
        this.writer = Thread.ofPlatform().daemon().name("workflow-journal").start(this::writeLoop);
    }

    @Override
    public void record(Entry entry) {
        synchronized (progress) {
            accepted++;
        }
        try {
            queue.put(entry);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            synchronized (progress) {
                done++;
                progress.notifyAll();
            }
            throw new IllegalStateException("interrupted while recording " + entry.executionArn(), e);
        }
    }

    /** Waits until everything recorded so far is written (or {@code timeout} passes); true when it was. */
    boolean flush(Duration timeout) {
        long target;
        synchronized (progress) {
            target = accepted;
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (progress) {
            while (done < target) {
                long left = deadline - System.nanoTime();
                if (left <= 0) return false;
                try {
                    TimeUnit.NANOSECONDS.timedWait(progress, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            return true;
        }
    }

    private void writeLoop() {
        List<Entry> batch = new ArrayList<>();
        while (!closed || !queue.isEmpty()) {
            try {
                Entry first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) continue;
                batch.add(first);
                queue.drainTo(batch, MAX_BATCH - 1);
                write(batch);
            } catch (InterruptedException e) {
                if (closed) break;
            } catch (RuntimeException | Error e) {
                log.error("the workflow journal failed to write {} entries; their executions resume from earlier ones", batch.size(), e);
            } finally {
                synchronized (progress) {
                    done += batch.size();
                    progress.notifyAll();
                }
                batch.clear();
            }
        }
    }

    /** Writes, retrying while the store is unreachable (the engine waits once the queue is full). */
    private void write(List<Entry> batch) throws InterruptedException {
        long backoff = 50;
        while (true) {
            try {
                Set<String> lost = executions.record(batch, owner, clock.instant());
                for (String arn : lost) listener.lost(arn);
                if (lost.isEmpty()) {
                    listener.written(batch);
                } else {
                    listener.written(batch.stream().filter(e -> !lost.contains(e.executionArn())).toList());
                }
                return;
            } catch (RuntimeException e) {
                if (closed) throw e;
                log.warn("cannot record workflow progress ({} entries), trying again in {} ms: {}", batch.size(), backoff, e.getMessage());
                Thread.sleep(backoff);
                backoff = Math.min(backoff * 2, 2_000);
            }
        }
    }

    /** Writes what is queued (waiting up to {@code timeout}) and stops the writer. */
    @Override
    public void close() {
        flush(Duration.ofSeconds(10));
        closed = true;
        writer.interrupt();
        try {
            writer.join(Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
