package dev.inkwell.image;

/**
 * A colour image, row-major, channels interleaved (R G B R G B …), one float per value in 0–255: the model-space
 * input of RGB (CIFAR-style) models.
 */
public record RgbImage(int width, int height, float[] pixels) {
    public RgbImage {
        if (width <= 0 || height <= 0 || pixels == null || pixels.length != 3 * width * height) {
            throw new IllegalArgumentException("pixels must hold 3*width*height values");
        }
    }

    /** The ITU-R BT.601 luma of each pixel, for grey models. */
    public GrayImage luma() {
        float[] grey = new float[width * height];
        for (int i = 0; i < grey.length; i++) {
            grey[i] = 0.299f * pixels[3 * i] + 0.587f * pixels[3 * i + 1] + 0.114f * pixels[3 * i + 2];
        }
        return new GrayImage(width, height, grey);
    }
}
