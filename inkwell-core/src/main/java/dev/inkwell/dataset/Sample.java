package dev.inkwell.dataset;

import java.util.Arrays;
import java.util.Objects;

/**
 * One labelled (or unlabelled) image of a dataset. {@code pixels} holds width×height×channels bytes (0–255),
 * row-major, channels interleaved (RGB RGB …) when {@code channels} is 3.
 *
 * @param uuid     the sample's key when the source has one (CSV uuid column), else null
 * @param label    the class, or null for unlabelled samples (Kaggle test file, bare images)
 * @param source   where it came from, for messages and lineage (file name, file:record)
 * @param split    "train", "test" or another split name
 */
public record Sample(String uuid, Integer label, byte[] pixels, int width, int height, int channels,
                     String source, String split) {

    public Sample {
        Objects.requireNonNull(pixels, "pixels");
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("width and height must be positive, got " + width + "x" + height);
        }
        if (channels != 1 && channels != 3) {
            throw new IllegalArgumentException("channels must be 1 (grey) or 3 (RGB), got " + channels);
        }
        if ((long) width * height * channels != pixels.length) {
            throw new IllegalArgumentException("pixels must hold " + width + "x" + height + "x" + channels
                    + " bytes, got " + pixels.length);
        }
        if (label != null && label < 0) {
            throw new IllegalArgumentException("label must not be negative, got " + label);
        }
    }

    /** The value (0–255) of channel {@code c} at ({@code x}, {@code y}). */
    public int pixel(int x, int y, int c) {
        return pixels[(y * width + x) * channels + c] & 0xFF;
    }

    public Shape shape() {
        return new Shape(width, height, channels);
    }

    public Sample withUuid(String newUuid) {
        return new Sample(newUuid, label, pixels, width, height, channels, source, split);
    }

    public Sample withSourceName(String newSource) {
        return new Sample(uuid, label, pixels, width, height, channels, newSource, split);
    }

    public Sample withSplit(String newSplit) {
        return new Sample(uuid, label, pixels, width, height, channels, source, newSplit);
    }

    public boolean hasLabel() {
        return label != null;
    }

    /** Records compare arrays by reference; samples are equal when their content is. */
    @Override
    public boolean equals(Object o) {
        return o instanceof Sample s && width == s.width && height == s.height && channels == s.channels
                && Objects.equals(uuid, s.uuid) && Objects.equals(label, s.label)
                && Objects.equals(source, s.source) && Objects.equals(split, s.split)
                && Arrays.equals(pixels, s.pixels);
    }

    @Override
    public int hashCode() {
        return Objects.hash(uuid, label, width, height, channels, source, split) * 31 + Arrays.hashCode(pixels);
    }

    @Override
    public String toString() {
        return "Sample[uuid=" + uuid + ", label=" + label + ", " + width + "x" + height + "x" + channels
                + ", source=" + source + ", split=" + split + "]";
    }
}
