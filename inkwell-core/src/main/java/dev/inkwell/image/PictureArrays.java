package dev.inkwell.image;

import dev.inkwell.core.IdlePool;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Picture-sized float arrays (a decoded picture's luma and opacity) reused from one picture to the next. A 600×600
 * canvas decoded into a new 1.4 MB array per request, zeroed, filled and dropped, and one in flight when a young
 * collection came was promoted, growing the old generation (and the resident memory with it) for good under the
 * serial collector. Reused, they are made once per size and stay put: canvases read 2-19 % more a second at 16 and
 * 64 clients, and a server that read them holds less (docs/serve.md, stop 39).
 *
 * <p>Only arrays of {@link #MIN_POOLED} to {@link #MAX_KEPT} elements go through here (smaller ones cost the young
 * generation little; a rare huge picture must not hold its memory for good), and at most {@link #BUDGET} elements are
 * kept in all. An array is handed out only at exactly the length asked for, since a picture's arrays match its size;
 * its contents are whatever its last user left, so its taker writes every element before reading any.
 */
final class PictureArrays {
    /** Arrays shorter than this (a 256×256 picture) are made and dropped as before. */
    static final int MIN_POOLED = 1 << 16;
    /** Arrays longer than this (a 1024×1024 picture) are never kept. */
    static final int MAX_KEPT = 1 << 20;
    /** Elements kept in all: 8 MB of floats, e.g. five 600×600 pictures. */
    static final long BUDGET = 2L << 20;
    private static final IdlePool<float[]> IDLE = new IdlePool<>(4 * Runtime.getRuntime().availableProcessors());
    private static final AtomicLong KEPT = new AtomicLong();

    private PictureArrays() {
    }

    /** Whether an array of {@code length} elements is taken from, and given back to, this pool. */
    static boolean pooled(int length) {
        return length >= MIN_POOLED && length <= MAX_KEPT;
    }

    /**
     * An array of exactly {@code length} floats: a kept one where there is one of that length, else a new one (its
     * contents then are zeros; a kept one's are whatever its last user left).
     */
    static float[] take(int length) {
        if (!pooled(length)) return new float[length];
        List<float[]> other = null; // kept arrays of another size: handed back, so that a mix of sizes keeps both
        float[] found = null;
        for (float[] a; found == null && (a = IDLE.poll()) != null; ) {
            if (a.length == length) {
                found = a;
            } else {
                if (other == null) other = new ArrayList<>(2);
                other.add(a);
            }
        }
        if (found != null) KEPT.addAndGet(-length);
        if (other != null) {
            for (float[] a : other) {
                if (!IDLE.offer(a)) KEPT.addAndGet(-a.length);
            }
        }
        return found != null ? found : new float[length];
    }

    /** Keeps {@code a} for the next picture of its size, within the budget; the caller no longer touches it. */
    static void give(float[] a) {
        if (a == null || !pooled(a.length)) return;
        if (KEPT.addAndGet(a.length) > BUDGET || !IDLE.offer(a)) KEPT.addAndGet(-a.length);
    }

    /** Lets every kept array go (tests start from an empty pool). */
    static void clear() {
        for (float[] a; (a = IDLE.poll()) != null; ) KEPT.addAndGet(-a.length);
    }

    /** Elements kept now (tests). */
    static long kept() {
        return KEPT.get();
    }
}
