package dev.inkwell.serving;

import dev.inkwell.core.UnavailableException;
import dev.inkwell.image.GrayImage;
import dev.inkwell.recognition.Recognition;
import dev.inkwell.serving.admission.AdmissionGate;
import dev.inkwell.serving.endpoint.DeployedVariant;
import dev.inkwell.serving.endpoint.Deployment;
import dev.inkwell.serving.endpoint.LiveEndpoint;
import dev.inkwell.serving.endpoint.LoadedModel;
import dev.inkwell.serving.endpoint.ResolvedModel;
import dev.inkwell.serving.fetch.ImageFetcher;
import dev.inkwell.serving.input.PredictInput;
import dev.inkwell.serving.input.PredictRequest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers prediction requests without knowing how they arrived (HTTP, a bucket trigger, a workflow task). Reads a
 * request's inputs with an endpoint's model: pictures are decoded and preprocessed on the calling (virtual)
 * thread, each picture of a batch on its own virtual thread, so their model calls meet in the batching classifier;
 * pixel rows skip preprocessing and go to the model in one call. Requests admitted as large ones are read on
 * {@link LargePictures}' platform threads instead. {@link PredictionListener}s hear of every answer.
 */
public final class PredictionService {
    private static final Logger LOG = LoggerFactory.getLogger(PredictionService.class);

    private final ImageFetcher fetcher;
    private final ServingObserver observer;
    private final List<PredictionListener> listeners = new CopyOnWriteArrayList<>();
    /** Shadow readings running at once; more are dropped, so a shadow can never queue work in front of the primary. */
    private final Semaphore shadowPermits;

    /** Where variant choices and shadow samples draw from: the calling thread's generator, or a seeded one in tests. */
    private final Supplier<RandomGenerator> random;

    public PredictionService(ImageFetcher fetcher, ServingObserver observer) {
        this(fetcher, observer, Math.max(1, Runtime.getRuntime().availableProcessors()), ThreadLocalRandom::current);
    }

    /**
     * @param shadowConcurrency shadow readings that may run at once
     * @param random            the random source of variant choices and shadow sampling (must be safe to share between threads)
     */
    public PredictionService(ImageFetcher fetcher, ServingObserver observer, int shadowConcurrency, Supplier<RandomGenerator> random) {
        this.fetcher = fetcher;
        this.observer = observer;
        this.shadowPermits = new Semaphore(shadowConcurrency);
        this.random = random;
    }

    /** Adds a listener told of every answered prediction (see {@link PredictionListener}). */
    public void addListener(PredictionListener listener) {
        listeners.add(listener);
    }

    public void removeListener(PredictionListener listener) {
        listeners.remove(listener);
    }

    /**
     * Picks the variant that answers a request to {@code endpoint} — the one {@code pinned} names, else one by weight —
     * and holds its model until the selection is closed, so a deploy cannot close the model under the request. Parse
     * the request with the selected model's {@link LoadedModel#pixelShape()}, then {@link #predict}.
     */
    public Selection select(LiveEndpoint endpoint, String pinned) {
        for (int attempt = 0; ; attempt++) {
            Deployment d = endpoint.requireDeployment();
            DeployedVariant v = d.choose(pinned, random.get());
            if (v.loaded().acquire()) return new Selection(endpoint, d, v);
            // a deploy swapped and closed this model between our read and our acquire: the new deployment is in place
            if (attempt == 10) throw new UnavailableException("endpoint " + endpoint.name() + " is being redeployed; try again");
        }
    }

    /** The variant answering one request and the hold on its model; close it when the answer is written. */
    public record Selection(LiveEndpoint endpoint, Deployment deployment, DeployedVariant variant) implements AutoCloseable {
        public LoadedModel model() {
            return variant.loaded();
        }

        @Override
        public void close() {
            variant.loaded().release();
        }
    }

    /**
     * Answers {@code request} with the selected variant: one recognition per input, in input order. Listeners hear of
     * it; the endpoint's shadow, if the request is sampled, reads the same inputs afterwards off the request's path.
     */
    public Outcome predict(Selection selection, PredictRequest request) {
        return predict(selection, request, AdmissionGate.OPEN);
    }

    /**
     * As {@link #predict(Selection, PredictRequest)}, reading the inputs only once {@code gate} admits them (after
     * image URLs are fetched, before any picture is decoded); its refusal reaches the caller.
     */
    public Outcome predict(Selection selection, PredictRequest request, AdmissionGate gate) {
        Instant startedAt = Instant.now();
        long started = System.nanoTime();
        long fetchStart = System.nanoTime();
        List<PredictInput> resolved = fetchUrls(request.inputs());
        long fetchNanos = request.inputs().stream().anyMatch(i -> i instanceof PredictInput.ImageUrl) ? System.nanoTime() - fetchStart : 0;
        List<Recognition> recognitions;
        try (AdmissionGate.Ticket ticket = gate.admit(resolved)) {
            recognitions = ticket.large() ? LargePictures.read(() -> recognize(selection.model(), resolved))
                    : recognize(selection.model(), resolved);
        }
        Outcome outcome = new Outcome(recognitions, fetchNanos, selection.variant().name(), selection.variant().model());
        String endpoint = selection.endpoint().name();
        Deployment d = selection.deployment();
        notify(new PredictionEvent(endpoint, selection.variant().name(), selection.variant().model(), false, resolved, recognitions,
                List.of(), d.capture(), startedAt, System.nanoTime() - started));
        DeployedVariant shadow = d.shadow();
        if (shadow != null && random.get().nextDouble(100) < d.shadowPercent()) shadow(endpoint, d, shadow, resolved, recognitions);
        return outcome;
    }

