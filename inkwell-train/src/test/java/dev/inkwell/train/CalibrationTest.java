package dev.inkwell.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class CalibrationTest {
    /** Softmax rows of random logits, and labels drawn from softmax(trueSharpness · logits). */
    private record Data(float[] p, int[] labels) {
    }

    private static Data sample(long seed, int n, int k, double trueSharpness) {
        Random random = new Random(seed);
        float[] p = new float[n * k];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            double[] z = new double[k];
            for (int j = 0; j < k; j++) z[j] = random.nextGaussian() * 3;
            double[] soft = softmax(z, 1);
            for (int j = 0; j < k; j++) p[i * k + j] = (float) soft[j];
            double[] truth = softmax(z, trueSharpness);
            double u = random.nextDouble();
            int label = k - 1;
            for (int j = 0; j < k; j++) {
                u -= truth[j];
                if (u < 0) {
                    label = j;
                    break;
                }
            }
            labels[i] = label;
        }
        return new Data(p, labels);
    }

    private static double[] softmax(double[] z, double sharpness) {
        double max = Double.NEGATIVE_INFINITY;
        for (double v : z) max = Math.max(max, sharpness * v);
        double sum = 0;
        double[] out = new double[z.length];
        for (int j = 0; j < z.length; j++) sum += out[j] = Math.exp(sharpness * z[j] - max);
        for (int j = 0; j < z.length; j++) out[j] /= sum;
        return out;
    }

    @Test
    void recoversTheTemperatureThatGeneratedTheLabels() {
        Data under = sample(1, 6000, 10, 2.5); // the model's probabilities are too soft: T should come out ~0.4
        Calibration c = Calibration.fit(under.p(), under.labels(), 10);
        assertThat(c.temperature()).isCloseTo(0.4, within(0.06));
        assertThat(c.logLossAfter()).isLessThan(c.logLossBefore());

        Data over = sample(2, 6000, 10, 0.5); // too sharp: T ~2
        assertThat(Calibration.fit(over.p(), over.labels(), 10).temperature()).isCloseTo(2.0, within(0.3));
    }

    @Property(tries = 40)
    void theFittedTemperatureIsNeverWorseThanNoneNorThanItsNeighbours(@ForAll @LongRange(min = 0, max = 1_000_000) long seed) {
        Random random = new Random(seed);
        Data d = sample(seed, 50 + random.nextInt(400), 2 + random.nextInt(9), 0.2 + random.nextDouble() * 4);
        int k = d.p().length / d.labels().length;
        Calibration c = Calibration.fit(d.p(), d.labels(), k);
        assertThat(c.temperature()).isBetween(0.05 - 1e-9, 20 + 1e-9);
        assertThat(c.logLossAfter()).isLessThanOrEqualTo(c.logLossBefore() + 1e-12);
        double[] logits = new double[d.p().length];
        for (int i = 0; i < logits.length; i++) logits[i] = Math.log(Math.max(1e-30, d.p()[i]));
        double at = Calibration.logLoss(logits, d.labels(), k, 1 / c.temperature());
        assertThat(at).isCloseTo(c.logLossAfter(), within(1e-9));
        if (c.temperature() != 1) {
            // neighbours inside the searched range (T in [0.05, 20]): at a bound the optimum may lie beyond it
            double sharpness = 1 / c.temperature();
            if (sharpness * 1.05 <= 20) {
                assertThat(at).isLessThanOrEqualTo(Calibration.logLoss(logits, d.labels(), k, sharpness * 1.05) + 1e-9);
            }
            if (sharpness * 0.95 >= 0.05) {
                assertThat(at).isLessThanOrEqualTo(Calibration.logLoss(logits, d.labels(), k, sharpness * 0.95) + 1e-9);
            }
        }
    }

    @Test
    void refusesMismatchedOrEmptyInput() {
        assertThatThrownBy(() -> Calibration.fit(new float[0], new int[0], 10)).hasMessageContaining("at least one");
        assertThatThrownBy(() -> Calibration.fit(new float[15], new int[2], 10)).hasMessageContaining("15 probabilities for 2 images");
    }
}
