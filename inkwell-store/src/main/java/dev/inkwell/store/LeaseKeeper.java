package dev.inkwell.store;

import dev.inkwell.core.UnavailableException;
import java.time.Duration;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a claimed work item's lease alive while the work runs, so the lease can be short (a dead replica's work is
 * taken over soon) however long the work takes: a virtual thread extends it by {@code lease} every third of it until
 * {@link #close}. A store that does not answer is tried again at the next turn (the lease may run out meanwhile: then
 * another replica takes the item over, and the fenced {@code complete} tells this one); once an extension finds the
 * lease gone, {@link #held()} turns false and the keeper stops.
 */
public final class LeaseKeeper implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LeaseKeeper.class);
    private final WorkQueue queue;
    private final WorkItem item;
    private final String owner;
    private final Duration lease;
    private final Thread thread;
    private volatile boolean held = true;
    private volatile boolean closed;

    private LeaseKeeper(WorkQueue queue, WorkItem item, String owner, Duration lease) {
        this.queue = Objects.requireNonNull(queue);
        this.item = Objects.requireNonNull(item);
        this.owner = Objects.requireNonNull(owner);
        if (lease == null || lease.toMillis() < 30) throw new IllegalArgumentException("a kept lease must be at least 30 ms");
        this.lease = lease;
        this.thread = Thread.ofVirtual().name("inkwell-lease-" + queue.name() + "-" + item.id()).start(this::loop);
    }

    /** Starts keeping {@code owner}'s lease of {@code lease} on {@code item} (just claimed) alive. */
    public static LeaseKeeper keep(WorkQueue queue, WorkItem item, String owner, Duration lease) {
        return new LeaseKeeper(queue, item, owner, lease);
    }

    /** False once an extension found the lease no longer {@code owner}'s. */
    public boolean held() {
        return held;
    }

    private void loop() {
        long every = Math.max(10, lease.toMillis() / 3);
        while (!closed) {
            try {
                Thread.sleep(every);
            } catch (InterruptedException e) {
                return;
            }
            if (closed) return;
            try {
                if (!queue.extend(item, owner, lease)) {
                    held = false;
                    LOG.warn("{} {}: the lease is no longer {}'s", queue.name(), item.key(), owner);
                    return;
                }
            } catch (UnavailableException e) {
                LOG.warn("{} {}: cannot extend the lease, trying again: {}", queue.name(), item.key(), e.getMessage());
            }
        }
    }

    /** Stops extending (the lease then runs out by itself unless the item was ended). */
    @Override
    public void close() {
        closed = true;
        thread.interrupt();
        try {
            thread.join(Duration.ofSeconds(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
