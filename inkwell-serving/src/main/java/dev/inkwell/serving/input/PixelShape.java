package dev.inkwell.serving.input;

/** The grid pixel inputs must fill: the model's input width and height (28×28 for MNIST models). */
public record PixelShape(int width, int height) {
    public PixelShape {
        if (width <= 0 || height <= 0) throw new IllegalArgumentException("shape must be positive");
    }

    public int count() {
        return width * height;
    }
}
