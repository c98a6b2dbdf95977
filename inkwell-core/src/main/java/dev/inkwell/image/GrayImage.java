package dev.inkwell.image;

/**
 * A grey image, row-major, one float per pixel in 0–255. In model space (after preprocessing) it is
 * MNIST-like: white ink (255) on black (0).
 */
public record GrayImage(int width, int height, float[] pixels) {
    public GrayImage {
        if (width <= 0 || height <= 0 || pixels == null || pixels.length != width * height) {
            throw new IllegalArgumentException("pixels must hold width*height values");
        }
    }

    public float at(int x, int y) {
        return pixels[y * width + x];
    }
}
