package dev.inkwell.preprocess;

/**
 * Switches of the MNIST preprocessing profile.
 *
 * @param deskew          straighten slanted writing by image moments (MNIST's deskewing); off by default because
 *                        models trained on plain MNIST, like mnist-8, expect the natural slant
 * @param segment         read several digits left to right ("2024"); when off, all ink is one digit
 * @param normalizeStroke thicken hairlines and thin blobs so strokes end up as wide as MNIST's whatever the
 *                        source resolution
 * @param maxDigits       at most this many digits are returned (the widest-apart ones are kept left to right);
 *                        caps the work a scribble can cause
 */
public record PreprocessOptions(boolean deskew, boolean segment, boolean normalizeStroke, int maxDigits) {
    public static final PreprocessOptions DEFAULT = new PreprocessOptions(false, true, true, 32);

    public PreprocessOptions {
        if (maxDigits < 1) throw new IllegalArgumentException("maxDigits must be at least 1");
    }

    public PreprocessOptions withDeskew(boolean on) {
        return new PreprocessOptions(on, segment, normalizeStroke, maxDigits);
    }

    public PreprocessOptions withSegment(boolean on) {
        return new PreprocessOptions(deskew, on, normalizeStroke, maxDigits);
    }

    public PreprocessOptions withNormalizeStroke(boolean on) {
        return new PreprocessOptions(deskew, segment, on, maxDigits);
    }
}
