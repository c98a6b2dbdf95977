package dev.inkwell.train;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps glibc's malloc from handing libtorch's freed tensor memory back to the kernel after every operation.
 *
 * <p>A training step allocates and frees dozens of multi-megabyte activations and gradients. In a JVM the training
 * thread is not the process's main thread, so glibc serves it from a per-thread arena, where buffers above the
 * mmap threshold are mmapped and unmapped on every free, and emptied heaps are trimmed. Each new buffer then costs
 * one page fault per 4 KiB plus the kernel zeroing the page: measured on a compact MNIST epoch, about 9× the page
 * faults of the same loop in Python (whose main thread reuses its heap) and a fifth of the epoch's CPU time, most
 * of it in element-wise kernels (ReLU, its gradient, the zeroing in max-pool's backward). Fixed thresholds keep
 * those buffers in the heap for reuse, as a long-running process such as a trainer wants; the cost is that up to
 * {@link #TRIM_THRESHOLD} of freed memory stays resident.
 *
 * <p>Applied once, before libtorch is loaded; skipped off glibc, when the user set any {@code MALLOC_*_} variable
 * (theirs wins) or {@code INKWELL_MALLOC_TUNING=off}.
 */
final class NativeAllocator {
    private static final Logger LOG = LoggerFactory.getLogger(NativeAllocator.class);
    // <malloc.h>
    private static final int M_TRIM_THRESHOLD = -1;
    private static final int M_TOP_PAD = -2;
    private static final int M_MMAP_THRESHOLD = -3;
    /** glibc's ceiling for a fixed mmap threshold on 64-bit (HEAP_MAX_SIZE / 2): every activation fits below it. */
    static final int MMAP_THRESHOLD = 32 << 20;
    static final int TRIM_THRESHOLD = 512 << 20;
    static final int TOP_PAD = 64 << 20;

    private NativeAllocator() {
    }

    /** Tunes glibc's allocator for training; returns whether it did. */
    static boolean tuneForTraining() {
        if ("off".equalsIgnoreCase(System.getenv("INKWELL_MALLOC_TUNING"))) return false;
        for (String name : System.getenv().keySet()) {
            if (name.startsWith("MALLOC_") && name.endsWith("_")) {
                LOG.debug("leaving malloc as configured by {}", name);
                return false;
            }
        }
        LibC c = LibC.load();
        if (c == null) {
            LOG.debug("cannot tune malloc: no C library (not Linux?)");
            return false;
        }
        // mallopt returns 1 on success; a fixed threshold also turns off glibc's dynamic adjustment
        boolean ok = c.mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD) == 1
                & c.mallopt(M_TRIM_THRESHOLD, TRIM_THRESHOLD) == 1
                & c.mallopt(M_TOP_PAD, TOP_PAD) == 1;
        LOG.debug("malloc tuned for training: {}", ok);
        return ok;
    }
}
