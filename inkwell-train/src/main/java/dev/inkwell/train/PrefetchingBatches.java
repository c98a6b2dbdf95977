package dev.inkwell.train;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Random;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * One epoch of batches, shuffled and augmented on a background thread while the trainer works on the previous
 * batches. Order and augmentation come from one seeded {@link Random} used by that single thread, so an epoch is
 * the same whenever it is replayed (which is what makes {@code --resume} exact).
 */
final class PrefetchingBatches implements Iterator<HostBatch>, AutoCloseable {
    private static final HostBatch END = new HostBatch(new float[0], new int[0], 0);
    private static final int QUEUE = 6;

    private final BlockingQueue<Object> queue = new ArrayBlockingQueue<>(QUEUE);
    private final Thread worker;
    private Object next;

    PrefetchingBatches(ImageSet set, int batchSize, boolean shuffle, Augmentation augment, long seed, float mean, float std) {
        worker = Thread.ofPlatform().daemon().name("inkwell-batches").start(() -> produce(set, batchSize, shuffle, augment, seed, mean, std));
    }

    private void produce(ImageSet set, int batchSize, boolean shuffle, Augmentation augment, long seed, float mean, float std) {
        try {
            Random random = new Random(seed);
            int n = set.size();
            int[] order = shuffle ? ImageSet.shuffled(n, random) : identity(n);
            int per = set.shape().pixels();
            for (int start = 0; start < n; start += batchSize) {
                int size = Math.min(batchSize, n - start);
                float[] x = new float[size * per];
                int[] y = new int[size];
                for (int i = 0; i < size; i++) {
                    int idx = order[start + i];
                    augment.apply(set, idx, x, i * per, random, mean, std);
                    y[i] = set.labels()[idx];
                }
                queue.put(new HostBatch(x, y, size));
            }
            queue.put(END);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            queue.offer(e);
        }
    }

    private static int[] identity(int n) {
        int[] a = new int[n];
        for (int i = 0; i < n; i++) a[i] = i;
        return a;
    }

    @Override
    public boolean hasNext() {
        if (next == null) {
            try {
                next = queue.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for a batch", e);
            }
        }
        if (next instanceof RuntimeException e) throw e;
        return next != END;
    }

    @Override
    public HostBatch next() {
        if (!hasNext()) throw new NoSuchElementException();
        HostBatch b = (HostBatch) next;
        next = null;
        return b;
    }

    @Override
    public void close() {
        worker.interrupt();
    }
}
