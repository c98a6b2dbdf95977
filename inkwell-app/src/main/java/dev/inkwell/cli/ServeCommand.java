package dev.inkwell.cli;

import dev.inkwell.bucket.Buckets;
import dev.inkwell.core.InvalidInputException;
import dev.inkwell.model.BundledModels;
import dev.inkwell.model.InvalidModelRefException;
import dev.inkwell.model.ModelRef;
import dev.inkwell.registry.endpoint.CaptureSettings;
import dev.inkwell.s3api.S3ApiServer;
import dev.inkwell.s3api.S3Credentials;
import dev.inkwell.server.InkwellServer;
import dev.inkwell.server.ServerConfig;
import dev.inkwell.server.ServerConfigFile;
import dev.inkwell.serving.ServingConfig;
import dev.inkwell.serving.endpoint.EndpointSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code inkwell serve}: the HTTP API, the web page, metrics and health, until SIGINT/SIGTERM. */
@Command(name = "serve", mixinStandardHelpOptions = true, description = {
        "Serve predictions over HTTP (JSON API, seed-compatible routes, web page at /, /metrics, /openapi.json).",
        "Management routes need INKWELL_API_KEY to be set.",
        "Runs the upload triggers of its store (see 'inkwell triggers'); --s3-port also offers its buckets over the S3 protocol."})
