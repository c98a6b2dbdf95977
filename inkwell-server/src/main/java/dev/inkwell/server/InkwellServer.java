package dev.inkwell.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.inkwell.bucket.Buckets;
import dev.inkwell.core.InkwellException;
import dev.inkwell.core.InkwellHome;
import dev.inkwell.core.Json;
import dev.inkwell.core.StartupCacheTraining;
import dev.inkwell.functions.WorkflowStarter;
import dev.inkwell.model.ModelResolvers;
import dev.inkwell.monitor.capture.CaptureOptions;
import dev.inkwell.monitor.capture.CaptureWriter;
import dev.inkwell.monitor.capture.ModelCardLookup;
import dev.inkwell.recognition.RecognitionJson;
import dev.inkwell.registry.endpoint.EndpointDefinition;
import dev.inkwell.server.endpoints.EndpointRoutes;
import dev.inkwell.server.endpoints.EndpointStats;
import dev.inkwell.server.endpoints.EndpointStatsRoutes;
import dev.inkwell.server.labelling.LabellingIntake;
import dev.inkwell.server.labelling.LabellingRoutes;
import dev.inkwell.server.labelling.TestCaseRoutes;
import dev.inkwell.server.models.ModelRoutes;
import dev.inkwell.server.monitoring.MonitorGauges;
import dev.inkwell.server.monitoring.MonitorRoutes;
import dev.inkwell.server.monitoring.MonitorScheduler;
import dev.inkwell.server.ops.OpsRoutes;
import dev.inkwell.server.predict.PredictRoutes;
import dev.inkwell.server.tables.TableRoutes;
import dev.inkwell.server.triggers.TriggerHost;
import dev.inkwell.server.triggers.TriggerRoutes;
import dev.inkwell.server.triggers.WebhookRoutes;
import dev.inkwell.server.workflows.AwsEnvironment;
import dev.inkwell.server.workflows.WorkflowHost;
import dev.inkwell.server.workflows.WorkflowRoutes;
import dev.inkwell.serving.PredictionService;
import dev.inkwell.serving.ServingConfig;
import dev.inkwell.serving.admission.AdmissionGate;
import dev.inkwell.serving.admission.PixelAdmission;
import dev.inkwell.serving.admission.PixelBudget;
import dev.inkwell.serving.endpoint.EndpointRuntime;
import dev.inkwell.serving.endpoint.ModelLoader;
import dev.inkwell.serving.endpoint.ModelResolution;
import dev.inkwell.serving.endpoint.OnnxNativeCache;
import dev.inkwell.serving.fetch.ImageFetcher;
import dev.inkwell.store.SqliteNativeCache;
import io.javalin.Javalin;
import io.javalin.config.SizeUnit;
import io.javalin.event.HandlerMetaInfo;
import io.javalin.http.Context;
import io.javalin.http.staticfiles.Location;
import io.javalin.json.JavalinJackson;
import io.javalin.util.JavalinBindException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpChannel;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.ServerConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code serve} process: loads every endpoint's model, then serves the API, the web page, metrics and health on
 * Javalin (Jetty, virtual threads). {@link #close()} stops gracefully: readiness turns 503, in-flight requests
 * finish, then the models are closed.
 */
public final class InkwellServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(InkwellServer.class);
    /** The thread that warms the web page's path a second after the start ({@link ServerConfig.Http#warmCanvas}). */
    static final String WARM_CANVAS_THREAD = "inkwell-warm-canvas";
    private static final Logger ACCESS = LoggerFactory.getLogger("dev.inkwell.server.access");

    private final ServerConfig config;
    private final ServerMetrics metrics = new ServerMetrics();
    private final ImageFetcher fetcher;
    private final Platform platform;
    private final EndpointRuntime endpoints;
    private final PredictionService predictions;
    private final TriggerHost triggers;
    private final WorkflowHost workflows;
    private final CaptureWriter capture;
    private final MonitorScheduler monitoring;
    /** Names this process in capture object keys and work queue leases. */
    private final String replica = ReplicaId.create();
    private final ApiRoutes routes;
    private final List<HandlerMetaInfo> registered = new CopyOnWriteArrayList<>();
    private final AtomicBoolean ready = new AtomicBoolean();
    private final Javalin app;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicInteger inFlight = new AtomicInteger();
    private volatile AutoCloseable companion;
    /** The one mapper responses are written with: the warm-ups fill its serializer cache, so it must be this one. */
    private final ObjectMapper json = Json.mapper();
    /** Completes when the endpoints' models are loaded and warm (loading begins in the constructor). */
    private final CompletableFuture<Void> models = new CompletableFuture<>();

    private InkwellServer(ServerConfig config, String version, Supplier<RandomGenerator> random) {
        this.config = config;
        this.fetcher = new ImageFetcher(config.serving().fetch());
        this.platform = Platform.connect(config);
        try {
            ModelLoader loader = new ModelLoader(config.serving().batching(), config.serving().limits(), metrics);
            ModelResolution resolution = new ModelResolution(ModelResolvers.defaults(), platform.registrySupplier());
            List<EndpointDefinition> statics = config.endpoints().stream()
                    .map(e -> EndpointDefinition.single(e.name(), e.model()).withCapture(config.capture().endpoints())).toList();
            this.endpoints = new EndpointRuntime(loader, resolution, statics, platform.registrySupplier(), metrics, config.serving().endpointPoll());
        } catch (RuntimeException e) {
            platform.close();
            throw e;
        }
        // the models load from here on, beside the rest of the set-up and Jetty's start (on a small machine loading them
        // is the longest part of a start); requests that arrive meanwhile wait for them
        Thread.ofPlatform().name("inkwell-load-models").daemon().start(() -> loadModels(endpoints, json, closed, models));
        this.predictions = new PredictionService(fetcher, metrics, Math.max(1, Runtime.getRuntime().availableProcessors()), random);
        predictions.addListener(metrics);
        this.triggers = new TriggerHost(config, platform, endpoints, predictions, this::startWorkflow);
        this.workflows = new WorkflowHost(config, platform, triggers, () -> AwsEnvironment.local(config.http().host(), port()));
        EndpointStats stats = new EndpointStats();
        predictions.addListener(stats);
        // every endpoint's capture setting decides per request; one writer serves them all, off the request path
        this.capture = CaptureWriter.start(platform::buckets, CaptureOptions.defaults().withFlushInterval(config.capture().flushInterval())
                .withMaxBufferedRequests(config.capture().maxBufferedRequests()).withReplicaId(replica), ModelCardLookup.fromFiles(),
                ThreadLocalRandom::current);
        predictions.addListener(capture);
        metrics.capture(capture.metrics());
        metrics.inFlight(inFlight::get);
        if (config.monitoring().labelling()) {
            LabellingIntake intake = new LabellingIntake(platform::store, config.monitoring().lowConfidence());
            capture.addWrittenListener(intake);
            metrics.labelling(intake::queued, intake::failed);
        }
        this.monitoring = new MonitorScheduler(config.monitoring(), platform::store, platform::buckets, endpoints,
                new MonitorGauges(metrics.registry()), replica, Clock.systemUTC());
        this.routes = new ApiRoutes(List.of(
                new PredictRoutes(endpoints, predictions, config.serving().limits(), admission(config.serving().admission(), config.serving().limits().maxImagePixels(), metrics)),
                new EndpointRoutes(endpoints, platform.registrySupplier()),
                new EndpointStatsRoutes(endpoints, stats),
                new ModelRoutes(platform.registrySupplier()),
                new TableRoutes(platform::store, config.serving().limits()),
                new TriggerRoutes(triggers),
                new WebhookRoutes(triggers, config),
                new WorkflowRoutes(workflows),
                new LabellingRoutes(platform::store),
                new TestCaseRoutes(platform::buckets),
                new MonitorRoutes(endpoints, monitoring, platform::store, platform::buckets, config.monitoring().labelling(), Clock.systemUTC()),
                new OpsRoutes(metrics, ready::get, this::openApi)), version);
        this.app = Javalin.create(cfg -> {
            cfg.useVirtualThreads = true;
            cfg.showJavalinBanner = false;
            cfg.http.maxRequestSize = config.serving().limits().maxBodyBytes();
            cfg.http.prefer405over404 = true;
            // our own connector, so a Jetty-level listener can count requests until their responses are complete
            cfg.jetty.addConnector((server, http) -> {
                if (!config.http().headerCache()) http.setHeaderCacheSize(0); // ServerConfig.Http#headerCache
                ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
                connector.setHost(config.http().host());
                connector.setPort(config.http().port());
                connector.addBean(new HttpChannel.Listener() {
                    @Override
                    public void onRequestBegin(Request request) {
                        inFlight.incrementAndGet();
                    }

                    @Override
                    public void onComplete(Request request) {
                        inFlight.decrementAndGet();
                    }
                });
                return connector;
            });
            cfg.jetty.multipartConfig.maxFileSize(config.serving().limits().maxBodyBytes(), SizeUnit.BYTES);
            cfg.jetty.multipartConfig.maxTotalRequestSize(config.serving().limits().maxBodyBytes(), SizeUnit.BYTES);
            cfg.jsonMapper(new JavalinJackson(json, true));
            // Javalin copies each response through a buffer of this size (32 KB by default, allocated per request;
            // Jetty gathers the pieces before writing). Prediction answers are about 1 KB. Not below 1,500 bytes:
            // Javalin decides on gzip from the first piece's size, and compresses from 1,500 bytes on
            cfg.http.responseBufferSize = 2048;
            cfg.staticFiles.add(files -> {
                files.hostedPath = "/";
                files.directory = "/web";
                files.location = Location.CLASSPATH;
                files.headers = Map.of("Cache-Control", "no-cache");
            });
            cfg.events(events -> events.handlerAdded(registered::add));
            cfg.requestLogger.http(this::observe);
        });
        routes.register(app, new ApiKeyAuth(config.auth()));
    }

    /**
     * Loads the models and starts listening, side by side (the models load on their own thread while Jetty starts;
     * requests that arrive meanwhile wait for them); ready once both are done. Fails, closing what it opened, if
     * either fails.
     */
    public static InkwellServer start(ServerConfig config, String version) {
        return start(config, version, ThreadLocalRandom::current);
    }

    /**
     * As {@link #start(ServerConfig, String)}, drawing variant choices and shadow samples from {@code random} (a seeded
     * generator makes traffic splits reproducible in tests and experiments; it must be safe to share between threads).
     */
    public static InkwellServer start(ServerConfig config, String version, Supplier<RandomGenerator> random) {
        return start(config, version, random, null);
    }

    /**
     * Something served beside the server ({@code serve --s3-port}'s S3 API): started once the server listens, before
     * its triggers and workflows begin, so they can be told where it is; closed first when the server stops.
     */
    @FunctionalInterface
    public interface Companion {
        AutoCloseable start(InkwellServer server);
    }

    /** As {@link #start(ServerConfig, String)}, with {@code companion} (may be null) started beside it. */
    public static InkwellServer start(ServerConfig config, String version, Companion companion) {
        return start(config, version, ThreadLocalRandom::current, companion);
    }

    private static InkwellServer start(ServerConfig config, String version, Supplier<RandomGenerator> random, Companion companion) {
        OnnxNativeCache.install(InkwellHome.cache());
        SqliteNativeCache.install(InkwellHome.cache());
        InkwellServer server = new InkwellServer(config, version, random);
        Thread.ofPlatform().name("inkwell-warm-decoders").daemon().start(Warmup::decoders);
        try {
            server.app.start();
            Warmup.http(config.http().host(), server.port()); // while the models load: a client's first request is not Jetty's
            // the models first: on a small machine everything else started here competes with them for the cores
            server.models.join();
            if (companion != null) server.companion = companion.start(server);
            // upload triggers and workflows begin with the server when there is a store to read them from
            if (server.triggers.startsWithServer()) server.triggers.startWhenReachable();
            if (server.workflows.startsWithServer()) server.workflows.startWhenReachable();
        } catch (CompletionException e) {
            server.close();
            throw e.getCause() instanceof RuntimeException r ? r : e;
        } catch (JavalinBindException e) {
            server.close();
            throw new InkwellException("cannot listen on " + config.http().host() + ":" + config.http().port()
                    + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
        server.ready.set(true);
        // a start that got this far loaded what every start needs: a start-up cache made of this run is worth keeping
        StartupCacheTraining.succeeded();
        server.monitoring.start();
        // a second later: begun at once it took a core from the first clients (their answers 55-65 ms against 29-36)
        if (config.http().warmCanvas()) {
            Thread.ofPlatform().name(WARM_CANVAS_THREAD).daemon().priority(Thread.MIN_PRIORITY)
                    .start(() -> Warmup.requestPathLater(Duration.ofSeconds(1), server.endpoints, server.json, 560, 12,
                            RecognitionJson.Debug.REPORT_AND_IMAGES, server.closed::get));
        }
        long sinceJvmStart = System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
        LOG.atInfo().addKeyValue("host", config.http().host()).addKeyValue("port", server.port())
                .addKeyValue("endpoints", server.endpoints.all().size()).addKeyValue("startup_ms", sinceJvmStart)
                .log("serving on http://{}:{}/ ({} endpoint(s), ready {} ms after JVM start)", config.http().host(),
                        server.port(), server.endpoints.all().size(), sinceJvmStart);
        return server;
    }

    /** Loads and warms up the endpoints' models; {@code done} completes when they are ready or failed. */
    private static void loadModels(EndpointRuntime endpoints, ObjectMapper json, AtomicBoolean closed, CompletableFuture<Void> done) {
        try {
            endpoints.start();
            // an API client's answer, without the debug parts: those are bound by Jackson, whose set-up for them took
            // ~30 ms of a start (lean) before the first answer; the web page's, which asks for them, is warmed later
            Warmup.requestPath(endpoints, json, 28, 1, RecognitionJson.Debug.NONE, closed::get);
            done.complete(null);
        } catch (Throwable t) {
            done.completeExceptionally(t);
        }
    }

    /** The HTTP predictions' admission gate: pixels in flight bounded, its figures on /metrics; open when turned off. */
    private static AdmissionGate admission(ServingConfig.Admission settings, long maxImagePixels, ServerMetrics metrics) {
        if (!settings.enabled()) return AdmissionGate.OPEN;
        PixelBudget budget = new PixelBudget(settings.maxPixelsInFlight(), settings.smallReserve(), ServingConfig.Admission.MAX_WAITING);
        PixelAdmission gate = new PixelAdmission(budget, settings.retryAfter(), maxImagePixels, settings.maxWait());
        metrics.admission(gate);
        return gate;
    }


    public int port() {
        return app.port();
    }

    /** The header cache size each connection of the listening connector gets (tests: 0 when the cache is off). */
    int headerCacheSize() {
        for (Connector c : app.jettyServer().server().getConnectors()) {
            HttpConnectionFactory http = c.getConnectionFactory(HttpConnectionFactory.class);
            if (http != null) return http.getHttpConfiguration().getHeaderCacheSize();
        }
        throw new IllegalStateException("no HTTP connector");
    }

    /** Requests being handled right now (from the request line until the response is complete). */
    public int inFlightRequests() {
        return inFlight.get();
    }

    public ServerConfig config() {
        return config;
    }

    /** Predictions without HTTP, and the place to add prediction listeners. */
    public PredictionService predictions() {
        return predictions;
    }

    /** The buckets this server works on (triggers, the S3 API, the registry's files); closed when the server stops. */
    public Buckets buckets() {
        return platform.buckets();
    }

    /** Functions and upload triggers: started with the server, or by this call. */
    public TriggerHost triggers() {
        return triggers;
    }

    private WorkflowStarter.Started startWorkflow(String workflow, String name, JsonNode input) {
        return workflows.start(workflow, name, input);
    }

    /** Workflow executions: started with the server, or by this call. */
    public WorkflowHost workflows() {
        return workflows;
    }

    /**
     * Tells command functions where the S3 API beside this server is and the key pair it checks (null: none); a
     * {@link Companion} calls it before workflows start.
     */
    public void useS3Api(URI endpoint, String accessKey, String secretKey) {
        workflows.useS3Api(new WorkflowHost.S3Api(endpoint, accessKey, secretKey));
    }

    /** The endpoints this server serves. */
    public EndpointRuntime endpoints() {
        return endpoints;
    }

    /** The traffic capture writer (its counters; {@link #close()} flushes it). */
    public CaptureWriter capture() {
        return capture;
    }

    /** The monitoring schedule (what this replica ran). */
    public MonitorScheduler monitoring() {
        return monitoring;
    }

    /** The store, buckets and registry this server shares with its other replicas. */
    public Platform platform() {
        return platform;
    }

    private Map<String, Object> openApi() {
        return routes.openApi();
    }

    /** Routes as Javalin registered them (for checking the OpenAPI document against). */
    public List<HandlerMetaInfo> registeredRoutes() {
        return List.copyOf(registered);
    }

    private void observe(Context ctx, Float ms) {
        String route;
        try {
            route = ctx.endpointHandlerPath();
        } catch (RuntimeException noHandler) {
            route = ctx.status().getCode() == 404 ? "unmatched" : "static";
        }
        if (route == null || route.isEmpty() || route.equals("*")) route = "static";
        int status = ctx.statusCode();
        metrics.request(route, ctx.method().name(), status, ms / 1000.0);
        if (config.http().accessLog()) {
            ACCESS.atInfo().addKeyValue("method", ctx.method().name()).addKeyValue("path", ctx.path())
                    .addKeyValue("route", route).addKeyValue("status", status).addKeyValue("ms", ms)
                    .addKeyValue("bytes_in", Math.max(0, ctx.contentLength()))
                    .log("{} {} {} {} ms", ctx.method().name(), ctx.path(), status, String.format("%.2f", ms));
        }
    }

    /**
     * Graceful stop: readiness turns 503 (load balancers stop sending), in-flight requests finish (up to the stop
 * timeout), idle keep-alive connections are closed, the triggers' running functions finish (what they had not
     * begun goes back to the queue), captured traffic still buffered is written, then the models, the store and the
     * buckets.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) return;
        ready.set(false);
        long deadline = System.nanoTime() + config.http().stopTimeout().toNanos();
        LOG.info("stopping: draining {} in-flight request(s)", inFlight.get());
        try {
            while (inFlight.get() > 0 && System.nanoTime() < deadline) Thread.sleep(10);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            // requests are drained above; what is left are idle keep-alive connections, closed at once
            if (app.jettyServer() != null && app.jettyServer().server() != null) app.jettyServer().server().setStopTimeout(0);
            app.stop();
        } finally {
            if (monitoring != null) monitoring.close();
            if (capture != null) capture.close();
            triggers.close();
            workflows.close();
            endpoints.close();
            fetcher.close();
            platform.close();
            LOG.info("stopped");
        }
    }
}
