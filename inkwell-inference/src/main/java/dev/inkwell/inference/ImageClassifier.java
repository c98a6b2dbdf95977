package dev.inkwell.inference;

import dev.inkwell.image.GrayImage;
import dev.inkwell.image.RgbImage;
import java.util.List;

/**
 * Classifies images already in model space (see {@link GrayImage}: 0–255, white ink on black, the model's
 * input width and height). Input scaling the model needs is applied inside. Thread-safe.
 */
public interface ImageClassifier extends AutoCloseable {
    ModelCard card();

    /** Classifies a batch in one call; the result list is in input order. */
    List<Classification> classify(List<GrayImage> inputs);

    default Classification classify(GrayImage input) {
        return classify(List.of(input)).getFirst();
    }

    /**
     * Classifies colour images (model-sized, 0–255). A grey model sees their luma; an RGB model overrides this to
     * see the colours.
     */
    default List<Classification> classifyRgb(List<RgbImage> inputs) {
        return classify(inputs.stream().map(RgbImage::luma).toList());
    }

    @Override
    void close();
}
