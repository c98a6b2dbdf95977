package dev.inkwell.serving.endpoint;

import dev.inkwell.core.NotFoundException;
import dev.inkwell.core.Texts;
import dev.inkwell.core.UnavailableException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's endpoints by name. A reload swaps in a freshly loaded model atomically; the old one is closed after
 * a grace period so requests already holding it finish on it.
 */
public final class EndpointRegistry implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EndpointRegistry.class);

    private final ModelLoader loader;
    private final Duration retireAfter;
    private final Map<String, EndpointSpec> specs = new LinkedHashMap<>();
    private final Map<String, ModelEndpoint> endpoints = new ConcurrentHashMap<>();
    private final CompletableFuture<Void> loaded = new CompletableFuture<>();
    private boolean closed;

    /** Declares the endpoints; {@link #loadAll()} loads their models. */
    public EndpointRegistry(ModelLoader loader, List<EndpointSpec> specs, Duration retireAfter) {
        this.loader = loader;
        this.retireAfter = retireAfter;
        for (EndpointSpec spec : specs) this.specs.put(spec.name(), spec);
    }

    /**
     * Loads every endpoint's model. The server runs this beside its own start-up; lookups wait for it, so a request
     * arriving early is answered as soon as the models are there.
     */
    public void loadAll() {
        try {
            for (EndpointSpec spec : specs.values()) {
                ModelEndpoint ep = loader.load(spec);
                synchronized (this) {
                    if (closed) { // the server gave up (e.g. its port was taken) while this model loaded
                        ep.close();
                        return;
                    }
                    endpoints.put(spec.name(), ep);
                }
            }
            loaded.complete(null);
        } catch (RuntimeException | Error e) {
            loaded.completeExceptionally(e);
            throw e;
        }
    }

    private void awaitLoaded() {
        try {
            loaded.join();
        } catch (CompletionException e) {
            throw new UnavailableException("the models failed to load: " + e.getCause().getMessage(), e.getCause());
        }
    }

    /** The endpoint called {@code name}, or 404. */
    public ModelEndpoint get(String name) {
        ModelEndpoint ep = endpoints.get(name);
        if (ep == null && !loaded.isDone()) {
            awaitLoaded();
            ep = endpoints.get(name);
        }
        if (ep == null) throw new NotFoundException("no endpoint named '" + abbreviate(name) + "'; see GET /v1/endpoints");
        return ep;
    }

    /** Endpoints in declaration order. */
    public List<ModelEndpoint> all() {
        awaitLoaded();
        List<ModelEndpoint> list = new ArrayList<>();
        for (String name : specs.keySet()) {
            ModelEndpoint ep = endpoints.get(name);
            if (ep != null) list.add(ep);
        }
        return list;
    }

    /** Loads the endpoint's model again (e.g. after the file was replaced) and swaps it in. */
    public ModelEndpoint reload(String name) {
        EndpointSpec spec;
        synchronized (specs) {
            spec = specs.get(name);
        }
        if (spec == null) throw new NotFoundException("no endpoint named '" + abbreviate(name) + "'");
        ModelEndpoint fresh = loader.load(spec);
        ModelEndpoint old = endpoints.put(name, fresh);
        if (old != null) retire(old);
        return fresh;
    }

    private void retire(ModelEndpoint old) {
        Thread.ofVirtual().name("inkwell-retire-" + old.name()).start(() -> {
            try {
                Thread.sleep(retireAfter);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            old.close();
            LOG.info("closed the previous model of endpoint {}", old.name());
        });
    }

    private static String abbreviate(String s) {
        return Texts.abbreviate(s, 64);
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (!loaded.isDone()) loaded.completeExceptionally(new IllegalStateException("closed while loading"));
        Collection<ModelEndpoint> all = new ArrayList<>(endpoints.values());
        endpoints.clear();
        for (ModelEndpoint ep : all) {
            try {
                ep.close();
            } catch (RuntimeException e) {
                LOG.warn("closing endpoint {} failed: {}", ep.name(), e.toString());
            }
        }
    }
}
