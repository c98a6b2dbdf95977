package dev.inkwell.serving;

import dev.inkwell.image.ImageLimits;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What prediction needs to know whichever way a request arrives (HTTP, a bucket trigger, a workflow task): caps on
 * what one request may cost, how model calls are batched, and how image URLs are fetched. Defaults are safe for a
 * public port: https-only fetching, no private targets, bounded bodies and images.
 */
public record ServingConfig(Limits limits, Batching batching, Fetch fetch, Duration endpointPoll, Admission admission) {
    /** How often a replica compares the store's change counter: replicas converge on a change within about this. */
    public static final Duration DEFAULT_ENDPOINT_POLL = Duration.ofMillis(500);

    public ServingConfig {
        Objects.requireNonNull(limits);
        Objects.requireNonNull(batching);
        Objects.requireNonNull(fetch);
        Objects.requireNonNull(admission);
        if (endpointPoll == null || endpointPoll.isNegative() || endpointPoll.isZero()) {
            throw new IllegalArgumentException("the endpoint poll interval must be positive");
        }
    }

    public static ServingConfig defaults() {
        return new ServingConfig(Limits.defaults(), Batching.defaults(), Fetch.defaults(), DEFAULT_ENDPOINT_POLL, Admission.defaults());
    }

    public ServingConfig with(Limits value) {
        return new ServingConfig(value, batching, fetch, endpointPoll, admission);
    }

    public ServingConfig with(Batching value) {
        return new ServingConfig(limits, value, fetch, endpointPoll, admission);
    }

    public ServingConfig with(Fetch value) {
        return new ServingConfig(limits, batching, value, endpointPoll, admission);
    }

    public ServingConfig withEndpointPoll(Duration value) {
        return new ServingConfig(limits, batching, fetch, value, admission);
    }

    public ServingConfig with(Admission value) {
        return new ServingConfig(limits, batching, fetch, endpointPoll, value);
    }

    /**
     * Admission of HTTP predictions by cost: at most {@code maxPixelsInFlight} pixels (from the pictures' headers)
     * decoded and read at once, the last {@code smallReserve} of them kept for requests of at most that many pixels;
     * a large request that does not fit waits up to {@code maxWait} for room (first come first served, at most
     * {@link #MAX_WAITING} at a time), and one that still does not is answered 503 with
     * {@code Retry-After: retryAfter}. {@code maxPixelsInFlight} 0 turns admission off.
     */
    public record Admission(long maxPixelsInFlight, long smallReserve, Duration retryAfter, Duration maxWait) {
        /** Large requests waiting for room at once, at most: each holds its body meanwhile. */
        public static final int MAX_WAITING = 64;

        public Admission {
            if (maxPixelsInFlight < 0) throw new IllegalArgumentException("maxPixelsInFlight must be 0 (off) or more");
            if (maxPixelsInFlight > 0 && (smallReserve < 0 || smallReserve >= maxPixelsInFlight)) {
                throw new IllegalArgumentException("smallReserve must be at least 0 and under maxPixelsInFlight (" + maxPixelsInFlight + ")");
            }
            Objects.requireNonNull(retryAfter);
            if (retryAfter.isNegative()) throw new IllegalArgumentException("retryAfter must not be negative");
            Objects.requireNonNull(maxWait);
            if (maxWait.isNegative()) throw new IllegalArgumentException("maxWait must not be negative");
        }

        /**
         * Room for one 600×600 picture per core (450,000 pixels each, a ninth of it kept for small requests), a large
         * request waiting up to 0.5 s for room, retry after 1 s. Pictures are read on virtual threads, which are not
         * preempted, so large decodes must not take every core for long: a picture over the large requests' share (a
         * photo) is charged all of it and runs alone, leaving the other cores to small requests, while drawings (a
         * 600×600 canvas: ~3.5 ms) run one per core. On 2 cores with 32 clients flooding 600×600 PNGs at ~17 ms each,
         * 3 at once left small requests waiting seconds (bench/overload.sh).
         */
        public static Admission defaults() {
            return perCores(Runtime.getRuntime().availableProcessors());
        }

