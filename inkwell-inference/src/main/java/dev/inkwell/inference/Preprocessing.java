package dev.inkwell.inference;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Which preprocessing profile turns a picture into a model's input. Written in cards by {@link #wire()}. */
public enum Preprocessing {
    /** Digits: crop to the ink, fit 20×20, place by centre of mass in 28×28. */
    MNIST("mnist"),
    /** A plain resize to the model's input size (CIFAR-style pictures). */
    RESIZE("resize");

    private final String wire;

    Preprocessing(String wire) {
        this.wire = wire;
    }

    @JsonValue
    public String wire() {
        return wire;
    }

    @JsonCreator
    public static Preprocessing parse(String text) {
        String s = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        for (Preprocessing v : values()) {
            if (v.wire.equals(s)) return v;
        }
        throw new IllegalArgumentException("unknown preprocessing '" + text + "' (expected mnist or resize)");
    }

    /** The profile Inkwell assumes for a model that does not say: MNIST for one-channel 28×28 input, else resize. */
    public static Preprocessing defaultFor(int width, int height, int channels) {
        return channels == 1 && width == 28 && height == 28 ? MNIST : RESIZE;
    }

    @Override
    public String toString() {
        return wire;
    }
}
