package dev.inkwell.train;

/** Channels, height and width of a model's input (one image, without the batch dimension). */
public record InputShape(int channels, int height, int width) {
    public InputShape {
        if (channels != 1 && channels != 3) throw new IllegalArgumentException("channels must be 1 or 3, got " + channels);
        if (height < 8 || width < 8) throw new IllegalArgumentException("images must be at least 8×8, got " + width + "×" + height);
    }

    public int pixels() {
        return channels * height * width;
    }
}
