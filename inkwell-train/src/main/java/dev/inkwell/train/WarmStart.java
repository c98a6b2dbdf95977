package dev.inkwell.train;

/**
 * Parameters (DJL format, as in {@code model.params}) and normalisation of a trained network to start from.
 *
 * @param freezeFeatures train only the final dense layer
 * @param temperature    the calibration folded into the parameters (1: none): training starts from the logits the
 *                       network was trained with, so the calibration does not distort the first steps, and the
 *                       model {@link Training#fit()} hands over gets it back (there is no validation split to refit it on)
 */
public record WarmStart(byte[] parameters, float mean, float std, boolean freezeFeatures, double temperature) {
    public WarmStart {
        if (!(temperature > 0)) throw new IllegalArgumentException("temperature must be positive, got " + temperature);
    }
}
