package dev.inkwell.registry;

import java.util.Locale;

/** How a registered version came to be. */
public enum VersionSource {
    TRAIN, FINETUNE, CALIBRATE, UPLOAD, IMPORT;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static VersionSource parse(String text) {
        for (VersionSource s : values()) {
            if (s.id().equalsIgnoreCase(text)) return s;
        }
        throw new IllegalArgumentException("unknown version source '" + text + "', expected train, finetune, calibrate, upload or import");
    }
}
