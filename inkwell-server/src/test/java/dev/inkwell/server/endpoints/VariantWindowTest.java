package dev.inkwell.server.endpoints;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** The rolling windows behind GET /v1/endpoints/{name}/stats, on a clock the test moves. */
class VariantWindowTest {
    private static final long MS = 1_000_000L;
    private static final long S = 1_000 * MS;
    /** Any start: nanoTime may be negative, and slots must not care. */
    private static final long T0 = -7 * S - 3 * MS;

    @Test
    void requestsPerSecondCountTheLastTenSecondsOnly() {
        VariantWindow w = new VariantWindow();
        for (int i = 0; i < 50; i++) w.record(T0 + i * 100 * MS, MS, 0.9, 1, 0, 0);
        VariantWindow.Figures now = w.figures(T0 + 5 * S, 60 * S);
        assertThat(now.requests()).isEqualTo(50);
        assertThat(now.perSecond()).isCloseTo(5.0, within(1e-9));
        assertThat(now.perSecondSinceStart()).isCloseTo(50 / 60.0, within(1e-9));
        VariantWindow.Figures later = w.figures(T0 + 20 * S, 75 * S);
        assertThat(later.requests()).isEqualTo(50);
        assertThat(later.perSecond()).isZero();
        assertThat(later.latencyMs()).as("still inside the 60 s sample window").isNotNull();
    }

    @Test
    void aReplicaUpForLessThanTheWindowDividesByItsUptimeButAtLeastASecond() {
        VariantWindow w = new VariantWindow();
        for (int i = 0; i < 10; i++) w.record(T0 + i * 10 * MS, MS, 0.9, 1, 0, 0);
        assertThat(w.figures(T0 + 2 * S, 2 * S).perSecond()).isCloseTo(5.0, within(1e-9));
        assertThat(w.figures(T0 + 200 * MS, 200 * MS).perSecond()).isCloseTo(10.0, within(1e-9));
    }

    @Test
    void latencyPercentilesAndMeanConfidenceComeFromTheRecentRequests() {
        VariantWindow w = new VariantWindow();
        for (int i = 100; i >= 1; i--) w.record(T0 + (100 - i) * MS, i * MS, i <= 50 ? 1.0 : 0.5, 1, 0, 0);
        w.record(T0 + 200 * MS, 50 * MS, 1.8, 2, 0, 0); // a batch of two inputs: confidence weighs by input
        VariantWindow.Figures f = w.figures(T0 + S, 60 * S);
        assertThat(f.recent()).isEqualTo(101);
        assertThat(f.latencyMs().p50()).isEqualTo(50.0);
        assertThat(f.latencyMs().p95()).isEqualTo(95.0);
        assertThat(f.latencyMs().p99()).isEqualTo(99.0);
        assertThat(f.latencyMs().mean()).isCloseTo((5050 + 50) / 101.0, within(1e-9));
        assertThat(f.meanConfidence()).isCloseTo((50 * 1.0 + 50 * 0.5 + 1.8) / 102, within(1e-9));
        assertThat(f.agreement()).as("not a shadow").isNull();
    }

    @Test
    void requestsOlderThanTheSampleWindowDropOut() {
        VariantWindow w = new VariantWindow();
        w.record(T0, 400 * MS, 0.2, 1, 0, 0);
        w.record(T0 + 30 * S, 2 * MS, 0.9, 1, 0, 0);
        VariantWindow.Figures f = w.figures(T0 + 70 * S, 70 * S);
        assertThat(f.recent()).isEqualTo(1);
        assertThat(f.latencyMs().p99()).isEqualTo(2.0);
        assertThat(f.meanConfidence()).isEqualTo(0.9);
        VariantWindow.Figures idle = w.figures(T0 + 100 * S, 100 * S);
        assertThat(idle.recent()).isZero();
        assertThat(idle.latencyMs()).isNull();
        assertThat(idle.meanConfidence()).isNull();
        assertThat(idle.requests()).isEqualTo(2);
        assertThat(idle.lastNanos()).isEqualTo(T0 + 30 * S);
    }

    @Test
    void aBusyVariantKeepsOnlyTheLastSamplesButCountsEveryRequest() {
        VariantWindow w = new VariantWindow();
        int n = VariantWindow.SAMPLES + 1000;
        for (int i = 0; i < n; i++) w.record(T0 + i * MS, i < 1000 ? 900 * MS : MS, 0.9, 1, 0, 0);
        VariantWindow.Figures f = w.figures(T0 + n * MS, 60 * S);
        assertThat(f.requests()).isEqualTo(n);
        assertThat(f.recent()).isEqualTo(VariantWindow.SAMPLES);
        assertThat(f.latencyMs().p99()).as("the slow first thousand have been overwritten").isEqualTo(1.0);
        assertThat(f.perSecond()).as("every request of the last 10 s counts, sampled or not").isCloseTo(n / 10.0, within(1e-9));
    }

    @Test
    void aShadowsAgreementIsTheShareOfItsReadingsThatMatchedTheAnswer() {
        VariantWindow w = new VariantWindow();
        w.record(T0, MS, 0.9, 1, 1, 1);
        w.record(T0 + MS, MS, 1.7, 2, 1, 2);
        w.record(T0 + 2 * MS, MS, 0.9, 1, 1, 1);
        VariantWindow.Figures f = w.figures(T0 + S, 60 * S);
        assertThat(f.agreement()).isEqualTo(0.75);
        assertThat(f.readingsCompared()).isEqualTo(4);
    }

    @Test
    void noTrafficIsAllZeroAndNull() {
        VariantWindow.Figures f = new VariantWindow().figures(T0, S);
        assertThat(f.requests()).isZero();
        assertThat(f.perSecond()).isZero();
        assertThat(f.latencyMs()).isNull();
        assertThat(f.meanConfidence()).isNull();
        assertThat(f.lastNanos()).isNull();
    }
}
