package dev.inkwell.serving;

import dev.inkwell.image.GrayImage;
import dev.inkwell.recognition.Recognition;
import dev.inkwell.serving.endpoint.ModelEndpoint;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers prediction requests without knowing how they arrived (HTTP, a bucket trigger, a workflow task). Reads a
 * request's inputs with an endpoint's model: pictures are decoded and preprocessed on the calling (virtual)
 * thread, each picture of a batch on its own virtual thread, so their model calls meet in the batching classifier;
 * pixel rows skip preprocessing and go to the model in one call. {@link PredictionListener}s hear of every answer.
 */
public final class PredictionService {
    private static final Logger LOG = LoggerFactory.getLogger(PredictionService.class);

    private final ImageFetcher fetcher;
    private final ServingObserver observer;
    private final List<PredictionListener> listeners = new CopyOnWriteArrayList<>();

    public PredictionService(ImageFetcher fetcher, ServingObserver observer) {
        this.fetcher = fetcher;
        this.observer = observer;
    }

    /** Adds a listener told of every answered prediction (see {@link PredictionListener}). */
    public void addListener(PredictionListener listener) {
        listeners.add(listener);
    }

    public void removeListener(PredictionListener listener) {
        listeners.remove(listener);
    }

    /** One recognition per input, in input order; the time spent fetching URLs is returned in {@code fetchNanos}. */
    public Outcome recognize(ModelEndpoint endpoint, PredictRequest request) {
        Instant startedAt = Instant.now();
        long started = System.nanoTime();
        List<PredictInput> inputs = request.inputs();
        Recognition[] results = new Recognition[inputs.size()];
        long fetchStart = System.nanoTime();
        List<PredictInput> resolved = fetchUrls(inputs);
        long fetchNanos = inputs.stream().anyMatch(i -> i instanceof PredictInput.ImageUrl) ? System.nanoTime() - fetchStart : 0;

        List<Integer> pixelAt = new ArrayList<>();
        List<GrayImage> pixels = new ArrayList<>();
        List<Integer> pictureAt = new ArrayList<>();
        for (int i = 0; i < resolved.size(); i++) {
            if (resolved.get(i) instanceof PredictInput.ModelPixels px) {
                pixelAt.add(i);
                pixels.add(px.image());
            } else {
                pictureAt.add(i);
            }
        }
        if (!pixels.isEmpty()) {
            List<Recognition> read = endpoint.recognizer().recognizeModelInputs(pixels);
            for (int k = 0; k < read.size(); k++) results[pixelAt.get(k)] = read.get(k);
        }
        if (pictureAt.size() == 1) {
            int i = pictureAt.getFirst();
            results[i] = readPicture(endpoint, (PredictInput.EncodedImage) resolved.get(i));
        } else if (!pictureAt.isEmpty()) {
            try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
                List<Future<Recognition>> futures = new ArrayList<>();
                for (int i : pictureAt) {
                    PredictInput.EncodedImage image = (PredictInput.EncodedImage) resolved.get(i);
                    futures.add(threads.submit(() -> readPicture(endpoint, image)));
                }
                for (int k = 0; k < futures.size(); k++) results[pictureAt.get(k)] = join(futures.get(k));
            }
        }
        Outcome outcome = new Outcome(List.of(results), fetchNanos);
        if (!listeners.isEmpty()) {
            PredictionEvent event = new PredictionEvent(endpoint, resolved, outcome.recognitions(), startedAt, System.nanoTime() - started);
            for (PredictionListener l : listeners) {
                try {
                    l.onPrediction(event);
                } catch (RuntimeException e) {
                    LOG.warn("prediction listener {} failed: {}", l, e.toString());
                }
            }
        }
        return outcome;
    }

    /** Recognitions and how long fetching image URLs took. */
    public record Outcome(List<Recognition> recognitions, long fetchNanos) {
    }

    private Recognition readPicture(ModelEndpoint endpoint, PredictInput.EncodedImage image) {
        return endpoint.recognizer().recognize(image.bytes(), image.origin());
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
