package dev.inkwell.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.inkwell.core.InvalidInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Splits, augmentation, batching and reading training data; no PyTorch needed. */
class DataPipelineTest {

    static ImageSet random(int n, int classes, long seed) {
        Random r = new Random(seed);
        byte[] px = new byte[n * 28 * 28];
        r.nextBytes(px);
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) labels[i] = r.nextInt(classes);
        List<String> names = new ArrayList<>();
        for (int i = 0; i < classes; i++) names.add("c" + i);
        return new ImageSet(new InputShape(1, 28, 28), px, labels, names);
    }

    @Property(tries = 30)
    void splitIsSeededAndComplete(@ForAll @IntRange(min = 2, max = 300) int n, @ForAll @LongRange(min = 0, max = 1000) long seed) {
        ImageSet set = random(n, 3, 1);
        ImageSet.Split a = set.split(0.25, seed);
        ImageSet.Split b = set.split(0.25, seed);
        assertThat(a.train().size() + a.validation().size()).isEqualTo(n);
        assertThat(a.validation().size()).isEqualTo((int) Math.round(n * 0.25));
        assertThat(a.train().pixels()).isEqualTo(b.train().pixels());
        assertThat(a.validation().labels()).isEqualTo(b.validation().labels());
    }

    @Test
    void identityAugmentationOnlyNormalises() {
        ImageSet set = random(2, 2, 3);
        float[] out = new float[784];
        Augmentation.NONE.apply(set, 1, out, 0, new Random(1), 0.5f, 0.25f);
        for (int i = 0; i < 784; i++) {
            assertThat(out[i]).isCloseTo(((set.pixels()[784 + i] & 0xff) / 255f - 0.5f) / 0.25f, within(1e-5f));
        }
    }

    @Property(tries = 50)
    void augmentationKeepsValuesInRangeAndMostOfTheInk(@ForAll @LongRange(min = 0, max = 100_000) long seed) {
        byte[] px = new byte[784];
        for (int y = 10; y < 18; y++) for (int x = 10; x < 18; x++) px[y * 28 + x] = (byte) 255; // a centred square
        ImageSet set = new ImageSet(new InputShape(1, 28, 28), px, new int[] {0}, List.of("a", "b"));
        float[] out = new float[784];
        Augmentation.DIGITS.apply(set, 0, out, 0, new Random(seed), 0f, 1f);
        double ink = 0;
        for (float v : out) {
            assertThat(v).isBetween(-1e-6f, 1f + 1e-6f);
            ink += v;
        }
        assertThat(ink).isBetween(64 * 0.6, 64 * 1.4); // scale ±8 % changes area by at most ~17 %
    }

    @Property(tries = 30)
    void elasticDistortionMovesInkLocallyButKeepsIt(@ForAll @LongRange(min = 0, max = 100_000) long seed) {
        byte[] px = new byte[784];
        for (int y = 6; y < 22; y++) for (int x = 12; x < 16; x++) px[y * 28 + x] = (byte) 255; // a vertical bar, like a 1
        ImageSet set = new ImageSet(new InputShape(1, 28, 28), px, new int[] {0}, List.of("a", "b"));
        Augmentation elasticOnly = new Augmentation(0, 0, 0, 0, Augmentation.ELASTIC_ALPHA, Augmentation.ELASTIC_SIGMA);
        float[] out = new float[784];
        elasticOnly.apply(set, 0, out, 0, new Random(seed), 0f, 1f);
        double ink = 0;
        double changed = 0;
        for (int i = 0; i < 784; i++) {
            assertThat(out[i]).isBetween(-1e-6f, 1f + 1e-6f);
            ink += out[i];
            changed += Math.abs(out[i] - (px[i] & 0xff) / 255f);
        }
        assertThat(ink).isBetween(64 * 0.6, 64 * 1.4);
        assertThat(changed).isGreaterThan(1.0); // the field really moves pixels
        float[] again = new float[784];
        elasticOnly.apply(set, 0, again, 0, new Random(seed), 0f, 1f);
        assertThat(again).isEqualTo(out); // seeded: resume replays the same distortion
    }

    @Test
    void elasticNeedsAPositiveSigma() {
        assertThatThrownBy(() -> new Augmentation(0, 0, 0, 0, 34, 0)).hasMessageContaining("sigma");
    }

    @Test
    void batchesCoverTheEpochOnceInASeededOrder() {
        ImageSet set = random(250, 5, 4);
        int[] first = labelsOf(new PrefetchingBatches(set, 64, true, Augmentation.DIGITS, 9, 0, 1));
        int[] again = labelsOf(new PrefetchingBatches(set, 64, true, Augmentation.DIGITS, 9, 0, 1));
        int[] other = labelsOf(new PrefetchingBatches(set, 64, true, Augmentation.DIGITS, 10, 0, 1));
        assertThat(first).hasSize(250).isEqualTo(again).isNotEqualTo(other);
        int[] sorted = first.clone();
        int[] expected = set.labels().clone();
        Arrays.sort(sorted);
        Arrays.sort(expected);
        assertThat(sorted).isEqualTo(expected);
    }

    private static int[] labelsOf(PrefetchingBatches batches) {
        try (batches) {
            List<Integer> all = new ArrayList<>();
            while (batches.hasNext()) for (int l : batches.next().labels()) all.add(l);
            return all.stream().mapToInt(Integer::intValue).toArray();
        }
    }

    @Property(tries = 100)
    void schedulesStayWithinZeroAndTheMaximum(@ForAll @IntRange(min = 1, max = 5000) int total, @ForAll @IntRange(min = 0, max = 5000) int step) {
        for (LearningRateSchedule s : LearningRateSchedule.values()) {
            double lr = s.at(Math.min(step, total - 1), total, 0.01);
            assertThat(lr).isBetween(0.0, 0.01 + 1e-12);
        }
        assertThat(LearningRateSchedule.ONECYCLE.at(total - 1, total, 0.01)).isLessThan(0.01 / 25 + 1e-9);
    }

    @Test
    void readsCsvAndRejectsUnlabelledOrMixedSizedData(@TempDir Path dir) throws Exception {
        StringBuilder header = new StringBuilder("label");
        for (int i = 0; i < 784; i++) header.append(",pixel").append(i);
        String zeros = ",0".repeat(784);
        Path ok = dir.resolve("ok.csv");
        Files.writeString(ok, header + "\n3" + zeros + "\n1" + zeros + "\n");
        TrainingData data = TrainingData.load(ok, "train", 0, null);
        assertThat(data.images().size()).isEqualTo(2);
        assertThat(data.images().classNames()).containsExactly("0", "1", "2", "3");
        assertThat(data.fingerprint()).hasSize(64);
        assertThat(TrainingData.load(ok, "test", 0, null)).isNull();
        assertThatThrownBy(() -> TrainingData.load(ok, "train", 0, List.of("a", "b")))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("label 3 but only 2 class names");

        StringBuilder unlabelledHeader = new StringBuilder("pixel0");
        for (int i = 1; i < 784; i++) unlabelledHeader.append(",pixel").append(i);
        Path unlabelled = dir.resolve("unlabelled.csv");
        Files.writeString(unlabelled, unlabelledHeader + "\n" + zeros.substring(1) + "\n");
        assertThatThrownBy(() -> TrainingData.load(unlabelled, "train", 0, null))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("no label");

        assertThatThrownBy(() -> TrainingData.load(dir.resolve("missing"), "train", 0, null))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("no such file");
    }
}
