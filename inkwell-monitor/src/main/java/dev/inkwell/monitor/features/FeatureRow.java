package dev.inkwell.monitor.features;

/**
 * The features of one reading.
 *
 * @param predictedClass the class name the model answered
 * @param numbers        one value per {@link Feature#NUMERIC} feature, in that order; NaN where it is missing (the
 *                       ink box and centre of an input without ink)
 */
public record FeatureRow(String predictedClass, double[] numbers) {
    public FeatureRow {
        if (numbers.length != Feature.NUMERIC.size()) {
            throw new IllegalArgumentException("expected " + Feature.NUMERIC.size() + " numbers, got " + numbers.length);
        }
    }

    public double get(Feature feature) {
        return numbers[feature.numericIndex()];
    }

    public double topProbability() {
        return get(Feature.TOP_PROBABILITY);
    }
}
