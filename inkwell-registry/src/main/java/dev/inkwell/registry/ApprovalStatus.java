package dev.inkwell.registry;

import dev.inkwell.core.InvalidInputException;
import java.util.Locale;

/** Whether a version may be deployed where endpoints require approval. New versions are pending. */
public enum ApprovalStatus {
    PENDING, APPROVED, REJECTED;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static ApprovalStatus parse(String text) {
        for (ApprovalStatus s : values()) {
            if (s.id().equalsIgnoreCase(text)) return s;
        }
        throw new InvalidInputException("status '" + text + "': expected pending, approved or rejected");
    }
}
