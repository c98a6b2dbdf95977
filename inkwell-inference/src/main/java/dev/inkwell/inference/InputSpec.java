package dev.inkwell.inference;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * What a model takes as input. A card may leave parts open (0 sizes, no scaling or profile): they are filled from the
 * model itself when it loads, or by the documented defaults (0–1 scaling, the profile of {@link Preprocessing#defaultFor}).
 *
 * @param mean the training data's pixel mean (0–1 units) under {@link InputScaling#MEAN_STD}; 0 otherwise
 * @param std  the training data's pixel standard deviation (0–1 units) under {@link InputScaling#MEAN_STD}; 1 otherwise
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record InputSpec(int width, int height, int channels, InputScaling scaling, double mean, double std,
                        Preprocessing preprocessing) {
    /** Nothing said: everything comes from the model or the defaults. */
    public static final InputSpec UNSPECIFIED = new InputSpec(0, 0, 0, null, 0, 1, null);

    public InputSpec {
        if (width < 0 || height < 0 || channels < 0) {
            throw new IllegalArgumentException("input size " + width + "×" + height + "×" + channels + " has a negative dimension");
        }
        if (scaling == InputScaling.MEAN_STD && !(std > 0 && Double.isFinite(mean))) {
            throw new IllegalArgumentException("inputScaling mean-std needs a finite mean and a positive std, got mean " + mean + ", std " + std);
        }
    }

    /** Input normalised with the training data's mean and standard deviation, as Inkwell trains. */
    public static InputSpec meanStd(int width, int height, int channels, double mean, double std) {
        return new InputSpec(width, height, channels, InputScaling.MEAN_STD, mean, std, Preprocessing.defaultFor(width, height, channels));
    }
}
