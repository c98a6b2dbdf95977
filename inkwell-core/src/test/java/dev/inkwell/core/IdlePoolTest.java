package dev.inkwell.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The bounded pool reused buffers wait in (RowBuffers, WholeInflate, preprocessing's scratch arrays). */
class IdlePoolTest {
    @Test
    void keepsAtMostItsMaximumAndHandsThemOutOnce() {
        IdlePool<Object> pool = new IdlePool<>(2);
        assertThat(pool.poll()).isNull();
        Object a = new Object();
        Object b = new Object();
        assertThat(pool.offer(a)).isTrue();
        assertThat(pool.offer(b)).isTrue();
        assertThat(pool.offer(new Object())).as("a third is let go").isFalse();
        assertThat(pool.size()).isEqualTo(2);
        assertThat(pool.poll()).isSameAs(a);
        assertThat(pool.poll()).isSameAs(b);
        assertThat(pool.poll()).isNull();
        assertThat(pool.size()).isZero();
    }
}
