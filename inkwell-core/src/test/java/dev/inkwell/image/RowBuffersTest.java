package dev.inkwell.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/** The inflated rows' buffers: reused, never too small, never huge ones kept, never two users of one buffer. */
class RowBuffersTest {
    @Test
    void aBufferHandedBackIsTakenAgainWhenLargeEnough() {
        drain();
        byte[] first = RowBuffers.take(1000);
        assertThat(first).hasSizeGreaterThanOrEqualTo(1000);
        RowBuffers.give(first);
        assertThat(RowBuffers.take(900)).isSameAs(first);
        RowBuffers.give(first);
        byte[] bigger = RowBuffers.take(5000);
        assertThat(bigger).isNotSameAs(first).hasSizeGreaterThanOrEqualTo(5000);
    }

    @Test
    void hugeBuffersAreNotKept() {
        drain();
        RowBuffers.give(new byte[RowBuffers.MAX_KEPT + 1]);
        assertThat(RowBuffers.kept()).isZero();
    }

    @Test
    void atMostTwoPerCoreAreKept() {
        drain();
        for (int i = 0; i < 100; i++) RowBuffers.give(new byte[16]);
        assertThat(RowBuffers.kept()).isEqualTo(2 * Runtime.getRuntime().availableProcessors());
        drain();
    }

    @Test
    void threadsTakingAtOnceNeverShareABuffer() throws InterruptedException {
        drain();
        int threads = 16;
        Set<byte[]> inUse = ConcurrentHashMap.newKeySet();
        List<Throwable> failures = new ArrayList<>();
        CountDownLatch done = new CountDownLatch(threads);
        for (int t = 0; t < threads; t++) {
            Thread.ofVirtual().start(() -> {
                try {
                    for (int i = 0; i < 2000; i++) {
                        byte[] b = RowBuffers.take(64 + i % 7);
                        if (!inUse.add(b)) throw new AssertionError("a buffer handed out twice");
                        b[0] = 1;
                        inUse.remove(b);
                        RowBuffers.give(b);
                    }
                } catch (Throwable e) {
                    synchronized (failures) {
                        failures.add(e);
                    }
                } finally {
                    done.countDown();
                }
            });
        }
        done.await();
        assertThat(failures).isEmpty();
        assertThat(RowBuffers.kept()).isBetween(0, 2 * Runtime.getRuntime().availableProcessors());
        Set<byte[]> distinct = Collections.newSetFromMap(new IdentityHashMap<>());
        drain(distinct);
        assertThat(distinct).hasSizeLessThanOrEqualTo(2 * Runtime.getRuntime().availableProcessors());
    }

    private static void drain() {
        drain(new HashSet<>());
    }

    private static void drain(Set<byte[]> into) {
        while (RowBuffers.kept() > 0) into.add(RowBuffers.take(0));
    }
}
