package dev.inkwell.image;

import dev.inkwell.core.IdlePool;

/**
 * Buffers for a picture's inflated rows, reused: a 600×600 canvas inflates to 1.4 MB, a third of what reading it
 * allocated, and such buffers outlived the young collections that found them in use (with a small young generation
 * they were promoted, and the old generation grew instead of being collected). At most two per core are kept, none
 * over {@link #MAX_KEPT} bytes, so what stays is a few MB at most.
 */
final class RowBuffers {
    /** Larger buffers are never kept: a rare huge picture should not hold its memory for good. */
    static final int MAX_KEPT = 4 << 20;
    private static final IdlePool<byte[]> IDLE = new IdlePool<>(2 * Runtime.getRuntime().availableProcessors());

    private RowBuffers() {
    }

    /** A buffer of at least {@code size} bytes (its contents are whatever the last user left). */
    static byte[] take(int size) {
        byte[] b = IDLE.poll();
        return b != null && b.length >= size ? b : new byte[size]; // a kept one that is too small goes
    }

    /** Hands {@code buffer} back; the caller no longer touches it. */
    static void give(byte[] buffer) {
        if (buffer.length <= MAX_KEPT) IDLE.offer(buffer);
    }

    /** Buffers kept now (tests). */
    static int kept() {
        return IDLE.size();
    }
}
