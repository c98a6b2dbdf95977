package dev.inkwell.image;

import java.awt.image.BufferedImage;

/**
 * A picture as luminance (0–255, ITU-R BT.601) and, when it has an alpha channel, opacity (0–1) per pixel, row by
 * row: what preprocessing starts from. A PNG is decoded straight into it ({@link ImageDecoder#decodeLumaAtMost});
 * any other picture through {@link #of(BufferedImage)}. The arrays are the holder's own: whoever is handed one may
 * change them in place (large pictures are not copied). A decoded one's arrays are its {@link ImageDecoder.DecodedLuma}'s
 * until that is closed, and then serve the next picture: keep nothing that shares them.
 *
 * @param alpha null when every pixel is opaque: for an opaque picture type, and for an RGBA PNG whose every alpha
 *              is 255 (decoded straight, such a canvas never gets a picture-sized array of ones)
 */
public record LumaImage(int width, int height, float[] luma, float[] alpha) {
    public LumaImage {
        if (width <= 0 || height <= 0) throw new IllegalArgumentException("size must be positive: " + width + "×" + height);
        if (luma.length != width * height || (alpha != null && alpha.length != luma.length)) {
            throw new IllegalArgumentException("arrays do not match " + width + "×" + height);
        }
    }

    /** {@code image}'s luma and opacity ({@link GrayImages#lumaAndAlpha}). */
    public static LumaImage of(BufferedImage image) {
        float[][] la = GrayImages.lumaAndAlpha(image);
        return new LumaImage(image.getWidth(), image.getHeight(), la[0], la[1]);
    }
}
