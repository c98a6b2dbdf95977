package dev.inkwell.inference;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** How a model came to be. */
public enum ModelSource {
    /** trained from scratch by {@code inkwell train} */
    TRAIN("train"),
    /** adapted from a parent model by {@code inkwell finetune} */
    FINETUNE("finetune"),
    /** a parent model with a fitted temperature, by {@code inkwell calibrate} */
    CALIBRATE("calibrate"),
    /** made elsewhere (an ONNX file from a model zoo) */
    IMPORT("import");

    private final String wire;

    ModelSource(String wire) {
        this.wire = wire;
    }

    @JsonValue
    public String wire() {
        return wire;
    }

    @JsonCreator
    public static ModelSource parse(String text) {
        String s = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        for (ModelSource v : values()) {
            if (v.wire.equals(s)) return v;
        }
        throw new IllegalArgumentException("unknown model source '" + text + "' (expected train, finetune, calibrate or import)");
    }

    @Override
    public String toString() {
        return wire;
    }
}
