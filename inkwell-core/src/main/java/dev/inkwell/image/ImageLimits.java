package dev.inkwell.image;

/**
 * Caps on what an encoded image may cost before it is decoded: its size in bytes and its pixel count
 * (read from the header, so a small file announcing a huge canvas is refused without allocating it).
 */
public record ImageLimits(long maxBytes, long maxPixels) {
    /** 20 MB and 40 megapixels: more than any phone photo, far less than a decompression bomb. */
    public static final ImageLimits DEFAULT = new ImageLimits(20L * 1024 * 1024, 40_000_000L);

    public ImageLimits {
        if (maxBytes <= 0 || maxPixels <= 0) {
            throw new IllegalArgumentException("image limits must be positive");
        }
    }
}
