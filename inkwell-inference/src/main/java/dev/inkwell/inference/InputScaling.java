package dev.inkwell.inference;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** How 0–255 model-space pixels become tensor values. Written in cards by {@link #wire()}. */
public enum InputScaling {
    /** x / 255 */
    ZERO_TO_ONE("0-1"),
    /** x as it is */
    ZERO_TO_255("0-255"),
    /** ((x / 255) − mean) / std, with the card's mean and std */
    MEAN_STD("mean-std");

    private final String wire;

    InputScaling(String wire) {
        this.wire = wire;
    }

    /** The card's spelling: {@code 0-1}, {@code 0-255} or {@code mean-std}. */
    @JsonValue
    public String wire() {
        return wire;
    }

    @JsonCreator
    public static InputScaling parse(String text) {
        String s = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        for (InputScaling v : values()) {
            if (v.wire.equals(s)) return v;
        }
        throw new IllegalArgumentException("unknown inputScaling '" + text + "' (expected 0-1, 0-255 or mean-std)");
    }

    @Override
    public String toString() {
        return wire;
    }
}
