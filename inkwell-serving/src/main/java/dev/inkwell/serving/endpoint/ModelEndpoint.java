package dev.inkwell.serving.endpoint;

import dev.inkwell.inference.ImageClassifier;
import dev.inkwell.inference.ModelCard;
import dev.inkwell.recognition.Recognizer;
import dev.inkwell.serving.input.PixelShape;
import java.time.Duration;
import java.time.Instant;

/**
 * A named route to a loaded model: its classifier (batched), the recognizer that reads pictures with it, and
 * where and when it was loaded from.
 */
public record ModelEndpoint(String name, String source, ImageClassifier classifier, Recognizer recognizer,
                            Instant loadedAt, Duration loadTime) implements AutoCloseable {

    public ModelCard card() {
        return classifier.card();
    }

    public PixelShape pixelShape() {
        return new PixelShape(card().inputWidth(), card().inputHeight());
    }

    @Override
    public void close() {
        classifier.close();
    }
}
