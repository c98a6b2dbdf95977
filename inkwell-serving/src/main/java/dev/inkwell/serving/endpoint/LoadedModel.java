package dev.inkwell.serving.endpoint;

import dev.inkwell.inference.ImageClassifier;
import dev.inkwell.inference.ModelCard;
import dev.inkwell.recognition.Recognizer;
import dev.inkwell.serving.input.PixelShape;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A model loaded for serving: its classifier (batched) and the recognizer that reads pictures with it, what it is
 * ({@link ResolvedModel}), and a count of the requests using it, so that a model taken out of service is closed only
 * once its last request has finished (a deploy never cuts a request short).
 */
public final class LoadedModel implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LoadedModel.class);
    /** {@link #inFlight} once closed: nobody may acquire it any more. */
    private static final int CLOSED = -1;

    private final ResolvedModel model;
    private final ImageClassifier classifier;
    private final Recognizer recognizer;
    private final Instant loadedAt;
    private final Duration loadTime;
    private final AtomicInteger inFlight = new AtomicInteger();
    private volatile boolean retired;

    public LoadedModel(ResolvedModel model, ImageClassifier classifier, Recognizer recognizer, Instant loadedAt, Duration loadTime) {
        this.model = model;
        this.classifier = classifier;
        this.recognizer = recognizer;
        this.loadedAt = loadedAt;
        this.loadTime = loadTime;
    }

    public ResolvedModel model() {
        return model;
    }

    public ImageClassifier classifier() {
        return classifier;
    }

    public Recognizer recognizer() {
        return recognizer;
    }

    public ModelCard card() {
        return classifier.card();
    }

    public Instant loadedAt() {
        return loadedAt;
    }

    public Duration loadTime() {
        return loadTime;
    }

    public PixelShape pixelShape() {
        return new PixelShape(card().inputWidth(), card().inputHeight());
    }

    /** Requests using the model right now. */
    public int inFlight() {
        return Math.max(0, inFlight.get());
    }

    /** Marks one request as using the model; false when the model was already closed (take the current deployment's instead). */
    public boolean acquire() {
        for (int n = inFlight.get(); ; n = inFlight.get()) {
            if (n == CLOSED) return false;
            if (inFlight.compareAndSet(n, n + 1)) return true;
        }
    }

    /** Ends a request's use; closes a retired model when it was the last one. */
    public void release() {
        if (inFlight.decrementAndGet() == 0 && retired) closeIfIdle();
    }

    /** Takes the model out of service: it closes as soon as no request uses it. */
    public void retire() {
        retired = true;
        closeIfIdle();
    }

    public boolean closed() {
        return inFlight.get() == CLOSED;
    }

    private void closeIfIdle() {
        if (inFlight.compareAndSet(0, CLOSED)) {
            classifier.close();
            LOG.debug("closed model {}", model.label());
        }
    }

    /** Closes now, whoever uses it (server stop, after requests have drained). */
    @Override
    public void close() {
        retired = true;
        if (inFlight.getAndSet(CLOSED) != CLOSED) classifier.close();
    }
}
