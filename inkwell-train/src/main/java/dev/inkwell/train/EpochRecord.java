package dev.inkwell.train;

/** What one epoch achieved. Validation figures are NaN when there is no validation split. */
public record EpochRecord(int epoch, double trainLoss, double trainAccuracy, double validationLoss,
                          double validationAccuracy, double learningRate, double imagesPerSecond, double seconds) {
}
