package dev.inkwell.serving.admission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
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
