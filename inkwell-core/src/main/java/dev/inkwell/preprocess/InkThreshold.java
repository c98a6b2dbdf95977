package dev.inkwell.preprocess;

/**
 * Where ink begins in the ink-over-paper signal. Otsu's threshold separates ink from paper when there is enough of
 * both; a thin pen on a big photo leaves under 1 % ink, and Otsu then splits the paper's own grain instead. So in
 * a picture whose paper is noisy, the threshold is kept above the grain (a floor at {@link #FLOOR} noise
 * deviations) and a blob only counts as ink when it also reaches the {@link #SEED} level somewhere: a stroke's
 * core is far above the grain even where its faint edges are not, while grain that happens to cross the floor
 * does not rise further. On clean pictures (no grain) both equal Otsu's threshold, as before.
 *
 * @param level pixels above this are ink candidates
 * @param seed  a candidate blob is ink only when some pixel of it is above this
 */
record InkThreshold(int level, float seed) {
    /** Below this ink-over-paper contrast (grey levels) nothing is ink, however clean the picture. */
    static final int MIN_LEVEL = (int) (Preprocessor.MIN_CONTRAST / 2);
    /** Noise deviations above the paper's median the threshold keeps at least. */
    static final double FLOOR = 6;
    /** Noise deviations above the paper's median a blob must reach somewhere. */
    static final double SEED = 12;
    /** The noise is estimated on every SAMPLE-th pixel: it is the same everywhere, and big pictures are costly. */
    private static final int SAMPLE = 7;

    /**
     * The threshold of {@code signal}, whose highest value is {@code peak}. The noise floor only applies where
     * ink could rise above the seed level at all: a pattern that covers much of the picture (a grid of dots) has
     * a large "noise" that is really its own ink.
     */
    static InkThreshold of(float[] signal, float peak) {
        int otsu = Math.max(Filters.otsu(signal), MIN_LEVEL);
        float median;
        double noise;
        try (Filters.Histogram values = Filters.Histogram.open(); Filters.Histogram deviations = Filters.Histogram.open()) {
            for (int i = 0; i < signal.length; i += SAMPLE) values.add(signal[i]);
            median = values.quantile(0.5);
            for (int i = 0; i < signal.length; i += SAMPLE) deviations.add(Math.abs(signal[i] - median));
            noise = 1.4826 * deviations.quantile(0.5); // a Gaussian's σ from its median absolute deviation
        }
        double seed = median + SEED * noise;
        if (seed >= peak) return new InkThreshold(otsu, otsu);
        int level = (int) Math.max(otsu, Math.ceil(median + FLOOR * noise));
        return new InkThreshold(level, (float) Math.max(level, seed));
    }

    /** Whether blobs must be checked for a seed pixel (the picture is noisy enough for it to matter). */
    boolean seeded() {
        return seed > level;
    }
}
