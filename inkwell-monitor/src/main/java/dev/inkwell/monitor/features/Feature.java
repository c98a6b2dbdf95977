package dev.inkwell.monitor.features;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * What monitoring measures of every reading, the same for a baseline and for captured traffic: what the model said
 * (its class, how sure it was, how spread its probabilities were) and what it was shown (the 28×28 model input's
 * brightness, ink, where the ink is). Names are the ones written in {@code statistics.json} and {@code constraints.json}.
 */
public enum Feature {
    PREDICTED_CLASS("predicted_class", InferredType.STRING),
    /** The winning class's probability. */
    TOP_PROBABILITY("top_probability", InferredType.FRACTIONAL),
    /** Shannon entropy of the probabilities, in nats (0: certain; ln 10 ≈ 2.30: uniform over ten classes). */
    ENTROPY("entropy", InferredType.FRACTIONAL),
    /** Top probability minus the second one. */
    MARGIN("margin", InferredType.FRACTIONAL),
    /** Mean pixel value, 0 (black) to 1 (white ink everywhere). */
    MEAN_INTENSITY("mean_intensity", InferredType.FRACTIONAL),
    /** Share of pixels at half intensity or more. */
    INK_FRACTION("ink_fraction", InferredType.FRACTIONAL),
    /** The bounding box of pixels at {@link FeatureExtractor#BOX_THRESHOLD} or more, in pixels. */
    INK_BOX_WIDTH("ink_box_width", InferredType.INTEGRAL),
    INK_BOX_HEIGHT("ink_box_height", InferredType.INTEGRAL),
    INK_BOX_X("ink_box_x", InferredType.INTEGRAL),
    INK_BOX_Y("ink_box_y", InferredType.INTEGRAL),
    /** Intensity-weighted centre of the ink, in pixels from the left/top edge (MNIST centres it at about 14). */
    CENTER_OF_MASS_X("center_of_mass_x", InferredType.FRACTIONAL),
    CENTER_OF_MASS_Y("center_of_mass_y", InferredType.FRACTIONAL);

    /** The numeric features, in the order of {@link FeatureRow#numbers()}. */
    public static final List<Feature> NUMERIC = Arrays.stream(values()).filter(f -> f.type().numeric()).toList();

    private final String featureName;
    private final InferredType type;

    Feature(String featureName, InferredType type) {
        this.featureName = featureName;
        this.type = type;
    }

    /** The name in Model Monitor's files. */
    public String featureName() {
        return featureName;
    }

    public InferredType type() {
        return type;
    }

    /** Position in {@link FeatureRow#numbers()}; -1 for the categorical feature. */
    public int numericIndex() {
        return NUMERIC.indexOf(this);
    }

    public static Optional<Feature> byName(String name) {
        return Arrays.stream(values()).filter(f -> f.featureName.equals(name)).findFirst();
    }
}
