package dev.inkwell.server;

import dev.inkwell.core.SortedMaps;
import dev.inkwell.functions.trigger.TriggerSettings;
import dev.inkwell.registry.endpoint.CaptureSettings;
import dev.inkwell.serving.ServingConfig;
import dev.inkwell.serving.endpoint.EndpointSpec;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything {@code serve} can be told, grouped by area: the HTTP listener, the management key, prediction
 * ({@link ServingConfig}: limits, batching, URL fetching), the endpoints given at start, traffic capture and
 * monitoring, where the store and the buckets are, how upload triggers run and how workflow executions are leased.
 * Build one with {@link #builder} or change one with {@link #toBuilder}.
 */
public record ServerConfig(Http http, Auth auth, ServingConfig serving, List<EndpointSpec> endpoints, Capture capture,
                           Monitoring monitoring, String store, String buckets, TriggerConfig triggers, WorkflowConfig workflows) {

    public ServerConfig {
        Objects.requireNonNull(http);
        Objects.requireNonNull(auth);
        Objects.requireNonNull(serving);
        Objects.requireNonNull(capture);
        Objects.requireNonNull(monitoring);
        endpoints = List.copyOf(endpoints);
        if (endpoints.isEmpty()) throw new IllegalArgumentException("at least one endpoint is needed");
        if (endpoints.stream().map(EndpointSpec::name).distinct().count() != endpoints.size()) {
            throw new IllegalArgumentException("endpoint names must be unique");
        }
        if (store != null && store.isBlank()) store = null;
        if (buckets != null && buckets.isBlank()) buckets = null;
        Objects.requireNonNull(triggers);
        Objects.requireNonNull(workflows);
    }

    /** Defaults for every area (the API key from the environment) and the given endpoints. */
    public static Builder builder(List<EndpointSpec> endpoints) {
        return new Builder(Http.defaults(), Auth.fromEnvironment(), ServingConfig.defaults(), endpoints, Capture.defaults(), Monitoring.defaults(),
                null, null, TriggerConfig.fromEnvironment(), WorkflowConfig.defaults());
    }

    public Builder toBuilder() {
        return new Builder(http, auth, serving, endpoints, capture, monitoring, store, buckets, triggers, workflows);
    }

    /** Collects changes area by area; {@link #build()} checks the whole. */
    public static final class Builder {
        private Http http;
        private Auth auth;
        private ServingConfig serving;
        private List<EndpointSpec> endpoints;
        private Capture capture;
        private Monitoring monitoring;
        private String store;
        private String buckets;
        private TriggerConfig triggers;
        private WorkflowConfig workflows;

        private Builder(Http http, Auth auth, ServingConfig serving, List<EndpointSpec> endpoints, Capture capture, Monitoring monitoring,
                        String store, String buckets, TriggerConfig triggers, WorkflowConfig workflows) {
            this.http = http;
            this.auth = auth;
            this.serving = serving;
            this.endpoints = endpoints;
            this.capture = capture;
            this.monitoring = monitoring;
            this.store = store;
            this.buckets = buckets;
            this.triggers = triggers;
            this.workflows = workflows;
        }

        public TriggerConfig triggers() {
            return triggers;
        }

        public Http http() {
            return http;
        }

        public ServingConfig serving() {
            return serving;
        }

        public Capture capture() {
            return capture;
        }

        public Builder capture(Capture value) {
            this.capture = value;
            return this;
        }

        public Monitoring monitoring() {
            return monitoring;
        }

        public Builder monitoring(Monitoring value) {
            this.monitoring = value;
            return this;
        }

        public Builder http(Http value) {
            this.http = value;
            return this;
        }

        public Builder auth(Auth value) {
            this.auth = value;
            return this;
        }

        public Builder serving(ServingConfig value) {
            this.serving = value;
            return this;
        }

        public Builder limits(ServingConfig.Limits value) {
            this.serving = serving.with(value);
            return this;
        }

        public Builder batching(ServingConfig.Batching value) {
            this.serving = serving.with(value);
            return this;
        }

        public Builder fetch(ServingConfig.Fetch value) {
            this.serving = serving.with(value);
            return this;
        }

        public Builder admission(ServingConfig.Admission value) {
            this.serving = serving.with(value);
            return this;
        }

        public Builder endpoints(List<EndpointSpec> value) {
            this.endpoints = value;
            return this;
        }

        /** Where samples tables live: an SQLite path or a jdbc:postgresql: URL; null for {@code $INKWELL_HOME/inkwell.db}. */
        public Builder store(String value) {
            this.store = value;
            return this;
        }

        /** Where buckets are: a folder or s3://…; null for {@code $INKWELL_BUCKETS}, else {@code $INKWELL_HOME/buckets}. */
        public Builder buckets(String value) {
            this.buckets = value;
            return this;
        }

        public Builder triggers(TriggerConfig value) {
            this.triggers = value;
            return this;
        }

        public WorkflowConfig workflows() {
            return workflows;
        }

        public Builder workflows(WorkflowConfig value) {
            this.workflows = value;
            return this;
        }

        public ServerConfig build() {
            return new ServerConfig(http, auth, serving, endpoints, capture, monitoring, store, buckets, triggers, workflows);
        }
    }

    /**
     * Where to listen (port 0 picks a free one), how long a stop waits for requests in flight, whether every request is
     * logged, and whether the start warms the web page's path ({@code warmCanvas}: a second after the start, a dozen
     * 560×560 canvases with their debug images, so that the page's first answer takes ~25 ms instead of 0.16-0.27 s;
     * it costs 4-6 MB of RSS after a load and 15-36 MB on a server that then idles, docs/serve.md).
     * {@code headerCache}: whether each connection keeps Jetty's cache of the header lines it has seen (~80 KB a
     * connection, built after its first request; it lives as long as the connection, so the collector promotes it into
     * the old generation, where it stays as garbage once the connection closes: ~10 MB of the old generation, and of
     * the resident memory, after a few hundred connections, docs/serve.md). Off, a request's header lines are made anew,
     * young garbage like the rest of it.
     */
    public record Http(String host, int port, Duration stopTimeout, boolean accessLog, boolean warmCanvas, boolean headerCache) {
        public static Http defaults() {
            return new Http("127.0.0.1", 8080, Duration.ofSeconds(10), false, true, true);
        }

        public Http withAddress(String newHost, int newPort) {
            return new Http(newHost, newPort, stopTimeout, accessLog, warmCanvas, headerCache);
        }

        public Http withAccessLog(boolean on) {
            return new Http(host, port, stopTimeout, on, warmCanvas, headerCache);
        }

        public Http withWarmCanvas(boolean on) {
            return new Http(host, port, stopTimeout, accessLog, on, headerCache);
        }

        public Http withHeaderCache(boolean on) {
            return new Http(host, port, stopTimeout, accessLog, warmCanvas, on);
        }
    }

    /**
     * Traffic capture: what the endpoints given at start capture (stored endpoints carry their own settings) and how
     * the writer buffers: records wait at most {@code flushInterval} in memory (what a kill -9 may lose), at most
     * {@code maxBufferedRequests} requests wait (more are dropped and counted, never waited for).
     */
    public record Capture(CaptureSettings endpoints, Duration flushInterval, int maxBufferedRequests) {
        public static final Duration DEFAULT_FLUSH_INTERVAL = Duration.ofSeconds(1);

        public Capture {
            Objects.requireNonNull(endpoints);
            if (flushInterval == null || flushInterval.toMillis() < 2) throw new IllegalArgumentException("the capture flush interval must be at least 2 ms");
            if (maxBufferedRequests < 1) throw new IllegalArgumentException("the capture buffer must hold at least one request");
        }

        /** Off for the command line's endpoints, 1 s flushes, 10,000 requests buffered. */
        public static Capture defaults() {
            return new Capture(CaptureSettings.OFF, DEFAULT_FLUSH_INTERVAL, 10_000);
        }

        public Capture withEndpoints(CaptureSettings value) {
            return new Capture(value, flushInterval, maxBufferedRequests);
        }

        public Capture withFlushInterval(Duration value) {
            return new Capture(endpoints, value, maxBufferedRequests);
        }
    }

    /**
     * The monitoring schedule: every {@code every} (aligned to the epoch: hourly runs judge whole UTC hours), each
     * endpoint with a baseline has its captures of the window just ended judged against it, {@code delay} after the
     * window's end (so every replica's captures of it are written). Replicas sharing a store run each window once
     * between them. Reports go to {@code reports} ({@code s3://BUCKET/PREFIX}); gauges show the latest window's.
     *
     * @param baselines     endpoint name → its baseline: a folder or {@code s3://BUCKET/PREFIX} ('inkwell monitor baseline')
     * @param lowConfidence a reading under this top probability is low-confidence
     * @param labelling     captured low-confidence readings go to the store's labelling queue
     */
    public record Monitoring(Duration every, Duration delay, Map<String, String> baselines, String reports, double lowConfidence,
                             boolean labelling) {
        public static final Duration DEFAULT_EVERY = Duration.ofHours(1);
        public static final String DEFAULT_REPORTS = "s3://monitoring/";

        public Monitoring {
            if (every == null || every.toMillis() < 100) throw new IllegalArgumentException("the monitoring interval must be at least 100 ms");
            if (every.toMillis() > Duration.ofDays(7).toMillis()) throw new IllegalArgumentException("the monitoring interval must be at most 7 days");
            if (delay == null || delay.isNegative() || delay.compareTo(every) >= 0) {
                throw new IllegalArgumentException("the monitoring delay must be 0 or more and shorter than the interval");
            }
            baselines = SortedMaps.copyOf(baselines);
            for (var e : baselines.entrySet()) {
                new EndpointSpec(e.getKey(), e.getValue()); // the same name rule as endpoints
                if (e.getValue().isBlank()) throw new IllegalArgumentException("the baseline of endpoint " + e.getKey() + " is empty");
            }
            reports = new CaptureSettings(0, reports == null || reports.isBlank() ? DEFAULT_REPORTS : reports).destination();
            if (!(lowConfidence >= 0 && lowConfidence <= 1)) throw new IllegalArgumentException("the low-confidence threshold must be 0 to 1");
        }

        /**
         * Hourly, 1 minute after each hour, no baselines (so nothing runs), reports in s3://monitoring/, 0.93 (seed 003's
         * gate), low-confidence captures queued for labelling.
         */
        public static Monitoring defaults() {
            return new Monitoring(DEFAULT_EVERY, Duration.ofMinutes(1), Map.of(), DEFAULT_REPORTS, 0.93, true);
        }

        public boolean enabled() {
            return !baselines.isEmpty();
        }

        public Monitoring withEvery(Duration value, Duration delayValue) {
            return new Monitoring(value, delayValue, baselines, reports, lowConfidence, labelling);
        }

        public Monitoring withBaselines(Map<String, String> value) {
            return new Monitoring(every, delay, value, reports, lowConfidence, labelling);
        }

        public Monitoring withReports(String value) {
            return new Monitoring(every, delay, baselines, value, lowConfidence, labelling);
        }

        public Monitoring withLowConfidence(double value, boolean queueForLabelling) {
            return new Monitoring(every, delay, baselines, reports, value, queueForLabelling);
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

    /**
     * Upload triggers: whether they run ({@link Mode}), how ({@link TriggerSettings}), and the token webhooks present
     * ({@code INKWELL_WEBHOOK_TOKEN}; unset: the API key).
     */
    public record TriggerConfig(Mode mode, TriggerSettings settings, String webhookToken) {
        public static final String TOKEN_ENV = "INKWELL_WEBHOOK_TOKEN";

        public enum Mode {
            /** With the server when a store or buckets are configured (or the embedded store exists); else on first use of a trigger route. */
            AUTO,
            /** Always with the server. */
            ON,
            /** Never: the trigger routes answer 503. */
            OFF
        }

        public TriggerConfig {
            Objects.requireNonNull(mode);
            Objects.requireNonNull(settings);
            if (webhookToken != null && webhookToken.isBlank()) webhookToken = null;
        }

        public static TriggerConfig fromEnvironment() {
            return new TriggerConfig(Mode.AUTO, TriggerSettings.defaults(), System.getenv(TOKEN_ENV));
        }

        public TriggerConfig withMode(Mode value) {
            return new TriggerConfig(value, settings, webhookToken);
        }

        public TriggerConfig withSettings(TriggerSettings value) {
            return new TriggerConfig(mode, value, webhookToken);
        }

        public TriggerConfig withWebhookToken(String value) {
            return new TriggerConfig(mode, settings, value);
        }

        @Override
        public String toString() {
            return "TriggerConfig[mode=" + mode + ", settings=" + settings + ", webhookToken=" + (webhookToken == null ? "unset" : "***") + "]";
        }
    }

    /**
     * Workflow executions: how long one stays this replica's without a renewal (the take-over delay after a crash) and
     * how often a replica looks for executions whose lease ran out.
     */
    public record WorkflowConfig(Duration lease, Duration recoveryInterval) {
        public WorkflowConfig {
            Objects.requireNonNull(lease);
            Objects.requireNonNull(recoveryInterval);
            if (lease.toMillis() < 1_000) throw new IllegalArgumentException("the workflow lease must be at least 1 s");
            if (recoveryInterval.toMillis() < 10) throw new IllegalArgumentException("the workflow recovery interval must be at least 10 ms");
        }

        public static WorkflowConfig defaults() {
            return new WorkflowConfig(Duration.ofSeconds(15), Duration.ofSeconds(2));
        }
    }
}
