package dev.inkwell.serving.endpoint;

import dev.inkwell.core.InkwellException;
import dev.inkwell.core.InvalidInputException;
import dev.inkwell.core.NotFoundException;
import dev.inkwell.core.UnprocessableException;
import dev.inkwell.image.GrayImage;
import dev.inkwell.image.ImageLimits;
import dev.inkwell.inference.ImageClassifier;
import dev.inkwell.inference.ModelCard;
import dev.inkwell.inference.OnnxImageClassifier;
import dev.inkwell.model.ModelFiles;
import dev.inkwell.model.ModelRef;
import dev.inkwell.model.ModelResolvers;
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
 * Loads an endpoint's model: resolves the reference ({@link ModelRef}, through {@link ModelResolvers}), opens the ONNX
 * session, wraps it for batching, warms it up. A model that cannot be found is a {@link NotFoundException}, one that
 * is there but cannot be loaded (a corrupt file, a card that does not fit it) an {@link UnprocessableException}.
 */
public final class ModelLoader {
    private static final Logger LOG = LoggerFactory.getLogger(ModelLoader.class);

    private final ModelResolvers resolvers;
    private final ServingConfig.Batching batching;
    private final ImageLimits imageLimits;
    private final ServingObserver observer;

    /** @param observer told of every model call's batch size */
    public ModelLoader(ModelResolvers resolvers, ServingConfig.Batching batching, ServingConfig.Limits limits, ServingObserver observer) {
        this.resolvers = resolvers;
        this.batching = batching;
        this.imageLimits = limits.imageLimits();
        this.observer = observer;
    }

    public ModelEndpoint load(EndpointSpec spec) {
        long start = System.nanoTime();
        ModelFiles files;
        try {
            files = resolvers.resolve(ModelRef.parse(spec.model()));
        } catch (InkwellException e) {
            throw new NotFoundException("endpoint " + spec.name() + ": " + e.getMessage(), e);
        }
        Path file = files.onnx();
        ImageClassifier onnx;
        try {
            onnx = OnnxImageClassifier.load(files, batching.intraOpThreads());
        } catch (InvalidInputException e) {
            if (!Files.isRegularFile(file)) throw new NotFoundException("endpoint " + spec.name() + ": " + e.getMessage(), e);
            throw new UnprocessableException("endpoint " + spec.name() + ": cannot load its model: " + e.getMessage(), e);
        }
        ImageClassifier classifier = onnx;
        try {
            warmUp(onnx);
            if (batching.enabled()) {
                classifier = new BatchingClassifier(onnx, batching.maxBatch(), batching.maxWait(), batching.workers(),
                        n -> observer.batch(spec.name(), n));
            }
            Recognizer recognizer = new Recognizer(classifier, PreprocessOptions.DEFAULT, imageLimits);
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            observer.modelLoaded(spec.name(), classifier.card().name(), took);
            LOG.atInfo().addKeyValue("endpoint", spec.name()).addKeyValue("model", classifier.card().name())
                    .addKeyValue("version", classifier.card().version()).addKeyValue("source", file)
                    .addKeyValue("load_ms", took.toMillis())
                    .log("endpoint {} serves model {} {} from {} (loaded in {} ms)", spec.name(), classifier.card().name(),
                            classifier.card().version(), file, took.toMillis());
            return new ModelEndpoint(spec.name(), file.toString(), classifier, recognizer, Instant.now(), took);
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
