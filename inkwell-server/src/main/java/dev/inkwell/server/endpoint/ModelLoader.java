package dev.inkwell.server.endpoint;

import dev.inkwell.image.GrayImage;
import dev.inkwell.image.ImageLimits;
import dev.inkwell.inference.ImageClassifier;
import dev.inkwell.inference.ModelCard;
import dev.inkwell.inference.ModelCatalog;
import dev.inkwell.preprocess.PreprocessOptions;
import dev.inkwell.recognition.Recognizer;
import dev.inkwell.server.ServerConfig;
import dev.inkwell.server.batching.BatchingClassifier;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Loads an endpoint's model: resolves the reference (path or bundled name, {@link ModelCatalog}), opens the ONNX session, wraps it for batching, warms it up. */
public final class ModelLoader {
    private static final Logger LOG = LoggerFactory.getLogger(ModelLoader.class);

    private final ModelCatalog catalog;
    private final ServerConfig.Batching batching;
    private final ImageLimits imageLimits;
    private final BiConsumer<String, Integer> batchSizes;

    /** @param batchSizes told (endpoint, images) for every model call */
    public ModelLoader(ModelCatalog catalog, ServerConfig.Batching batching, ServerConfig.Limits limits,
                       BiConsumer<String, Integer> batchSizes) {
        this.catalog = catalog;
        this.batching = batching;
        this.imageLimits = limits.imageLimits();
        this.batchSizes = batchSizes;
    }

    public ModelEndpoint load(ServerConfig.EndpointSpec spec) {
        long start = System.nanoTime();
        ModelCatalog.ModelLocation location = catalog.resolve(spec.model());
        Path file = location.onnx();
        ImageClassifier onnx = catalog.open(location, batching.intraOpThreads());
        ImageClassifier classifier = onnx;
        try {
            warmUp(onnx);
            if (batching.enabled()) {
                classifier = new BatchingClassifier(onnx, batching.maxBatch(), batching.maxWait(), batching.workers(),
                        n -> batchSizes.accept(spec.name(), n));
            }
            Recognizer recognizer = new Recognizer(classifier, PreprocessOptions.DEFAULT, imageLimits);
            Duration took = Duration.ofNanos(System.nanoTime() - start);
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