    /** One recognition per input (image URLs already fetched), in input order, with {@code model}. */
    public List<Recognition> recognize(LoadedModel model, List<PredictInput> inputs) {
        Recognition[] results = new Recognition[inputs.size()];
        List<Integer> pixelAt = new ArrayList<>();
        List<GrayImage> pixels = new ArrayList<>();
        List<Integer> pictureAt = new ArrayList<>();
        for (int i = 0; i < inputs.size(); i++) {
            if (inputs.get(i) instanceof PredictInput.ModelPixels px) {
                pixelAt.add(i);
                pixels.add(px.image());
            } else if (inputs.get(i) instanceof PredictInput.EncodedImage) {
                pictureAt.add(i);
            } else {
                throw new IllegalArgumentException("fetch image URLs first: " + inputs.get(i).origin());
            }
        }
        if (!pixels.isEmpty()) {
            List<Recognition> read = model.recognizer().recognizeModelInputs(pixels);
            for (int k = 0; k < read.size(); k++) results[pixelAt.get(k)] = read.get(k);
        }
        if (pictureAt.size() == 1) {
            int i = pictureAt.getFirst();
            results[i] = readPicture(model, (PredictInput.EncodedImage) inputs.get(i));
        } else if (!pictureAt.isEmpty()) {
            try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
                List<Future<Recognition>> futures = new ArrayList<>();
                for (int i : pictureAt) {
                    PredictInput.EncodedImage image = (PredictInput.EncodedImage) inputs.get(i);
                    futures.add(threads.submit(() -> readPicture(model, image)));
                }
                for (int k = 0; k < futures.size(); k++) results[pictureAt.get(k)] = join(futures.get(k));
            }
        }
        return List.of(results);
    }

    /** The shadow's reading of the same inputs, on a virtual thread; dropped (and counted) when too many are running. */
    private void shadow(String endpoint, Deployment d, DeployedVariant shadow, List<PredictInput> inputs, List<Recognition> primary) {
        if (!shadowPermits.tryAcquire()) {
            observer.shadowDropped(endpoint);
            return;
        }
        if (!shadow.loaded().acquire()) {
            shadowPermits.release();
            return;
        }
        Thread.ofVirtual().name("inkwell-shadow").start(() -> {
            Instant at = Instant.now();
            long started = System.nanoTime();
            try {
                List<Recognition> read = recognize(shadow.loaded(), inputs);
                notify(new PredictionEvent(endpoint, shadow.name(), shadow.model(), true, inputs, read, primary, d.capture(), at,
                        System.nanoTime() - started));
            } catch (RuntimeException e) {
                LOG.warn("shadow {} of endpoint {} failed: {}", shadow.name(), endpoint, e.getMessage());
            } finally {
                shadow.loaded().release();
                shadowPermits.release();
            }
        });
    }

    private void notify(PredictionEvent event) {
        for (PredictionListener l : listeners) {
            try {
                l.onPrediction(event);
            } catch (RuntimeException e) {
                LOG.warn("prediction listener {} failed: {}", l, e.toString());
            }
        }
    }

    /** Recognitions, how long fetching image URLs took, and which variant and model answered. */
    public record Outcome(List<Recognition> recognitions, long fetchNanos, String variant, ResolvedModel model) {
    }

    private Recognition readPicture(LoadedModel model, PredictInput.EncodedImage image) {
        return model.recognizer().recognize(image.bytes(), image.origin());
    }

    /** Fetches every image URL of the request at once (one virtual thread each), keeping input order. */
    private List<PredictInput> fetchUrls(List<PredictInput> inputs) {
        if (inputs.stream().noneMatch(i -> i instanceof PredictInput.ImageUrl)) return inputs;
        List<Future<PredictInput>> fetched = new ArrayList<>(inputs.size());
        try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (PredictInput in : inputs) {
                fetched.add(in instanceof PredictInput.ImageUrl url ? threads.submit(() -> fetch(url))
                        : CompletableFuture.completedFuture(in));
            }
            List<PredictInput> out = new ArrayList<>(inputs.size());
            try {
                for (Future<PredictInput> f : fetched) out.add(join(f)); // the first failing input, in order, is reported
            } catch (RuntimeException e) {
                threads.shutdownNow(); // the answer is an error now: do not wait for the other downloads
                throw e;
            }
            return out;
        }
    }

    private PredictInput fetch(PredictInput.ImageUrl url) {
        try {
            PredictInput image = new PredictInput.EncodedImage(fetcher.fetch(url.url()), url.origin());
            observer.fetch(true);
            return image;
        } catch (RuntimeException e) {
            observer.fetch(false);
            throw e;
        }
    }

    private static <T> T join(Future<T> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            throw new IllegalStateException(e.getCause());
        }
    }
}
