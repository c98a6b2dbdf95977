package dev.inkwell.inference;

/** The arithmetic of an {@link InputSpec}'s scaling: {@code tensor value = pixel × multiplier + offset}. */
record PixelScaling(float multiplier, float offset) {

    static PixelScaling of(InputSpec input) {
        InputScaling scaling = input.scaling() == null ? InputScaling.ZERO_TO_ONE : input.scaling();
        return switch (scaling) {
            case ZERO_TO_ONE -> new PixelScaling(1f / 255f, 0f);
            case ZERO_TO_255 -> new PixelScaling(1f, 0f);
            case MEAN_STD -> new PixelScaling((float) (1.0 / (255.0 * input.std())), (float) (-input.mean() / input.std()));
        };
    }

    float apply(float pixel) {
        return pixel * multiplier + offset;
    }
}
