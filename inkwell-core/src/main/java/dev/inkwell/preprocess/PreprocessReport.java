package dev.inkwell.preprocess;

/**
 * What preprocessing did, step by step, so a user (or a test) can see why the model saw what it saw.
 *
 * @param profile          {@code mnist} or {@code resize}
 * @param sourceWidth      width of the decoded picture
 * @param sourceHeight     height of the decoded picture
 * @param alphaFlattened   the picture had transparency and was composited onto {@code background}
 * @param background       grey level (0–255) transparent pixels were composited onto, or -1 when none were
 * @param analysisScale    factor the picture was shrunk by before analysis: 1 when it was analysed as it came, more
 *                         when it was over 1024 px or a clean drawing with strokes and digits far bigger than needed
 * @param polarity         which way round ink and background were
 * @param threshold        threshold (0–255, ink over paper as the best-lit paper shows it) that separated ink from
 *                         paper: Otsu's, kept above the paper's grain on noisy photos
 * @param inkBox           bounding box of all kept ink, in source pixels (null when no ink was found)
 * @param specksRemoved    connected ink blobs dropped as noise (too small, or grain that never rose to ink's level)
 * @param shadowsFollowed  soft-edged regions (shadows, light fall-off) the paper level was made to follow
 * @param shadowBlobsRemoved blobs above the threshold dropped for their soft edges: what was left of a shadow
 * @param digitsFound      digits returned
 * @param scale            factor from source pixels to the 28×28 image for the first digit (20 / longest side)
 * @param strokeWidth      estimated stroke width of the first digit, in 28×28 pixels, before normalisation
 * @param strokeAdjustment pixels (in 28×28 space, ±) the strokes of the first digit were thickened (+) or thinned (−)
 * @param deskewDegrees    shear angle removed from the first digit (0 when deskew is off)
 */
public record PreprocessReport(
        String profile,
        int sourceWidth,
        int sourceHeight,
        boolean alphaFlattened,
        int background,
        double analysisScale,
        Polarity polarity,
        double threshold,
        Box inkBox,
        int specksRemoved,
        int shadowsFollowed,
        int shadowBlobsRemoved,
        int digitsFound,
        double scale,
        double strokeWidth,
        double strokeAdjustment,
        double deskewDegrees) {
}
