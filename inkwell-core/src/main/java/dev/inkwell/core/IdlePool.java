package dev.inkwell.core;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Idle objects kept for reuse by any thread, at most {@code max} of them: what is handed back beyond that is let go.
 * Lock-free, so it suits virtual threads, which a thread-local cache would not (each request is a new one).
 */
public final class IdlePool<T> {
    private final int max;
    private final ConcurrentLinkedQueue<T> idle = new ConcurrentLinkedQueue<>();
    private final AtomicInteger count = new AtomicInteger();

    public IdlePool(int max) {
        this.max = max;
    }

    /** An idle object, or null when none is kept. */
    public T poll() {
        T t = idle.poll();
        if (t != null) count.decrementAndGet();
        return t;
    }

    /** Keeps {@code t} for the next {@link #poll} unless {@code max} are kept already; false when it was let go. */
    public boolean offer(T t) {
        if (count.incrementAndGet() > max) {
            count.decrementAndGet();
            return false;
        }
        idle.offer(t);
        return true;
    }

    /** Objects kept now. */
    public int size() {
        return count.get();
    }
}
