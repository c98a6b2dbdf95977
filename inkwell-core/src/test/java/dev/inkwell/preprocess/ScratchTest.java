package dev.inkwell.preprocess;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Kept working arrays: one that fits is reused; one too small for the picture asking stays kept for the next small
 * picture instead of being dropped (a kept array is old, and dropped it would be garbage in the old generation).
 */
class ScratchTest {
    @Test
    void aKeptArrayTooSmallStaysKeptAndOneThatFitsIsReused() {
        List<float[]> held = new ArrayList<>();
        while (Scratch.keptFloats() > 0) held.add(Scratch.floats(1)); // an empty pool to start from
        float[] small = new float[Scratch.MIN_SIZE];
        Scratch.give(small);
        assertThat(Scratch.keptFloats()).isEqualTo(1);

        float[] big = Scratch.floats(Scratch.MIN_SIZE + 1);
        assertThat(big).isNotSameAs(small).hasSizeGreaterThanOrEqualTo(Scratch.MIN_SIZE + 1);
        assertThat(Scratch.keptFloats()).as("the small one is still kept").isEqualTo(1);
        assertThat(Scratch.floats(100)).isSameAs(small);
        assertThat(Scratch.keptFloats()).isZero();

        Scratch.give(big);
        Scratch.give(small);
        assertThat(Scratch.floats(Scratch.MIN_SIZE + 1)).as("the big one fits").isSameAs(big);
        Scratch.give(new float[Scratch.MAX_KEPT + 1]);
        assertThat(Scratch.keptFloats()).as("never one over the limit").isEqualTo(1);
        held.forEach(Scratch::give);
    }
}
