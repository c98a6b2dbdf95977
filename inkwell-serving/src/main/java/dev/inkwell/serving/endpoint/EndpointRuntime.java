package dev.inkwell.serving.endpoint;

import dev.inkwell.core.InkwellException;
import dev.inkwell.core.NotFoundException;
import dev.inkwell.core.Texts;
import dev.inkwell.core.UnavailableException;
import dev.inkwell.registry.ModelRegistry;
import dev.inkwell.registry.endpoint.EndpointDefinition;
import dev.inkwell.registry.endpoint.EndpointRevision;
import dev.inkwell.registry.endpoint.Variant;
import dev.inkwell.serving.ServingObserver;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The endpoints a replica serves: those given on the command line or in the config file, and those stored in the
 * registry's store (shared by every replica). Each is deployed without downtime: a new definition or a moved alias
 * loads the models it needs beside the ones in service, swaps when all are warm, and retires the old ones once their
 * requests have drained; a model that fails to load leaves the endpoint as it was, the failure recorded. A watcher
 * compares the registry's change counter every {@code poll} and redeploys what changed, so replicas sharing a store
 * converge on a change within about one poll interval.
 */
public final class EndpointRuntime implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EndpointRuntime.class);

    private final ModelPool pool;
    private final ModelResolution resolution;
    private final Supplier<ModelRegistry> registry;
    private volatile boolean storeWasDown;
    private final Map<String, EndpointDefinition> statics = new LinkedHashMap<>();
    private final Map<String, LiveEndpoint> endpoints = new ConcurrentHashMap<>();
    /** What each endpoint's deployment was made from: its revision and each model's resolution; a change redeploys. */
    private final Map<String, List<Object>> deployedFrom = new ConcurrentHashMap<>();
    private final ServingObserver observer;
    private final Duration poll;
    private final CompletableFuture<Void> loaded = new CompletableFuture<>();
    private volatile long seenChanges = -1;
    private volatile boolean closed;
    private Thread watcher;

    /**
     * @param statics  endpoints from the command line or config file (never changed by the store; they win a name clash)
     * @param registry the registry whose stored endpoints to serve too, looked up on each refresh (it may throw while the
     *                 store cannot be reached: the endpoints deployed stay as they are); null to serve only {@code statics}
     * @param poll     how often the registry's change counter is compared
     */
    public EndpointRuntime(ModelLoader loader, ModelResolution resolution, List<EndpointDefinition> statics, Supplier<ModelRegistry> registry,
                           ServingObserver observer, Duration poll) {
        this.pool = new ModelPool(loader);
        this.resolution = resolution;
        this.registry = registry;
        this.observer = observer;
        this.poll = poll;
        for (EndpointDefinition d : statics) this.statics.put(d.name(), d);
    }

    /**
     * Deploys every endpoint, then starts watching the registry. The server runs this beside its own start-up; lookups
     * wait for it, so a request arriving early is answered as soon as the models are there. Throws when an endpoint
     * given on the command line cannot be deployed (a stored one that fails is only logged: the others serve).
     */
    public void start() {
        try {
            refresh();
            for (String name : statics.keySet()) {
                LiveEndpoint ep = endpoints.get(name);
                if (ep != null && ep.deployment() == null && ep.lastFailure() != null) {
                    throw new InkwellException(ep.lastFailure().reason());
                }
            }
            loaded.complete(null);
        } catch (RuntimeException | Error e) {
            loaded.completeExceptionally(e);
            throw e;
        }
        if (registry != null && !closed) {
            watcher = Thread.ofPlatform().daemon().name("inkwell-endpoint-watcher").start(this::watch);
        }
    }

    private void awaitLoaded() {
        try {
            loaded.join();
        } catch (CompletionException e) {
            throw new UnavailableException("the models failed to load: " + e.getCause().getMessage(), e.getCause());
        }
    }

    /**
     * The endpoint called {@code name}. While the replica is still starting, a lookup waits for the first deploys, also
     * for an endpoint already known but still loading its models (it used to be answered 503 "not serving yet").
     */
    public LiveEndpoint get(String name) {
        LiveEndpoint ep = endpoints.get(name);
        if ((ep == null || ep.deployment() == null) && !loaded.isDone()) {
            awaitLoaded();
            ep = endpoints.get(name);
        }
        if (ep == null) throw new NotFoundException("no endpoint named '" + Texts.abbreviate(name, 64) + "'; see GET /v1/endpoints");
        return ep;
    }

    /** Every endpoint, command-line ones first, then stored ones by name. */
    public List<LiveEndpoint> all() {
        awaitLoaded();
        List<LiveEndpoint> out = new ArrayList<>();
        for (String name : statics.keySet()) {
            if (endpoints.containsKey(name)) out.add(endpoints.get(name));
        }
        endpoints.keySet().stream().filter(n -> !statics.containsKey(n)).sorted().forEach(n -> out.add(endpoints.get(n)));
        return out;
    }

    /**
     * Deploys what changed: definitions added, changed or deleted in the store, aliases moved, files replaced.
     * Serialized: one deploy at a time per replica.
     */
    public synchronized void refresh() {
        if (closed) return;
        // the endpoints given at start first: requests to them need no store, which may be slow to open or down
        for (EndpointDefinition d : statics.values()) deploy(d, 0, LiveEndpoint.Source.STATIC, false);
        long changes = 0;
        Map<String, EndpointRevision> stored = null;
        if (registry != null) {
            try {
                ModelRegistry r = registry.get();
                changes = r.changes();
                stored = new LinkedHashMap<>();
                for (EndpointRevision rev : r.endpoints().list()) {
                    if (statics.containsKey(rev.name())) {
                        LOG.warn("endpoint {} is given on the command line and stored; the command line's is served", rev.name());
                    } else {
                        stored.put(rev.name(), rev);
                    }
                }
                if (storeWasDown) LOG.info("the store answers again: deploying its endpoints");
                storeWasDown = false;
            } catch (UnavailableException e) {
                if (!storeWasDown) LOG.warn("stored endpoints cannot be read; serving what is deployed: {}", e.getMessage());
                storeWasDown = true;
                stored = null;
            }
        }
        if (stored == null) return;
        for (EndpointRevision r : stored.values()) deploy(r.definition(), r.revision(), LiveEndpoint.Source.STORE, false);
        for (String name : List.copyOf(endpoints.keySet())) {
            if (!statics.containsKey(name) && !stored.containsKey(name)) undeploy(name);
        }
        seenChanges = changes;
    }

    /** Loads the endpoint's models again (e.g. after a file was replaced) and deploys what changed. */
    public synchronized LiveEndpoint reload(String name) {
        LiveEndpoint ep = get(name);
        if (ep.source() == LiveEndpoint.Source.STATIC) {
            deploy(statics.get(name), 0, ep.source(), true);
        } else {
            EndpointRevision r = registry.get().endpoints().get(name);
            deploy(r.definition(), r.revision(), ep.source(), true);
        }
        return ep;
    }

    /**
     * Deploys {@code d} when what it resolves to differs from what the endpoint serves; keeps the old deployment when
     * anything fails. With {@code report}, a failure is thrown (a reload asked for it) instead of only recorded.
     */
    private void deploy(EndpointDefinition d, int revision, LiveEndpoint.Source source, boolean report) {
        LiveEndpoint ep = endpoints.computeIfAbsent(d.name(), n -> new LiveEndpoint(n, source));
        List<ResolvedModel> variants = new ArrayList<>();
        ResolvedModel shadow;
        try {
            for (Variant v : d.variants()) variants.add(resolution.resolve(v.model()));
            shadow = d.shadow() == null ? null : resolution.resolve(d.shadow().model());
        } catch (RuntimeException e) {
            fail(ep, revision, e, report);
            return;
        }
        List<Object> from = new ArrayList<>();
        from.add(revision);
        from.add(d);
        variants.forEach(m -> from.add(m.sha256()));
        from.add(shadow == null ? "" : shadow.sha256());
        if (ep.deployment() != null && from.equals(deployedFrom.get(d.name()))) return;
        List<LoadedModel> taken = new ArrayList<>();
        try {
            List<DeployedVariant> deployed = new ArrayList<>();
            for (int i = 0; i < variants.size(); i++) {
                LoadedModel m = pool.take(variants.get(i));
                taken.add(m);
                deployed.add(new DeployedVariant(d.variants().get(i).name(), d.variants().get(i).weight(), named(variants.get(i), m), m));
            }
            DeployedVariant shadowVariant = null;
            if (shadow != null) {
                LoadedModel m = pool.take(shadow);
                taken.add(m);
                shadowVariant = new DeployedVariant(d.shadow().name(), 0, named(shadow, m), m);
            }
            Deployment next = new Deployment(d, revision, deployed, shadowVariant, Instant.now());
            Deployment old = ep.swap(next);
            deployedFrom.put(d.name(), from);
            if (old != null) pool.giveBack(old.models());
            observer.deployed(d.name(), true);
            LOG.info("endpoint {} (revision {}) serves {}{}", d.name(), revision,
                    String.join(", ", deployed.stream().map(v -> v.name() + "=" + v.model().label() + (deployed.size() > 1 ? " (" + v.weight() + ")" : "")).toList()),
                    shadowVariant == null ? "" : ", shadow " + shadowVariant.name() + "=" + shadowVariant.model().label());
        } catch (RuntimeException e) {
            pool.giveBack(taken);
            fail(ep, revision, e, report);
        }
    }

    /** The variant's own resolution, named by the loaded card where it is no registered version. */
    private static ResolvedModel named(ResolvedModel resolved, LoadedModel loaded) {
        return resolved.namedBy(loaded.card().name(), loaded.card().version());
    }

    private void fail(LiveEndpoint ep, int revision, RuntimeException e, boolean report) {
        ep.failed(revision, e.getMessage(), Instant.now());
        observer.deployed(ep.name(), false);
        LOG.warn("endpoint {}: cannot deploy revision {}, {}: {}", ep.name(), revision,
                ep.deployment() == null ? "it is not serving" : "it keeps serving what it had", e.getMessage());
        if (report) throw e;
    }

    private void undeploy(String name) {
        LiveEndpoint ep = endpoints.remove(name);
        deployedFrom.remove(name);
        if (ep != null && ep.deployment() != null) pool.giveBack(ep.deployment().models());
        LOG.info("endpoint {} was deleted: no longer served", name);
    }

    private void watch() {
        while (!closed) {
            try {
                Thread.sleep(poll);
                if (storeWasDown || registry.get().changes() != seenChanges) refresh();
            } catch (InterruptedException e) {
                return;
            } catch (UnavailableException e) {
                storeWasDown = true; // refresh() says so once, and tries again next time
            } catch (RuntimeException e) {
                LOG.warn("endpoint watcher: {}", e.getMessage());
            }
        }
    }

    /** Models loaded right now (shared ones counted once). */
    public int loadedModels() {
        return pool.size();
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (watcher != null) watcher.interrupt();
        if (!loaded.isDone()) loaded.completeExceptionally(new IllegalStateException("closed while loading"));
        endpoints.clear();
        pool.close();
    }
}
