package dev.inkwell.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EarlyStoppingTest {
    static EpochRecord epoch(int n, double validationAccuracy) {
        return new EpochRecord(n, 1, 0.5, 1, validationAccuracy, 0.01, 100, 1);
    }

    @Test
    void stopsAfterPatienceEpochsWithoutABetterValidationAccuracy() {
        EarlyStopping s = new EarlyStopping(2);
        List<EpochRecord> h = new ArrayList<>(List.of(epoch(1, 0.90), epoch(2, 0.95), epoch(3, 0.94)));
        s.replay(h);
        assertThat(s.shouldStop()).isFalse();
        assertThat(s.bestEpoch()).isEqualTo(2);
        s.replay(List.of(epoch(4, 0.95)));
        assertThat(s.shouldStop()).isTrue();
        assertThat(s.bestAccuracy()).isEqualTo(0.95);
    }

    @Test
    void withoutValidationItNeverStopsAndPatienceZeroNeverStops() {
        EarlyStopping noValidation = new EarlyStopping(1);
        for (int i = 1; i <= 10; i++) noValidation.replay(List.of(epoch(i, Double.NaN)));
        assertThat(noValidation.shouldStop()).isFalse();
        EarlyStopping never = new EarlyStopping(0);
        for (int i = 1; i <= 10; i++) never.replay(List.of(epoch(i, 0.5)));
        assertThat(never.shouldStop()).isFalse();
        assertThat(never.bestEpoch()).isEqualTo(1);
    }
}
