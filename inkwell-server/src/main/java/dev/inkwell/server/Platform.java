package dev.inkwell.server;

import dev.inkwell.bucket.Buckets;
import dev.inkwell.core.UnavailableException;
import dev.inkwell.registry.ModelRegistry;
import dev.inkwell.store.Store;
import java.time.Duration;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a replica shares with every other replica: the store (stored endpoints, the model registry, samples tables, work
 * queues) and the buckets (model files, uploads, captures). Predictions never need it, so a replica whose store cannot
 * be reached still serves the endpoints it was started with: what needs the store answers 503 and the store is tried
 * again (at most every few seconds) until it answers. Closed with the server.
 */
public final class Platform implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Platform.class);
    private static final Duration RETRY = Duration.ofSeconds(3);

    private final ServerConfig config;
    private volatile Opened opened;
    private UnavailableException lastFailure;
    private long retryAt;
    private boolean closed;

    private record Opened(Store store, Buckets buckets, ModelRegistry registry) {
    }

    private Platform(ServerConfig config) {
        this.config = config;
    }

    /**
     * The store and buckets {@code config} names (the embedded defaults when it names none), opened on first use: the
     * server's start does not wait for them (opening an embedded store extracts SQLite's library and checks its
     * migrations), and predictions never need them.
     */
    public static Platform connect(ServerConfig config) {
        return new Platform(config);
    }

    /** The store; a {@link UnavailableException} (503) while it cannot be reached. */
    public Store store() {
        return opened().store();
    }

    public Buckets buckets() {
        return opened().buckets();
    }

    public ModelRegistry registry() {
        return opened().registry();
    }

    /** The registry, looked up on each call: it may become reachable after start. */
    public Supplier<ModelRegistry> registrySupplier() {
        return this::registry;
    }

    public boolean connected() {
        return opened != null;
    }

    private Opened opened() {
        Opened o = opened;
        if (o != null) return o;
        synchronized (this) {
            if (opened != null) return opened;
            if (closed) throw new UnavailableException("the server is stopping: its store is closed");
            if (lastFailure != null && System.nanoTime() < retryAt) throw lastFailure;
            Store store = null;
            try {
                store = Store.openOrEmbedded(config.store());
                Buckets buckets = Buckets.open(config.buckets());
                opened = new Opened(store, buckets, ModelRegistry.open(store, buckets));
                if (lastFailure != null) LOG.info("the store answers again: {}", store.displayName());
                lastFailure = null;
                return opened;
            } catch (UnavailableException e) {
                if (store != null) store.close();
                lastFailure = e;
                retryAt = System.nanoTime() + RETRY.toNanos();
                throw e;
            } catch (RuntimeException e) {
                if (store != null) store.close();
                throw e;
            }
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        Opened o = opened;
        opened = null;
        if (o == null) return;
        try {
            o.buckets().close();
        } finally {
            o.store().close();
        }
    }
}
