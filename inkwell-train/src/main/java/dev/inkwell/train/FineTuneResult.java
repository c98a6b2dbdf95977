package dev.inkwell.train;

import dev.inkwell.inference.ModelCard;
import java.nio.file.Path;

/**
 * What fine-tuning achieved: accuracy on the user's samples and on the original test data, before and after
 * (original figures are NaN without replay data).
 */
public record FineTuneResult(Path out, ModelCard card, int userSamples, double userAccuracyBefore, double userAccuracyAfter,
                             int originalTestCount, double originalAccuracyBefore, double originalAccuracyAfter) {
    /** Accuracy lost on the original test data, in percentage points (negative: it improved). */
    public double originalDropPoints() {
        return 100 * (originalAccuracyBefore - originalAccuracyAfter);
    }
}
