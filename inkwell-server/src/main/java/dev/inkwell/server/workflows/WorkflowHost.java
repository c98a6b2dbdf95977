package dev.inkwell.server.workflows;

import com.fasterxml.jackson.databind.JsonNode;
import dev.inkwell.core.InkwellHome;
import dev.inkwell.core.UnavailableException;
import dev.inkwell.functions.WorkflowStarter;
import dev.inkwell.functions.workflow.FunctionTaskRouter;
import dev.inkwell.server.Platform;
import dev.inkwell.server.ServerConfig;
import dev.inkwell.server.triggers.TriggerHost;
import dev.inkwell.workflow.runtime.WorkflowRuntime;
import java.net.URI;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's workflow runtime: executions of the workflows kept in the platform's store, their Task states run by
 * the server's functions (the triggers' {@link dev.inkwell.functions.FunctionEnvironment}: buckets, store, endpoints),
 * and command functions' AWS SDKs pointed back at this server ({@link AwsEnvironment}). Replicas sharing the store share
 * the executions: each runs those it started or took over, under a lease, and one that stops hands its executions over.
 *
 * <p>Started with the server when it has a store (configured, or the embedded one exists, or triggers start with
 * it); otherwise on first use of a workflow route. A store that cannot be reached is tried again in the background.
 */
public final class WorkflowHost implements WorkflowStarter, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WorkflowHost.class);
    private static final Duration RETRY = Duration.ofSeconds(3);

    private final ServerConfig config;
    private final Platform platform;
    private final TriggerHost triggers;
    private final Supplier<URI> self;
    private final String owner = "serve-" + ProcessHandle.current().pid() + "-" + UUID.randomUUID().toString().substring(0, 6);
    private volatile S3Api s3;
    private WorkflowRuntime runtime;
    private volatile boolean closed;

    /** Where the S3 API beside the server is, and the key pair it checks (null: none). */
    public record S3Api(URI endpoint, String accessKey, String secretKey) {
        public S3Api {
            Objects.requireNonNull(endpoint);
        }

        @Override
        public String toString() {
            return "S3Api[" + endpoint + "]";
        }
    }

    /**
     * @param self this server's own URL, asked when the runtime starts (the server listens by then)
     */
    public WorkflowHost(ServerConfig config, Platform platform, TriggerHost triggers, Supplier<URI> self) {
        this.config = config;
        this.platform = platform;
        this.triggers = triggers;
        this.self = self;
    }

    /** Whether the server should start workflows with itself rather than on first use. */
    public boolean startsWithServer() {
        return config.store() != null || Files.isRegularFile(InkwellHome.path().resolve("inkwell.db")) || triggers.startsWithServer();
    }

    /** Tells command functions where the S3 API is; call before the runtime starts ({@code serve --s3-port} does). */
    public void useS3Api(S3Api api) {
        this.s3 = api;
    }

    /** What command functions get in their environment. */
    public AwsEnvironment awsEnvironment() {
        S3Api api = s3;
        return api == null ? new AwsEnvironment(self.get(), null, null, null)
                : new AwsEnvironment(self.get(), api.endpoint(), api.accessKey(), api.secretKey());
    }

    /** The runtime, started on first call; 503 while the store cannot be reached or the server stops. */
    public synchronized WorkflowRuntime runtime() {
        if (closed) throw new UnavailableException("the server is stopping");
        if (runtime == null) {
            AwsEnvironment aws = awsEnvironment();
            FunctionTaskRouter router = new FunctionTaskRouter(triggers.functions(), triggers::environment, aws.variables());
            runtime = WorkflowRuntime.builder(platform.store(), router)
                    .owner(owner)
                    .lease(config.workflows().lease())
                    .recoveryInterval(config.workflows().recoveryInterval())
                    .build();
            LOG.info("workflows: running executions as {} (command functions reach {})", owner, aws);
        }
        return runtime;
    }

    /** Starts an execution for a function (the {@code workflow} trigger action); 503 while stopping. */
    @Override
    public Started start(String workflow, String name, JsonNode input) {
        try {
            WorkflowRuntime.Started s = runtime().start(workflow, name, input, null);
            return new Started(s.execution().arn(), s.execution().name(), s.created());
        } catch (IllegalStateException closing) {
            throw new UnavailableException("the server is stopping: " + closing.getMessage(), closing);
        }
    }

    /** Whether the runtime has started. */
    public synchronized boolean started() {
        return runtime != null;
    }

    /**
     * Starts the runtime now if the store answers, else keeps trying in the background (every few seconds, until it
     * answers or the server stops): executions abandoned by a replica that died are taken over once it starts.
     */
    public void startWhenReachable() {
        try {
            runtime();
        } catch (UnavailableException e) {
            if (closed) return;
            LOG.warn("workflows wait for the store: {}", e.getMessage());
            Thread.ofPlatform().daemon().name("inkwell-workflows-start").start(this::keepTrying);
        }
    }

    private void keepTrying() {
        while (!closed) {
            try {
                Thread.sleep(RETRY.toMillis());
                runtime();
                LOG.info("workflows started: the store answers");
                return;
            } catch (UnavailableException again) {
                LOG.debug("workflows still wait for the store: {}", again.getMessage());
            } catch (InterruptedException interrupted) {
                return;
            } catch (RuntimeException other) {
                LOG.warn("workflows cannot start: {}", other.toString());
                return;
            }
        }
    }

    /**
     * Stops running executions here and hands them over (what was recorded stays; another replica, or this one's
     * next start, resumes them from their last transition).
     */
    @Override
    public void close() {
        WorkflowRuntime r;
        synchronized (this) {
            if (closed) return;
            closed = true;
            r = runtime;
        }
        if (r == null) return;
        try {
            r.close();
        } catch (RuntimeException e) {
            LOG.warn("stopping the workflows: {}", e.toString());
        }
    }
}
