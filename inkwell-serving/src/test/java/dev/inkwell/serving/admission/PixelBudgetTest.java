package dev.inkwell.serving.admission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class PixelBudgetTest {

    @Test
    void largeRequestsFillOnlyTheirShareAndSmallOnesStillFit() {
        PixelBudget b = new PixelBudget(1_000_000, 100_000);
        assertThat(b.tryAcquire(360_000)).isEqualTo(360_000);
        assertThat(b.tryAcquire(360_000)).isEqualTo(360_000);
        assertThat(b.tryAcquire(360_000)).as("a third large one would eat into the small requests' reserve").isEqualTo(-1);
        for (int i = 0; i < 100; i++) assertThat(b.tryAcquire(784)).as("small request %d", i).isEqualTo(784);
        assertThat(b.inFlight()).isEqualTo(720_000 + 78_400);
    }

    @Test
    void aRequestLargerThanTheLargeShareIsChargedTheShareAndRunsAlone() {
        PixelBudget b = new PixelBudget(1_000_000, 100_000);
        assertThat(b.tryAcquire(40_000_000)).isEqualTo(900_000);
        assertThat(b.tryAcquire(200_000)).isEqualTo(-1);
        assertThat(b.tryAcquire(50_000)).as("small ones still fit beside it").isEqualTo(50_000);
        b.release(900_000);
        assertThat(b.tryAcquire(200_000)).isEqualTo(200_000);
    }

    @Test
    void smallRequestsMayUseTheWholeCapacity() {
        PixelBudget b = new PixelBudget(10_000, 1_000);
        for (int i = 0; i < 10; i++) assertThat(b.tryAcquire(1_000)).isEqualTo(1_000);
        assertThat(b.tryAcquire(1)).isEqualTo(-1);
        assertThat(b.tryAcquire(1_001)).as("a large one finds no room either").isEqualTo(-1);
    }

    @Test
    void badSettingsAndBadUseAreRefused() {
        assertThatThrownBy(() -> new PixelBudget(0, 0)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("positive");
        assertThatThrownBy(() -> new PixelBudget(100, 100)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("reserve");
        assertThatThrownBy(() -> new PixelBudget(100, -1)).isInstanceOf(IllegalArgumentException.class);
        PixelBudget b = new PixelBudget(100, 10);
        assertThatThrownBy(() -> b.tryAcquire(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.release(1)).isInstanceOf(IllegalStateException.class).hasMessageContaining("releasing 1 of 0");
    }

    @Test
    void aLargeRequestWaitsForRoomAndGetsInWhenItIsGiven() throws Exception {
        PixelBudget b = new PixelBudget(1_000_000, 100_000, 4);
        long first = b.tryAcquire(500_000);
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<Long> second = threads.submit(() -> b.acquire(500_000, Duration.ofSeconds(60)));
            awaitWaiting(b, 1);
            assertThat(b.tryAcquire(300_000)).as("a newcomer does not jump the queue").isEqualTo(-1);
            assertThat(b.tryAcquire(50_000)).as("small ones do not wait behind large ones").isEqualTo(50_000);
            b.release(first);
            assertThat(second.get(60, TimeUnit.SECONDS)).isEqualTo(500_000);
        }
        assertThat(b.inFlight()).isEqualTo(550_000); // the second and the small one
        assertThat(b.waiting()).isZero();
    }

    @Test
    void waitingRequestsAreAdmittedInTheOrderTheyCame() throws Exception {
        PixelBudget b = new PixelBudget(1_000_000, 100_000, 8);
        long held = b.tryAcquire(900_000);
        List<Integer> order = new CopyOnWriteArrayList<>();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Long>> waiters = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                int n = i;
                waiters.add(threads.submit(() -> {
                    long c = b.acquire(600_000, Duration.ofSeconds(60)); // one at a time: 600,000 of a 900,000 share
                    order.add(n);
                    return c;
                }));
                awaitWaiting(b, i + 1);
            }
            b.release(held);
            for (int i = 0; i < 5; i++) {
                awaitOrder(order, i + 1);
                b.release(waiters.get(order.get(i)).get(60, TimeUnit.SECONDS));
            }
        }
        assertThat(order).containsExactly(0, 1, 2, 3, 4);
        assertThat(b.inFlight()).isZero();
    }

    @Test
    void aWaitThatRunsOutIsRefusedAndLetsThoseBehindItIn() throws Exception {
        PixelBudget b = new PixelBudget(1_000_000, 100_000, 8);
        long held = b.tryAcquire(300_000);
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<Long> big = threads.submit(() -> b.acquire(900_000, Duration.ofMillis(300))); // never fits while held
            awaitWaiting(b, 1);
            Future<Long> behind = threads.submit(() -> b.acquire(500_000, Duration.ofSeconds(60))); // fits, but queued
            awaitWaiting(b, 2);
            assertThat(big.get(60, TimeUnit.SECONDS)).isEqualTo(-1);
            assertThat(behind.get(60, TimeUnit.SECONDS)).as("admitted once the head gave up").isEqualTo(500_000);
        }
        b.release(held);
        b.release(500_000);
        assertThat(b.inFlight()).isZero();
    }

    @Test
    void aFullQueueRefusesAtOnceAndAnInterruptedWaiterTakesNothing() throws Exception {
        PixelBudget b = new PixelBudget(1_000_000, 100_000, 1);
        long held = b.tryAcquire(900_000);
        Thread waiter = Thread.ofVirtual().start(() -> {
            try {
                b.acquire(500_000, Duration.ofSeconds(60));
            } catch (InterruptedException expected) {
                // what this test wants
            }
        });
        awaitWaiting(b, 1);
        long start = System.nanoTime();
        assertThat(b.acquire(500_000, Duration.ofSeconds(60))).as("the queue of one is full").isEqualTo(-1);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(30));
        waiter.interrupt();
        waiter.join(60_000);
        assertThat(waiter.isAlive()).isFalse();
        assertThat(b.waiting()).isZero();
        assertThat(b.inFlight()).isEqualTo(held);
        assertThatThrownBy(() -> new PixelBudget(10, 1, -1)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("waiting");
    }

    /** Many threads acquiring with and without waits, releasing at random: the limits hold and everything comes back. */
    @Test
    void concurrentWaitersNeverExceedTheLimits() throws Exception {
        PixelBudget b = new PixelBudget(1_000_000, 100_000, 16);
        AtomicLong large = new AtomicLong();
        AtomicLong worst = new AtomicLong();
        AtomicLong worstLarge = new AtomicLong();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int t = 0; t < 24; t++) {
                long seed = t;
                threads.submit(() -> {
                    Random r = new Random(seed);
                    for (int i = 0; i < 300; i++) {
                        long cost = r.nextBoolean() ? 1 + r.nextInt(100_000) : 100_001 + r.nextInt(1_500_000);
                        long c = b.acquire(cost, Duration.ofMillis(r.nextInt(3)));
                        if (c < 0) continue;
                        boolean isLarge = c > b.reserve();
                        if (isLarge) worstLarge.accumulateAndGet(large.addAndGet(c), Math::max);
                        worst.accumulateAndGet(b.inFlight(), Math::max);
                        if (r.nextInt(4) == 0) Thread.yield();
                        if (isLarge) large.addAndGet(-c);
                        b.release(c);
                    }
                    return null;
                });
            }
        }
        assertThat(worst.get()).isLessThanOrEqualTo(1_000_000);
        assertThat(worstLarge.get()).isLessThanOrEqualTo(900_000);
        assertThat(b.inFlight()).isZero();
        assertThat(b.waiting()).isZero();
    }

    private static void awaitWaiting(PixelBudget b, int n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (b.waiting() < n) {
            if (System.nanoTime() > deadline) throw new AssertionError("never " + n + " waiting");
            Thread.sleep(1);
        }
    }

    private static void awaitOrder(List<Integer> order, int n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (order.size() < n) {
            if (System.nanoTime() > deadline) throw new AssertionError("never " + n + " admitted: " + order);
            Thread.sleep(1);
        }
    }

    /** Whatever the order of acquisitions and releases: never over capacity, large ones never over their share, all released is 0. */
    @Property
    void neverOverTheLimitsAndEverythingComesBack(@ForAll @Size(max = 200) List<@LongRange(min = 0, max = 2_000_000) Long> costs,
                                                  @ForAll @LongRange(min = 1, max = 5_000_000) long capacity) {
        PixelBudget b = new PixelBudget(capacity, capacity / 8);
        Deque<Long> held = new ArrayDeque<>();
        long large = 0;
        for (long cost : costs) {
            if (cost % 3 == 0 && !held.isEmpty()) {
                long c = held.pop();
                b.release(c);
                if (c > b.reserve()) large -= c;
                continue;
            }
            long charge = b.tryAcquire(cost);
            if (charge >= 0) {
                held.push(charge);
                if (charge > b.reserve()) large += charge;
                assertThat(charge).isLessThanOrEqualTo(cost);
            }
            assertThat(b.inFlight()).isLessThanOrEqualTo(capacity);
            assertThat(large).isLessThanOrEqualTo(capacity - b.reserve());
        }
        while (!held.isEmpty()) b.release(held.pop());
        assertThat(b.inFlight()).isZero();
    }
}
