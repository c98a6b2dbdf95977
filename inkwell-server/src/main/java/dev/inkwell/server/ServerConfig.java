package dev.inkwell.server;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Everything {@code serve} can be told, grouped by area. Defaults are safe for a public port: https-only image
 * fetching, no private targets, bounded bodies and images, management routes closed until a key is set.
 */
public record ServerConfig(
        Http http,
        Limits limits,
        Batching batching,
        Fetch fetch,
        Auth auth,
        List<EndpointSpec> endpoints,
        String store) {

    public ServerConfig {
        Objects.requireNonNull(http);
        Objects.requireNonNull(limits);
        Objects.requireNonNull(batching);
        Objects.requireNonNull(fetch);
        Objects.requireNonNull(auth);
        endpoints = List.copyOf(endpoints);
        if (endpoints.isEmpty()) throw new IllegalArgumentException("at least one endpoint is needed");
        if (endpoints.stream().map(EndpointSpec::name).distinct().count() != endpoints.size()) {
            throw new IllegalArgumentException("endpoint names must be unique");
        }
    }

    public static ServerConfig defaults(List<EndpointSpec> endpoints) {
        return new ServerConfig(Http.defaults(), Limits.defaults(), Batching.defaults(), Fetch.defaults(),
                Auth.fromEnvironment(), endpoints, null);
    }

    public ServerConfig withHttp(Http value) {
        return new ServerConfig(value, limits, batching, fetch, auth, endpoints, store);
    }

    public ServerConfig withLimits(Limits value) {
        return new ServerConfig(http, value, batching, fetch, auth, endpoints, store);
    }

    public ServerConfig withBatching(Batching value) {
        return new ServerConfig(http, limits, value, fetch, auth, endpoints, store);
    }

    public ServerConfig withFetch(Fetch value) {
        return new ServerConfig(http, limits, batching, value, auth, endpoints, store);
    }

    public ServerConfig withAuth(Auth value) {
        return new ServerConfig(http, limits, batching, fetch, value, endpoints, store);
    }

    public ServerConfig withEndpoints(List<EndpointSpec> value) {
        return new ServerConfig(http, limits, batching, fetch, auth, value, store);
    }

    /** Where samples tables live: an SQLite path or a jdbc:postgresql: URL; null for {@code $INKWELL_HOME/inkwell.db}. */
    public ServerConfig withStore(String value) {
        return new ServerConfig(http, limits, batching, fetch, auth, endpoints, value == null || value.isBlank() ? null : value);
    }

    /** Where to listen; port 0 picks a free one. */
    public record Http(String host, int port, Duration stopTimeout, boolean accessLog) {
        public static Http defaults() {
            return new Http("127.0.0.1", 8080, Duration.ofSeconds(10), false);
        }

        public Http withAddress(String newHost, int newPort) {
            return new Http(newHost, newPort, stopTimeout, accessLog);
        }

        public Http withAccessLog(boolean on) {
            return new Http(host, port, stopTimeout, on);
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
        public dev.inkwell.image.ImageLimits imageLimits() {
            return new dev.inkwell.image.ImageLimits(maxBodyBytes, maxImagePixels);
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
         */
        public static Batching defaults() {
            int cores = Runtime.getRuntime().availableProcessors();
            return new Batching(true, 64, Duration.ZERO, Math.max(1, Math.min(2, cores)), 1);
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

    /** The API key management routes need; {@code null} closes them. */
    public record Auth(String apiKey) {
        public static final String ENV = "INKWELL_API_KEY";

        public static Auth fromEnvironment() {
            String key = System.getenv(ENV);
            return new Auth(key == null || key.isBlank() ? null : key);
        }

        @Override
        public String toString() {
            return "Auth[apiKey=" + (apiKey == null ? "unset" : "***") + "]";
        }
    }

    /** A named route to a model: {@code model} is a path to an ONNX file or a bundled model name. */
    public record EndpointSpec(String name, String model) {
        public EndpointSpec {
            if (name == null || !name.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,63}")) {
                throw new IllegalArgumentException("endpoint name '" + name
                        + "' must be 1-64 letters, digits, '.', '_' or '-'");
            }
            if (model == null || model.isBlank()) throw new IllegalArgumentException("endpoint " + name + " needs a model");
        }

        /** Parses {@code name=model} or a bare {@code model} (then named {@code default}). */
        public static EndpointSpec parse(String text) {
            int eq = text.indexOf('=');
            if (eq > 0 && text.substring(0, eq).trim().matches("[A-Za-z0-9][A-Za-z0-9._-]{0,63}")) {
                return new EndpointSpec(text.substring(0, eq).trim(), text.substring(eq + 1).trim());
            }
            return new EndpointSpec("default", text.trim());
        }
    }
}
