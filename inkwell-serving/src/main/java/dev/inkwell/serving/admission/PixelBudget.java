package dev.inkwell.serving.admission;

/**
 * Pixels being decoded and read at once, bounded: a request costs its pictures' pixels. The last
 * {@code reserve} pixels of the capacity are kept for small requests (at most {@code reserve} pixels each), so a
 * flood of large pictures fills only {@code capacity - reserve} and small requests are still admitted beside it. A
 * large request over that share is charged the whole share: it runs with no other large one, and is never refused
 * for its size alone.
 */
public final class PixelBudget {
    private final long capacity;
    private final long reserve;
    private long used;

    /**
     * @param capacity pixels in flight at most (> 0)
     * @param reserve  the part kept for small requests, and the largest cost that counts as small (0 ≤ reserve < capacity)
     */
    public PixelBudget(long capacity, long reserve) {
        if (capacity <= 0) throw new IllegalArgumentException("the pixel capacity must be positive, not " + capacity);
        if (reserve < 0 || reserve >= capacity) {
            throw new IllegalArgumentException("the reserve must be at least 0 and under the capacity " + capacity + ", not " + reserve);
        }
        this.capacity = capacity;
        this.reserve = reserve;
    }

    /**
     * Takes {@code pixels} if they fit; returns what was taken (to {@link #release}), or -1 when they do not fit now.
     * A large request is charged at most the large requests' share.
     */
    public synchronized long tryAcquire(long pixels) {
        if (pixels < 0) throw new IllegalArgumentException("negative cost " + pixels);
        boolean small = pixels <= reserve;
        long charge = small ? pixels : Math.min(pixels, capacity - reserve);
        long limit = small ? capacity : capacity - reserve;
        if (used + charge > limit) return -1;
        used += charge;
        return charge;
    }

    /** Gives back what {@link #tryAcquire} took. */
    public synchronized void release(long charge) {
        if (charge < 0 || charge > used) throw new IllegalStateException("releasing " + charge + " of " + used + " pixels in flight");
        used -= charge;
    }

    public synchronized long inFlight() {
        return used;
    }

    public long capacity() {
        return capacity;
    }

    public long reserve() {
        return reserve;
    }
}
