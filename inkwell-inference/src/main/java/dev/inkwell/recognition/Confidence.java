package dev.inkwell.recognition;

/**
 * Whether a reading can be trusted, and when not, why in a few words (for people: the JSON's {@code reason}).
 *
 * @param confident false when the reading is more likely wrong than right
 * @param reason    why it is not confident; null when it is
 */
public record Confidence(boolean confident, String reason) {
    static final Confidence SURE = new Confidence(true, null);

    public Confidence {
        if (confident != (reason == null)) throw new IllegalArgumentException("a reason is given exactly when not confident");
    }

    static Confidence doubtful(String reason) {
        return new Confidence(false, reason);
    }
}
