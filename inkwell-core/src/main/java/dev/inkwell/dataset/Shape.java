package dev.inkwell.dataset;

/** Width × height × channels of an image. */
public record Shape(int width, int height, int channels) {
    public int size() {
        return width * height * channels;
    }

    @Override
    public String toString() {
        return width + "x" + height + (channels == 1 ? "" : "x" + channels);
    }
}
