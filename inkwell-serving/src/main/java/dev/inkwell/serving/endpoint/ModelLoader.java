package dev.inkwell.serving.endpoint;

import dev.inkwell.core.InvalidInputException;
import dev.inkwell.core.NotFoundException;
import dev.inkwell.core.UnprocessableException;
import dev.inkwell.image.GrayImage;
import dev.inkwell.image.ImageLimits;
import dev.inkwell.inference.ImageClassifier;
import dev.inkwell.inference.ModelCard;
import dev.inkwell.inference.OnnxImageClassifier;
import dev.inkwell.preprocess.PreprocessOptions;
import dev.inkwell.recognition.Recognizer;
import dev.inkwell.serving.ServingConfig;
import dev.inkwell.serving.ServingObserver;
import dev.inkwell.serving.batching.BatchingClassifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads a resolved model for serving: opens the ONNX session, wraps it for batching, warms it up. A model whose file
 * is gone is a {@link NotFoundException}, one that is there but cannot be loaded (a corrupt file, a card that does not
 * fit it) an {@link UnprocessableException}.
 */
public final class ModelLoader {
    private static final Logger LOG = LoggerFactory.getLogger(ModelLoader.class);

    private final ServingConfig.Batching batching;
    private final ImageLimits imageLimits;
    private final ServingObserver observer;

    /** @param observer told of every model call's batch size */
    public ModelLoader(ServingConfig.Batching batching, ServingConfig.Limits limits, ServingObserver observer) {
        this.batching = batching;
        this.imageLimits = limits.imageLimits();
        this.observer = observer;
    }

    /**
     * Loads {@code resolved}: opens its ONNX session, wraps it for batching, warms it up.
     *
     * @throws NotFoundException      when its file is gone
     * @throws UnprocessableException when its file is there but cannot be loaded
     */
    public LoadedModel load(ResolvedModel resolved) {
        long start = System.nanoTime();
        Path file = resolved.files().onnx();
        ImageClassifier onnx;
        try {
            onnx = OnnxImageClassifier.load(resolved.files(), batching.intraOpThreads());
        } catch (InvalidInputException e) {
            if (!Files.isRegularFile(file)) throw new NotFoundException(resolved.ref() + ": " + e.getMessage(), e);
            throw new UnprocessableException(resolved.ref() + ": cannot load the model: " + e.getMessage(), e);
        }
        ResolvedModel model = resolved.namedBy(onnx.card().name(), onnx.card().version());
        ImageClassifier classifier = onnx;
        try {
            warmUp(onnx);
            if (batching.enabled()) {
                classifier = new BatchingClassifier(onnx, batching.maxBatch(), batching.maxWait(), batching.workers(),
                        n -> observer.batch(model.label(), n));
            }
            Recognizer recognizer = new Recognizer(classifier, PreprocessOptions.DEFAULT, imageLimits);
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            observer.modelLoaded(model.label(), took);
            LOG.atInfo().addKeyValue("model", model.label()).addKeyValue("ref", model.ref()).addKeyValue("source", file)
                    .addKeyValue("load_ms", took.toMillis())
                    .log("loaded model {} ({}) from {} in {} ms", model.label(), model.ref(), file, took.toMillis());
            return new LoadedModel(model, classifier, recognizer, Instant.now(), took);
        } catch (RuntimeException e) {
            classifier.close();
            throw e;
        }
    }

    /** One blank input through the session, so the first client does not pay for ONNX Runtime's lazy setup. */
    private static void warmUp(ImageClassifier classifier) {
        ModelCard card = classifier.card();
        int w = card.inputWidth();
        int h = card.inputHeight();
        classifier.classify(new GrayImage(w, h, new float[w * h]));
    }
}
