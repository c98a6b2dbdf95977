package dev.inkwell.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvaluationTest {
    static final List<String> ABC = List.of("a", "b", "c");

    static float[] oneHot(int[] predicted, int k, float confidence) {
        float[] p = new float[predicted.length * k];
        for (int i = 0; i < predicted.length; i++) {
            for (int j = 0; j < k; j++) p[i * k + j] = j == predicted[i] ? confidence : (1 - confidence) / (k - 1);
        }
        return p;
    }

    @Test
    void computesAccuracyPerClassFiguresAndConfusion() {
        int[] labels = {0, 0, 0, 1, 1, 2};
        int[] predicted = {0, 0, 1, 1, 1, 0};
        Evaluation e = Evaluation.of(labels, oneHot(predicted, 3, 0.8f), ABC, 10);
        assertThat(e.accuracy()).isCloseTo(4 / 6.0, within(1e-12));
        assertThat(e.confusion()).isDeepEqualTo(new int[][] {{2, 1, 0}, {0, 2, 0}, {1, 0, 0}});
        ClassMetrics a = e.perClass().get(0);
        assertThat(a.precision()).isCloseTo(2 / 3.0, within(1e-12));
        assertThat(a.recall()).isCloseTo(2 / 3.0, within(1e-12));
        ClassMetrics b = e.perClass().get(1);
        assertThat(b.precision()).isCloseTo(2 / 3.0, within(1e-12));
        assertThat(b.recall()).isEqualTo(1.0);
        assertThat(b.f1()).isCloseTo(0.8, within(1e-12));
        assertThat(e.perClass().get(2).precision()).isNaN(); // never predicted
        assertThat(e.perClass().get(2).recall()).isZero();
        assertThat(e.errors()).isEqualTo(2);
        assertThat(e.mostConfidentMistakes()).extracting(Mistake::index).containsExactly(2, 5);
        assertThat(e.toText()).contains("accuracy 66.67%").contains("confusion matrix");
        assertThat(e.toMap()).containsEntry("accuracy", 4 / 6.0).containsEntry("errors", 2);
    }

    @Test
    void mostConfidentMistakesComeFirst() {
        float[] p = {0.1f, 0.9f, 0.4f, 0.6f, 0.3f, 0.7f};
        Evaluation e = Evaluation.of(new int[] {0, 0, 0}, p, List.of("x", "y"), 2);
        assertThat(e.mostConfidentMistakes()).extracting(Mistake::index).containsExactly(0, 2);
    }

    @Test
    void rejectsMismatchedInput() {
        assertThatThrownBy(() -> Evaluation.of(new int[] {0}, new float[2], ABC, 1)).hasMessageContaining("expected 1×3");
        assertThatThrownBy(() -> Evaluation.of(new int[] {5}, new float[3], ABC, 1)).hasMessageContaining("label 5");
    }

    @Property(tries = 200)
    void confusionCountsEverySampleOnceAndAccuracyIsItsTrace(@ForAll @Size(min = 1, max = 60) List<@IntRange(min = 0, max = 3) Integer> labels,
                                                            @ForAll @Size(min = 60, max = 60) List<@IntRange(min = 0, max = 3) Integer> predictions) {
        int n = labels.size();
        int[] l = labels.stream().mapToInt(Integer::intValue).toArray();
        int[] p = predictions.subList(0, n).stream().mapToInt(Integer::intValue).toArray();
        Evaluation e = Evaluation.of(l, oneHot(p, 4, 0.7f), List.of("0", "1", "2", "3"), 100);
        int total = 0;
        int trace = 0;
        for (int i = 0; i < 4; i++) {
            for (int j = 0; j < 4; j++) total += e.confusion()[i][j];
            trace += e.confusion()[i][i];
        }
        assertThat(total).isEqualTo(n);
        assertThat(e.accuracy()).isCloseTo((double) trace / n, within(1e-12));
        assertThat(e.mostConfidentMistakes()).hasSize(n - trace);
        assertThat(e.perClass().stream().mapToInt(ClassMetrics::support).sum()).isEqualTo(n);
    }

    @Test
    void writesTheReportFiles(@TempDir Path dir) throws Exception {
        Evaluation e = Evaluation.of(new int[] {0, 1, 2, 2}, oneHot(new int[] {0, 2, 2, 1}, 3, 0.9f), ABC, 8);
        BufferedImage tile = ReportImages.fromChannelMajor(new byte[28 * 28], 0, 1, 28, 28);
        EvaluationReport.write(dir, "test-", e, i -> tile, Map.of("model", "m"));
        assertThat(dir.resolve("test-metrics.json")).content().contains("\"model\" : \"m\"").contains("\"accuracy\" : 0.5");
        assertThat(dir.resolve("test-report.txt")).content().contains("accuracy 50.00%");
        BufferedImage confusion = ImageIO.read(dir.resolve("test-confusion.png").toFile());
        BufferedImage mistakes = ImageIO.read(dir.resolve("test-mistakes.png").toFile());
        assertThat(confusion.getWidth()).isGreaterThan(200);
        assertThat(mistakes.getWidth()).isGreaterThan(200);
    }
}