        static Admission perCores(int cores) {
            long max = 450_000L * Math.max(1, cores);
            return new Admission(max, max / 9, Duration.ofSeconds(1), Duration.ofMillis(500));
        }

        public static Admission off() {
            return new Admission(0, 0, Duration.ofSeconds(1), Duration.ZERO);
        }

        public boolean enabled() {
            return maxPixelsInFlight > 0;
        }

        /** This limit, a ninth of it kept for small requests (as the defaults). */
        public Admission withMaxPixelsInFlight(long value) {
            return new Admission(value, value / 9, retryAfter, maxWait);
        }
    }

    /**
     * Caps on what one request may cost: body bytes (413), decoded image pixels (413), inputs in one batch (413).
     */
    public record Limits(long maxBodyBytes, long maxImagePixels, int maxBatchItems) {
        public static Limits defaults() {
            return new Limits(10L << 20, 40_000_000L, 256);
        }

        /** What one decoded image may be: no larger than a body, no more pixels than allowed. */
        public ImageLimits imageLimits() {
            return new ImageLimits(maxBodyBytes, maxImagePixels);
        }
    }

    /**
     * Dynamic batching of model calls: a batch closes when it holds {@code maxBatch} images or, under load,
     * {@code maxWait} after it opened. {@code workers} model calls may run at once.
     */
    public record Batching(boolean enabled, int maxBatch, Duration maxWait, int workers, int intraOpThreads) {
        public Batching {
            if (maxBatch < 1 || workers < 1 || intraOpThreads < 1) {
                throw new IllegalArgumentException("batch size, workers and threads must be >= 1");
            }
        }

        /**
         * No lingering by default: on a CPU, batches form by themselves while the workers are busy, and waiting for
         * stragglers idles a core (measured on 2 cores with bench/serve-ab.sh: 32 clients 4,045–4,418 req/s without
         * lingering, 3,206–3,563 with 2 ms); a GPU, where a call's fixed cost is high, wants {@code maxWait} of a few milliseconds.
         * Up to 8 images per call: on a CPU batches stay small even under load (3.3–3.6 images on average at 128 clients),
         * and a cap of 64 only let a rare big one grow ONNX Runtime's per-call buffers, which are malloc'd: with 8, RSS
         * after a load 8–30 MB lower and throughput no lower (docs/serve.md, stop 29). A client's own batch of more is
         * still one call.
         */
        public static Batching defaults() {
            int cores = Runtime.getRuntime().availableProcessors();
            return new Batching(true, 8, Duration.ZERO, Math.max(1, Math.min(2, cores)), 1);
        }

        public Batching withEnabled(boolean on) {
            return new Batching(on, maxBatch, maxWait, workers, intraOpThreads);
        }

        public Batching withMaxBatch(int value) {
            return new Batching(enabled, value, maxWait, workers, intraOpThreads);
        }

        public Batching withMaxWait(Duration value) {
            return new Batching(enabled, maxBatch, value, workers, intraOpThreads);
        }
    }

    /**
     * The image-URL fetcher ({@code {"data": url}}). {@code allowedHosts} lists hosts or IP literals that may be
     * fetched even if private (for tests and intranets); {@code allowHttp} permits plain http.
     */
    public record Fetch(boolean enabled, boolean allowHttp, List<String> allowedHosts, long maxBytes,
                        Duration timeout, int maxRedirects) {
        public Fetch {
            allowedHosts = List.copyOf(allowedHosts);
        }

        public static Fetch defaults() {
            return new Fetch(true, false, List.of(), 5L << 20, Duration.ofSeconds(5), 3);
        }

        public Fetch allowing(List<String> hosts, boolean http) {
            return new Fetch(enabled, http, hosts, maxBytes, timeout, maxRedirects);
        }
    }
}