public final class ServeCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(ServeCommand.class);
    /** Set by {@code ./inkwell} to the footprint whose JVM flags it chose ({@code lean} or {@code small}; none for fast). */
    static final String FOOTPRINT_PROPERTY = "inkwell.footprint";

    /** What a server is tuned for. The JVM's share is chosen by {@code ./inkwell} before the JVM starts. */
    public enum Footprint {
        /** Tiered compilation (C1, then C2): the most predictions per second soonest after the start. */
        FAST,
        /** The optimising compiler (C2) only: fast's throughput once warm, ~40 MB less memory (no canvas warm-up, no header caches), a slower warm-up. */
        LEAN,
        /** The client compiler (C1) only: less memory and a faster start, slower large pictures. */
        SMALL
    }

    @Spec
    CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Option(names = "--host", description = "Address to listen on (default: ${DEFAULT-VALUE}; 0.0.0.0 for all).")
    String host;

    @Option(names = {"-p", "--port"}, description = "Port (0 picks a free one; default 8080).")
    Integer port;

    @Option(names = "--model", paramLabel = "[NAME=]MODEL", description = {
            "An endpoint: " + ModelRefConverter.SYNTAX + ", optionally named (name=MODEL). Repeatable.",
            "Without a name it is the 'default' endpoint. Default: " + BundledModels.DEFAULT + "."})
    List<String> models = new ArrayList<>();

    @Option(names = "--config", paramLabel = "FILE", description = "JSON config file (see docs/serve.md); flags override it.")
    Path config;

    @Option(names = "--footprint", paramLabel = "fast|lean|small", description = {
            "What the JVM is tuned for (./inkwell sets its flags; docs/serve.md). fast (default): tiered compilation, full speed soonest. "
                    + "lean: the optimising compiler only: fast's throughput once warm (~12 s), ~40 MB less memory after a load (140-143 against 181 MB), ~0.07 s more start. "
                    + "small: for one small replica per tenant or scaling to zero: the client compiler only: ~45 MB less memory (134 MB) "
                    + "and ~0.15 s less start, for about half the throughput and ~1.8x the CPU per 600x600 picture."})
    Footprint footprint;

    @Option(names = "--batch-size", description = "Most images per model call from several requests (default 8; a request's own batch of more is one call).")
    Integer batchSize;

    @Option(names = "--batch-wait-ms", description = "Longest a batch waits for more requests once a burst (4+) is queued (default 0: batches form while the model is busy; a GPU may want 2).")
    Integer batchWaitMs;

    @Option(names = "--max-pixels-in-flight", paramLabel = "PIXELS",
            description = "Admission: most picture pixels read at once; a large picture that does not fit waits up to 0.5 s for room, "
                    + "then is answered 503 with Retry-After (default 450000 per core; 0 turns admission off).")
    Long maxPixelsInFlight;

    @Option(names = "--no-batching", description = "Call the model once per request.")
    boolean noBatching;

    @Option(names = "--fetch-allow", paramLabel = "HOST|CIDR",
            description = "Let {\"data\": url} fetch from this private host or range (repeatable).")
    List<String> fetchAllow = new ArrayList<>();

    @Option(names = "--fetch-allow-http", description = "Allow plain http:// image URLs (https only by default).")
    boolean fetchAllowHttp;

    @Option(names = "--access-log", description = "Log every request (structured key-values).")
    boolean accessLog;

    @Option(names = "--warm-canvas", negatable = true, description = {
            "Warm the web page's path a second after the start (a dozen 560x560 canvases): its first answer then takes "
                    + "~25 ms instead of ~0.2 s, for 4-6 MB more memory after a load (15-36 MB on an idle server). "
                    + "Default: on for the fast footprint, off for lean and small."})
    Boolean warmCanvas;

    @Option(names = "--store", paramLabel = "PATH|JDBC-URL",
            description = "The store the replicas share (tables, registry and endpoints, triggers, workflows, labelling): an SQLite file or jdbc:postgresql://HOST/DB?user=… "
                    + "(default: $INKWELL_STORE, else $INKWELL_HOME/inkwell.db; opened on first use).")
    String store;

    @Option(names = "--buckets", paramLabel = "LOCATION",
            description = "Where the buckets are: a folder, or s3:// for an S3-compatible store (default: $INKWELL_BUCKETS, else $INKWELL_HOME/buckets).")
    String buckets;

    @Option(names = "--s3-port", paramLabel = "PORT",
            description = "Also serve the buckets over the S3 protocol on this port (0: a free one), signed with INKWELL_S3_ACCESS_KEY / INKWELL_S3_SECRET_KEY.")
    Integer s3Port;

    @Option(names = "--triggers", paramLabel = "auto|on|off",
            description = "Upload triggers: auto (default: with the server when a store or buckets are configured, --s3-port is given, or the embedded "
                    + "store exists), on, or off.")
    ServerConfig.TriggerConfig.Mode triggers;

    @Option(names = "--trigger-workers", paramLabel = "N", description = "Threads claiming trigger work, each running up to 8 objects side by side (default 2).")
    Integer triggerWorkers;

    @Option(names = "--poll-interval", paramLabel = "SECONDS",
            description = "How often an S3 prefix with triggers is listed, for stores that send no notifications (one replica polls it; 0: never; default 30).")
    Integer pollSeconds;

    @Option(names = "--capture", paramLabel = "PERCENT",
            description = "Capture this share of the requests (and answers) of the endpoints given here, for monitoring (default 0, off; "
                    + "stored endpoints carry their own setting).")
    String capture;

    @Option(names = "--capture-to", paramLabel = "s3://BUCKET/PREFIX", description = "Where captures go (default s3://captures/).")
    String captureTo;

    @Option(names = "--monitor-baseline", paramLabel = "ENDPOINT=DIR|s3://BUCKET/PREFIX",
            description = {"Monitor this endpoint's captures against a baseline written by 'inkwell monitor baseline' (repeatable).",
                    "Replicas sharing the store run each window once between them; reports go to --monitor-reports."})
    List<String> monitorBaselines = new ArrayList<>();

    @Option(names = "--monitor-every", paramLabel = "DURATION",
            description = "How long each monitored window is, aligned to the clock (default 1h: whole UTC hours; 30m, 10m, PT1H …).")
    String monitorEvery;

    @Option(names = "--monitor-reports", paramLabel = "s3://BUCKET/PREFIX", description = "Where monitoring reports go (default s3://monitoring/).")
    String monitorReports;

    @Override
    public Integer call() throws Exception {
        ServerConfig config = config();
        if (footprint != null && footprint != Footprint.FAST && footprintOf(System.getProperty(FOOTPRINT_PROPERTY)) != footprint) {
            LOG.warn("--footprint {}: this JVM was not started with that footprint's flags, so nothing changes; "
                    + "start the server through ./inkwell, or give java the flags docs/serve.md lists", footprint.name().toLowerCase(Locale.ROOT));
        }
        CompletableFuture<InkwellServer> started = new CompletableFuture<>();
        CountDownLatch stopped = new CountDownLatch(1);
        // in place before the start: a SIGTERM that arrives while the server starts (a pod stopped early, a store slow
        // to answer) waits for the start to end and then stops the server gracefully, as it would once it runs
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                started.join().close(); // the S3 API stops first: uploads stop, the triggers then finish what they began
            } catch (CompletionException | CancellationException startFailed) {
                // the start failed and said so: nothing to stop
            }
            stopped.countDown();
        }, "inkwell-shutdown"));
        try {
            started.complete(InkwellServer.start(config, VersionProvider.version(), s3Port == null ? null : this::startS3Api));
        } catch (RuntimeException | Error e) {
            started.completeExceptionally(e);
            throw e;
        }
        stopped.await();
        return Cli.OK;
    }

    /** The S3 API beside the server, on its buckets; workflows' command functions are pointed at it. */
    private AutoCloseable startS3Api(InkwellServer server) {
        S3Credentials credentials = S3Credentials.fromEnvironment(System.getenv());
        S3ApiServer s3 = S3ApiServer.start(server.buckets(), server.config().http().host(), s3Port, credentials);
        server.useS3Api(s3.endpoint(), credentials.accessKey(), credentials.secretKey());
        return s3;
    }

    /** The server configuration: defaults (some by the JVM's footprint), then the config file, then the flags. */
    ServerConfig config() {
        return config(footprintOf(System.getProperty(FOOTPRINT_PROPERTY)));
    }

    /** {@link #config()} in a JVM started with {@code jvmFootprint}'s flags. */
    ServerConfig config(Footprint jvmFootprint) {
        ServerConfig base = ServerConfig.builder(List.of(new EndpointSpec(EndpointSpec.DEFAULT, BundledModels.DEFAULT)))
                .store(StoreOptions.fromEnvironment()) // the config file and --store override it
                // lean and small are chosen for memory: the canvas warm-up's memory outweighs one slow first canvas,
                // and the connections' header caches (promoted, then garbage in the old generation) a little parsing
                .http(ServerConfig.Http.defaults().withWarmCanvas(jvmFootprint == Footprint.FAST)
                        .withHeaderCache(jvmFootprint == Footprint.FAST))
                .build();
        ServerConfig.Builder c = (config != null ? ServerConfigFile.read(config, base) : base).toBuilder();
        if (!models.isEmpty()) {
            List<EndpointSpec> specs = new ArrayList<>();
            try {
                for (String m : models) {
                    EndpointSpec endpoint = EndpointSpec.parse(m);
                    ModelRef.parse(endpoint.model()); // a malformed or ambiguous reference is a usage error, before anything starts
                    specs.add(endpoint);
                }
                c.endpoints(specs);
            } catch (IllegalArgumentException | InvalidModelRefException e) {
                throw new ParameterException(spec.commandLine(), "--model: " + e.getMessage());
            }
        }
        ServerConfig.Http http = c.http();
        if (host != null || port != null) http = http.withAddress(host != null ? host : http.host(), port != null ? port : http.port());
        if (accessLog) http = http.withAccessLog(true);
        if (warmCanvas != null) http = http.withWarmCanvas(warmCanvas);
        c.http(http);
        if (store != null) c.store(store);
        String bucketsLocation = buckets != null ? buckets : System.getenv(Buckets.ENVIRONMENT);
        if (bucketsLocation != null && !bucketsLocation.isBlank()) c.buckets(bucketsLocation);
        ServerConfig.TriggerConfig t = c.triggers();
        if (triggers != null) t = t.withMode(triggers);
        else if (s3Port != null && t.mode() == ServerConfig.TriggerConfig.Mode.AUTO) t = t.withMode(ServerConfig.TriggerConfig.Mode.ON);
        try {
            if (triggerWorkers != null) t = t.withSettings(t.settings().withWorkers(triggerWorkers));
            if (pollSeconds != null) {
                if (pollSeconds < 0) throw new IllegalArgumentException("--poll-interval must not be negative");
                t = t.withSettings(t.settings().withBucketPoll(Duration.ofSeconds(pollSeconds)));
            }
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        c.triggers(t);
        if (capture != null || captureTo != null) {
            CaptureSettings given = c.capture().endpoints();
            try {
                if (capture != null && capture.contains("=")) throw new InvalidInputException("expected a PERCENT from 0 to 100, e.g. 10");
                CaptureSettings settings = capture == null ? new CaptureSettings(given.percent(), captureTo)
                        : CaptureSettings.parse(List.of(capture), captureTo != null ? captureTo : given.destination());
                c.capture(c.capture().withEndpoints(settings));
            } catch (InvalidInputException e) {
                throw new ParameterException(spec.commandLine(), "--capture: " + e.getMessage());
            }
        }
        c.monitoring(monitoring(c.monitoring()));
        ServingConfig.Batching b = c.serving().batching().withEnabled(c.serving().batching().enabled() && !noBatching);
        if (batchSize != null) b = b.withMaxBatch(batchSize);
        if (batchWaitMs != null) b = b.withMaxWait(Duration.ofMillis(batchWaitMs));
        c.batching(b);
        if (maxPixelsInFlight != null) {
            if (maxPixelsInFlight < 0) throw new ParameterException(spec.commandLine(), "--max-pixels-in-flight must be 0 (off) or more");
            c.admission(c.serving().admission().withMaxPixelsInFlight(maxPixelsInFlight));
        }
        if (!fetchAllow.isEmpty() || fetchAllowHttp) {
            ServingConfig.Fetch f = c.serving().fetch();
            List<String> hosts = new ArrayList<>(f.allowedHosts());
            hosts.addAll(fetchAllow);
            c.fetch(f.allowing(hosts, fetchAllowHttp || f.allowHttp()));
        }
        try {
            return c.build();
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    /**
     * The footprint whose JVM flags {@code ./inkwell} chose, from the value it gave {@link #FOOTPRINT_PROPERTY}
     * ({@link Footprint#FAST} when the JVM was started otherwise: null or anything else).
     */
    static Footprint footprintOf(String property) {
        for (Footprint f : Footprint.values()) {
            if (f.name().equalsIgnoreCase(property)) return f;
        }
        return Footprint.FAST;
    }

    /** The monitoring flags over {@code m} (the config file's, or the defaults). */
    private ServerConfig.Monitoring monitoring(ServerConfig.Monitoring m) {
        try {
            if (monitorEvery != null) {
                Duration every = Durations.parse(monitorEvery);
                m = m.withEvery(every, every.compareTo(m.delay()) > 0 ? m.delay() : every.dividedBy(4));
            }
            if (!monitorBaselines.isEmpty()) {
                Map<String, String> baselines = new LinkedHashMap<>(m.baselines());
                for (String b : monitorBaselines) {
                    int eq = b.indexOf('=');
                    if (eq <= 0 || eq == b.length() - 1) throw new IllegalArgumentException("'" + b + "': expected ENDPOINT=DIR or ENDPOINT=s3://BUCKET/PREFIX");
                    baselines.put(b.substring(0, eq).strip(), b.substring(eq + 1).strip());
                }
                m = m.withBaselines(baselines);
            }
            if (monitorReports != null) m = m.withReports(monitorReports);
            return m;
        } catch (IllegalArgumentException | InvalidInputException e) {
            throw new ParameterException(spec.commandLine(), "monitoring: " + e.getMessage());
        }
    }
}
