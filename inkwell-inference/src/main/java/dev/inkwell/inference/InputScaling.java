package dev.inkwell.inference;

import java.util.Locale;

/**
 * How 0–255 model-space pixels become tensor values, from {@link ModelCard#inputScaling()}:
 * {@code "0-1"} (x/255), {@code "0-255"} (as is) or {@code "mean-std"} (((x/255) − mean) / std).
 */
record InputScaling(String name, float multiplier, float offset) {

    static InputScaling of(ModelCard card) {
        String s = card.inputScaling() == null ? "0-1" : card.inputScaling().trim().toLowerCase(Locale.ROOT);
        return switch (s) {
            case "0-1" -> new InputScaling(s, 1f / 255f, 0f);
            case "0-255" -> new InputScaling(s, 1f, 0f);
            case "mean-std" -> {
                if (!(card.std() > 0)) {
                    throw new IllegalArgumentException("model card: inputScaling mean-std needs a positive std, got " + card.std());
                }
                yield new InputScaling(s, (float) (1.0 / (255.0 * card.std())), (float) (-card.mean() / card.std()));
            }
            default -> throw new IllegalArgumentException(
                    "model card: unknown inputScaling '" + card.inputScaling() + "' (expected 0-1, 0-255 or mean-std)");
        };
    }

    float apply(float pixel) {
        return pixel * multiplier + offset;
    }
}
