package dev.inkwell.functions.trigger;

import dev.inkwell.bucket.Buckets;
import dev.inkwell.bucket.event.BucketEvent;
import dev.inkwell.bucket.event.BucketEvents;
import dev.inkwell.functions.FunctionEnvironment;
import dev.inkwell.functions.Functions;
import dev.inkwell.store.Store;
import dev.inkwell.store.WorkItem;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Upload triggers in one process (a {@code serve} replica): bucket events from every source are matched against the
 * triggers and become work in the store's queue; this process's workers, like every other replica's, claim that work
 * and run the triggers' functions. Each (trigger, bucket, key, ETag) is one work item, done once; a process killed
 * mid-way has its work redone by whoever claims it after its lease; nothing is kept only in memory.
 *
 * <pre>{@code
 * try (TriggerService triggers = TriggerService.start(store, buckets, Functions.builtIn(), environment, TriggerSettings.defaults())) {
 *     triggers.triggers().create("digits", "uploads", "incoming/", ".png", "classify", options);
 *     ...   // uploads through buckets (the S3 API, the CLI, a watcher, a webhook) are classified
 * }
 * }</pre>
 */
public final class TriggerService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TriggerService.class);

    private final Buckets buckets;
    private final Triggers triggers;
    private final QueueCommitter committer;
    private final TriggerCatalog catalog;
    private final TriggerDispatcher dispatcher;
    private final TriggerWorkers workers;
    private final EventSources sources;
    private final BucketEvents.Subscription subscription;
    private final ScheduledExecutorService refresher;
    private final TriggerSettings settings;
    private volatile boolean closed;

    private TriggerService(Store store, Buckets buckets, Functions functions, FunctionEnvironment environment, TriggerSettings settings, Clock clock) {
        this.buckets = buckets;
        this.settings = settings;
        this.triggers = new Triggers(store, functions, buckets, clock);
        var queue = store.queue(TriggerWork.QUEUE, clock);
        this.committer = new QueueCommitter(store, queue);
        this.catalog = new TriggerCatalog(triggers.store());
        this.workers = new TriggerWorkers(queue, committer, functions, environment, buckets, settings, clock);
        this.dispatcher = new TriggerDispatcher(catalog, buckets, committer, workers::wake);
        this.sources = new EventSources(buckets, catalog, triggers.store(), dispatcher, settings, clock);
        triggers.onChange(this::refreshQuietly);
        try {
            catalog.refresh();
        } catch (RuntimeException e) {
            committer.close();
            throw e;
        }
        // before any watcher: a write is queued before a watcher could note it as seen
        this.subscription = buckets.events().subscribe(dispatcher);
        workers.start();
        this.refresher = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().daemon().name("inkwell-trigger-sources").unstarted(r));
        refresher.scheduleWithFixedDelay(this::refreshQuietly, 0, settings.refresh().toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Starts triggers on {@code buckets} with the store's definitions; the caller closes the service (and, after it, the store and buckets). */
    public static TriggerService start(Store store, Buckets buckets, Functions functions, FunctionEnvironment environment, TriggerSettings settings) {
        return start(store, buckets, functions, environment, settings, Clock.systemUTC());
    }

    static TriggerService start(Store store, Buckets buckets, Functions functions, FunctionEnvironment environment, TriggerSettings settings, Clock clock) {
        TriggerService s = new TriggerService(store, buckets, functions, environment, settings, clock);
        LOG.info("triggers: {} defined, {} worker(s) x {} as {} on {}", s.catalog.all().size(), settings.workers(), settings.claimBatch(),
                settings.owner(), buckets.describe());
        return s;
    }

    private void refreshQuietly() {
        if (closed) return;
        try {
            sources.refresh();
        } catch (RuntimeException e) {
            LOG.warn("triggers: cannot refresh (trying again in {} ms): {}", settings.refresh().toMillis(), e.getMessage());
        }
    }

    /** Create, list, delete triggers and list their failures; changes take effect here at once. */
    public Triggers triggers() {
        return triggers;
    }

    public Buckets buckets() {
        return buckets;
    }

    /**
     * Events a webhook received (S3 or MinIO notifications): queued now — a failure reaches the caller, whose sender
     * retries — then delivered to the other listeners of the buckets' events. Returns how many work items were new.
     */
    public int deliverWebhook(List<BucketEvent> events) {
        int queued = dispatcher.dispatch(events);
        for (BucketEvent e : events) buckets.events().deliver(e);
        return queued;
    }

    /** What runs here and how the shared queue stands. */
    public Map<String, Object> status() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("owner", settings.owner());
        m.put("triggers", catalog.all().size());
        m.put("workers", settings.workers());
        m.put("in_flight", workers.inFlight());
        m.put("done_here", workers.done());
        m.put("failed_here", workers.failed());
        m.put("retried_here", workers.retried());
        m.put("queued_here", dispatcher.queued());
        m.put("deferred_events", dispatcher.deferred());
        m.put("watching", sources.watching());
        m.put("polling", sources.polling());
        Map<String, Long> queue = new LinkedHashMap<>();
        for (var e : triggers.counts().entrySet()) queue.put(e.getKey().name().toLowerCase(Locale.ROOT), e.getValue());
        m.put("queue", queue);
        return m;
    }

    /** Work by status, for tests and status pages. */
    public Map<WorkItem.Status, Long> counts() {
        return triggers.counts();
    }

    /**
     * Stops taking events, lets the workers finish what they are running (up to {@code grace}) and give back what
     * they had not begun, writes what waits to be committed, and stops the watchers and pollers.
     */
    public void close(Duration grace) {
        if (closed) return;
        closed = true;
        subscription.close();
        refresher.shutdownNow();
        try {
            refresher.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        workers.stop(grace);
        sources.close();
        committer.close();
        LOG.info("triggers stopped ({} done, {} failed here)", workers.done(), workers.failed());
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(10));
    }
}
