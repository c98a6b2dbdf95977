package dev.inkwell.serving.admission;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Pixels being decoded and read at once, bounded: a request costs its pictures' pixels. The last
 * {@code reserve} pixels of the capacity are kept for small requests (at most {@code reserve} pixels each), so a
 * flood of large pictures fills only {@code capacity - reserve} and small requests are still admitted beside it. A
 * large request over that share is charged the whole share: it runs with no other large one, and is never refused
 * for its size alone.
 *
 * <p>A large request that does not fit may wait for room ({@link #acquire(long, Duration)}), first come first served
 * and at most {@code maxWaiting} at a time: two drawings sent at the same moment are both answered, a few milliseconds
 * apart, instead of one being told to come back in a second. Small requests never wait behind large ones: they have
 * their reserve, and are refused at once in the rare case it is full.
 */
public final class PixelBudget {
    private final long capacity;
    private final long reserve;
    private final int maxWaiting;
    private final ReentrantLock lock = new ReentrantLock();
    private final ArrayDeque<Waiter> waiting = new ArrayDeque<>();
    private long used;

    /** A large request waiting for room; granted (and charged) by whoever releases enough. */
    private static final class Waiter {
        final long charge;
        final Condition turn;
        boolean granted;

        Waiter(long charge, Condition turn) {
            this.charge = charge;
            this.turn = turn;
        }
    }

    /**
     * @param capacity pixels in flight at most (> 0)
     * @param reserve  the part kept for small requests, and the largest cost that counts as small (0 ≤ reserve < capacity)
     */
    public PixelBudget(long capacity, long reserve) {
        this(capacity, reserve, 0);
    }

    /** @param maxWaiting large requests that may wait for room at once (0: none waits, as {@link #tryAcquire}) */
    public PixelBudget(long capacity, long reserve, int maxWaiting) {
        if (capacity <= 0) throw new IllegalArgumentException("the pixel capacity must be positive, not " + capacity);
        if (reserve < 0 || reserve >= capacity) {
            throw new IllegalArgumentException("the reserve must be at least 0 and under the capacity " + capacity + ", not " + reserve);
        }
        if (maxWaiting < 0) throw new IllegalArgumentException("the waiting requests must be 0 or more, not " + maxWaiting);
        this.capacity = capacity;
        this.reserve = reserve;
        this.maxWaiting = maxWaiting;
    }

    /**
     * Takes {@code pixels} if they fit; returns what was taken (to {@link #release}), or -1 when they do not fit now.
     * A large request is charged at most the large requests' share.
     */
    public long tryAcquire(long pixels) {
        try {
            return acquire(pixels, Duration.ZERO);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // not reached: nothing waits
            return -1;
        }
    }

    /**
     * As {@link #tryAcquire}, but a large request that does not fit waits up to {@code maxWait} for room, behind the
     * large requests already waiting (when fewer than {@code maxWaiting} are): -1 when the time is up or the queue is
     * full.
     */
    public long acquire(long pixels, Duration maxWait) throws InterruptedException {
        if (pixels < 0) throw new IllegalArgumentException("negative cost " + pixels);
        boolean small = !isLarge(pixels);
        long charge = small ? pixels : Math.min(pixels, capacity - reserve);
        lock.lock();
        try {
            if (small) {
                if (used + charge > capacity) return -1;
                used += charge;
                return charge;
            }
            if (waiting.isEmpty() && used + charge <= capacity - reserve) { // no one ahead, and room
                used += charge;
                return charge;
            }
            long nanos = maxWait.toNanos();
            if (nanos <= 0 || waiting.size() >= maxWaiting) return -1;
            Waiter me = new Waiter(charge, lock.newCondition());
            waiting.addLast(me);
            try {
                while (!me.granted) {
                    if (nanos <= 0) {
                        waiting.remove(me);
                        grant(); // those behind may fit where this one did not
                        return -1;
                    }
                    nanos = me.turn.awaitNanos(nanos);
                }
                return charge;
            } catch (InterruptedException e) {
                if (me.granted) {
                    used -= charge;
                } else {
                    waiting.remove(me);
                }
                grant();
                throw e;
            }
        } finally {
            lock.unlock();
        }
    }

    /** Whether a request of {@code pixels} is a large one: over the small requests' reserve, charged to the large share. */
    public boolean isLarge(long pixels) {
        return pixels > reserve;
    }

    /** Gives back what {@link #tryAcquire} or {@link #acquire} took. */
    public void release(long charge) {
        lock.lock();
        try {
            if (charge < 0 || charge > used) throw new IllegalStateException("releasing " + charge + " of " + used + " pixels in flight");
            used -= charge;
            grant();
        } finally {
            lock.unlock();
        }
    }

    /** Admits waiting requests in their order while the first of them fits. Called holding the lock. */
    private void grant() {
        while (!waiting.isEmpty() && used + waiting.peekFirst().charge <= capacity - reserve) {
            Waiter next = waiting.pollFirst();
            used += next.charge;
            next.granted = true;
            next.turn.signal();
        }
    }

    public long inFlight() {
        lock.lock();
        try {
            return used;
        } finally {
            lock.unlock();
        }
    }

    /** Large requests waiting for room now. */
    public int waiting() {
        lock.lock();
        try {
            return waiting.size();
        } finally {
            lock.unlock();
        }
    }

    public long capacity() {
        return capacity;
    }

    public long reserve() {
        return reserve;
    }
}
