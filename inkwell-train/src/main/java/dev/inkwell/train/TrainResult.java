package dev.inkwell.train;

import dev.inkwell.evaluation.Evaluation;
import dev.inkwell.inference.ModelCard;
import java.nio.file.Path;
import java.util.List;

/** What a training job produced: the card written beside the model, the test evaluation (null without a test split). */
public record TrainResult(Path out, ModelCard card, Evaluation test, List<EpochRecord> history, int bestEpoch, boolean stoppedEarly) {
}
