package dev.inkwell.inference;

/** The random augmentation a model was trained with (see the training module's {@code Augmentation}). */
public record AugmentationSettings(double maxRotationDegrees, double maxShift, double maxScaleChange, double maxShearDegrees,
                                   double elasticAlpha, double elasticSigma) {
}
