package dev.inkwell.server.triggers;

import dev.inkwell.bucket.Buckets;
import dev.inkwell.core.InkwellHome;
import dev.inkwell.core.UnavailableException;
import dev.inkwell.functions.FunctionEnvironment;
import dev.inkwell.functions.Functions;
import dev.inkwell.functions.WorkflowStarter;
import dev.inkwell.functions.builtin.RegistryDeployer;
import dev.inkwell.functions.builtin.ServingRecognizers;
import dev.inkwell.functions.trigger.TriggerService;
import dev.inkwell.server.Platform;
import dev.inkwell.server.ServerConfig;
import dev.inkwell.serving.PredictionService;
import dev.inkwell.serving.endpoint.EndpointRuntime;
import dev.inkwell.store.Store;
import java.nio.file.Files;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's functions and upload triggers: the buckets, the store and the trigger runtime, with the server's own
 * endpoints reading pictures (through its prediction service, so metrics and listeners see trigger traffic too).
 * Started with the server when a store or buckets are configured or the embedded store exists (or always, or never,
 * as the configuration says); otherwise on first use of a trigger or function route.
 */
public final class TriggerHost implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TriggerHost.class);

    private static final Duration RETRY = Duration.ofSeconds(3);

    private final ServerConfig config;
    private final Functions functions = Functions.builtIn();
    private final Platform platform;
    private final EndpointRuntime endpoints;
    private final PredictionService predictions;
    private final WorkflowStarter workflows;
    private TriggerService service;
    private FunctionEnvironment environment;
    private volatile boolean closed;

    /**
     * @param workflows where the {@code workflow} action starts executions (the server's workflow runtime)
     */
    public TriggerHost(ServerConfig config, Platform platform, EndpointRuntime endpoints, PredictionService predictions,
                       WorkflowStarter workflows) {
        this.config = config;
        this.platform = platform;
        this.endpoints = endpoints;
        this.predictions = predictions;
        this.workflows = workflows;
    }

    /** Whether the server should start triggers with itself rather than on first use. */
    public boolean startsWithServer() {
        return switch (config.triggers().mode()) {
            case ON -> true;
            case OFF -> false;
            case AUTO -> config.store() != null || config.buckets() != null || Files.isRegularFile(InkwellHome.path().resolve("inkwell.db"));
        };
    }

    public Functions functions() {
        return functions;
    }

    /** The buckets the server serves (the S3 API's too): the platform's. */
    public Buckets buckets() {
        checkOpen();
        return platform.buckets();
    }

    private Store store() {
        checkOpen();
        return platform.store();
    }

    /**
     * What functions run with here: these buckets and store, the server's endpoints, one deployer for them, and the
     * server's workflows.
     */
    public synchronized FunctionEnvironment environment() {
        if (environment == null) {
            environment = new FunctionEnvironment(buckets(), this::store, new ServingRecognizers(endpoints, predictions),
                    new RegistryDeployer(platform::registry, endpoints::refresh), config.serving().limits(), workflows);
        }
        return environment;
    }

    /** The trigger runtime, started on first call; 503 when triggers are off. */
    public synchronized TriggerService service() {
        checkOpen();
        if (config.triggers().mode() == ServerConfig.TriggerConfig.Mode.OFF) {
            throw new UnavailableException("upload triggers are off on this server (serve --no-triggers, or \"triggers\": {\"mode\": \"off\"})");
        }
        if (service == null) service = TriggerService.start(store(), buckets(), functions, environment(), config.triggers().settings());
        return service;
    }

    /**
     * Starts the triggers now if the store answers, else keeps trying in the background (every few seconds, until it
     * answers or the server stops): a replica whose store is down still serves predictions and starts its triggers
     * when the store comes back.
     */
    public void startWhenReachable() {
        try {
            service();
        } catch (UnavailableException e) {
            if (closed || config.triggers().mode() == ServerConfig.TriggerConfig.Mode.OFF) return;
            LOG.warn("upload triggers wait for the store: {}", e.getMessage());
            Thread.ofPlatform().daemon().name("inkwell-triggers-start").start(() -> {
                while (!closed) {
                    try {
                        Thread.sleep(RETRY.toMillis());
                        service();
                        LOG.info("upload triggers started: the store answers");
                        return;
                    } catch (UnavailableException again) {
                        LOG.debug("upload triggers still wait for the store: {}", again.getMessage());
                    } catch (InterruptedException interrupted) {
                        return;
                    } catch (RuntimeException other) {
                        LOG.warn("upload triggers cannot start: {}", other.toString());
                        return;
                    }
                }
            });
        }
    }

    /** How long a function may run when called over HTTP (the triggers' deadline). */
    public Duration timeout() {
        return config.triggers().settings().timeout();
    }

    public synchronized boolean started() {
        return service != null;
    }

    private void checkOpen() {
        if (closed) throw new UnavailableException("the server is stopping");
    }

    /** Stops the triggers (running functions finish, up to {@code grace}); the platform (store, buckets) closes with the server. */
    public void close(Duration grace) {
        TriggerService s;
        synchronized (this) {
            if (closed) return;
            closed = true;
            s = service;
        }
        try {
            if (s != null) s.close(grace);
        } catch (RuntimeException e) {
            LOG.warn("stopping the triggers: {}", e.toString());
        }
    }

    @Override
    public void close() {
        close(config.http().stopTimeout());
    }
}
