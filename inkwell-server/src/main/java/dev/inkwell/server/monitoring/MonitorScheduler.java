package dev.inkwell.server.monitoring;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.inkwell.bucket.Buckets;
import dev.inkwell.core.ConflictException;
import dev.inkwell.core.Json;
import dev.inkwell.core.UnavailableException;
import dev.inkwell.monitor.Baseline;
import dev.inkwell.monitor.CaptureWindow;
import dev.inkwell.monitor.MonitorOptions;
import dev.inkwell.monitor.MonitorResult;
import dev.inkwell.monitor.MonitorRun;
import dev.inkwell.monitor.report.MonitorReport;
import dev.inkwell.registry.endpoint.CaptureSettings;
import dev.inkwell.server.ServerConfig;
import dev.inkwell.serving.endpoint.Deployment;
import dev.inkwell.serving.endpoint.EndpointRuntime;
import dev.inkwell.serving.endpoint.LiveEndpoint;
import dev.inkwell.store.LeaseKeeper;
import dev.inkwell.store.Store;
import dev.inkwell.store.WorkItem;
import dev.inkwell.store.WorkQueue;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The monitoring schedule inside {@code serve}. Every tick each replica adds the window just due of every endpoint
 * with a baseline to the store's {@value #QUEUE} work queue, keyed by endpoint and window (adding it again adds
 * nothing), then claims due items with a lease and runs them: so however many replicas share the store, each window
 * is run by one of them, and one that dies mid-run has its window taken over when the lease ends. A run reads the
 * endpoint's captures of the window, judges them against its baseline, writes the report to the reports bucket and
 * completes the item with the run's summary, from which every replica shows the same gauges.
 *
 * <p>The lease is short ({@link #lease()}: half the interval, 2 s to 1 min) and kept alive while the run lasts
 * ({@link LeaseKeeper}), so a run may take as long as it needs, and a window whose replica died is taken over within a
 * minute.
 */
public final class MonitorScheduler implements AutoCloseable {
    public static final String QUEUE = "monitor";
    /** How a run came about: the schedule's window, or a check asked for ({@link #runNow}). */
    public static final String SCHEDULE = "schedule";
    public static final String MANUAL = "manual";
    private static final Logger LOG = LoggerFactory.getLogger(MonitorScheduler.class);
    private static final Duration MIN_LEASE = Duration.ofSeconds(2);
    private static final Duration MAX_LEASE = Duration.ofMinutes(1);
    private static final int RUNS_PER_TICK = 4;
    private static final int MAX_ATTEMPTS = 3;

    private final ServerConfig.Monitoring config;
    private final Supplier<Store> store;
    private final Supplier<Buckets> buckets;
    private final EndpointRuntime endpoints;
    private final MonitorGauges gauges;
    private final String owner;
    private final Clock clock;
    private final Map<String, Baseline> baselines = new ConcurrentHashMap<>();
    private final Map<String, String> shown = new ConcurrentHashMap<>();
    private final Map<String, String> ran = new ConcurrentHashMap<>();
    private volatile boolean closed;
    private Thread thread;
    private boolean storeWasDown;

    /**
     * @param owner names this replica in the queue's leases (unique per process)
     */
    public MonitorScheduler(ServerConfig.Monitoring config, Supplier<Store> store, Supplier<Buckets> buckets, EndpointRuntime endpoints,
                            MonitorGauges gauges, String owner, Clock clock) {
        this.config = config;
        this.store = store;
        this.buckets = buckets;
        this.endpoints = endpoints;
        this.gauges = gauges;
        this.owner = owner;
        this.clock = clock;
    }

    /** Starts ticking, unless no endpoint has a baseline. */
    public synchronized void start() {
        if (!config.enabled() || thread != null || closed) return;
        thread = Thread.ofPlatform().daemon().name("inkwell-monitor-schedule").start(this::loop);
        LOG.info("monitoring {} every {} (reports to {})", config.baselines().keySet(), config.every(), config.reports());
    }

    /** How often a replica looks for due windows: a quarter of the interval, at most 15 s, at least 50 ms. */
    Duration tickInterval() {
        long ms = Math.max(50, Math.min(15_000, config.every().toMillis() / 4));
        return Duration.ofMillis(ms);
    }

    private void loop() {
        while (!closed) {
            try {
                tick();
                if (storeWasDown) LOG.info("monitoring: the store answers again");
                storeWasDown = false;
            } catch (UnavailableException e) {
                if (!storeWasDown) LOG.warn("monitoring: the store cannot be reached; trying again: {}", e.getMessage());
                storeWasDown = true;
            } catch (RuntimeException e) {
                LOG.warn("monitoring: {}", e.toString());
            }
            try {
                Thread.sleep(tickInterval());
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Adds the windows now due, runs what this replica claims, and shows the latest finished windows. */
    void tick() {
        WorkQueue queue = store.get().queue(QUEUE, clock);
        CaptureWindow due = MonitorWindows.latestDue(clock.instant(), config.every(), config.delay());
        for (String endpoint : config.baselines().keySet()) {
            queue.enqueue(MonitorWindows.key(endpoint, due), payload(endpoint, due, SCHEDULE), due.until().plus(config.delay()));
        }
        // one at a time: an item claimed but waiting for the run before it would have no one keeping its lease
        for (int i = 0; i < RUNS_PER_TICK && !closed; i++) {
            List<WorkItem> claimed = queue.claim(owner, lease(), 1);
            if (claimed.isEmpty()) break;
            run(queue, claimed.getFirst());
        }
        for (String endpoint : config.baselines().keySet()) show(queue, endpoint, due);
    }

    /** How long a claimed window stays this replica's without a renewal: half the interval, 2 s to 1 min. */
    Duration lease() {
        Duration half = config.every().dividedBy(2);
        return half.compareTo(MIN_LEASE) < 0 ? MIN_LEASE : half.compareTo(MAX_LEASE) > 0 ? MAX_LEASE : half;
    }

    private void run(WorkQueue queue, WorkItem item) {
        try (LeaseKeeper kept = LeaseKeeper.keep(queue, item, owner, lease())) {
            runKept(queue, item);
        }
    }

    private void runKept(WorkQueue queue, WorkItem item) {
        JsonNode p;
        String endpoint;
        CaptureWindow window;
        String trigger;
        try {
            p = Json.mapper().readTree(item.payload());
            endpoint = p.path("endpoint").asText();
            window = new CaptureWindow(Instant.parse(p.path("since").asText()), Instant.parse(p.path("until").asText()));
            trigger = p.path("trigger").asText(SCHEDULE);
        } catch (JsonProcessingException | RuntimeException e) {
            queue.fail(item, owner, "not a monitoring run: " + e.getMessage());
            return;
        }
        try {
            Baseline baseline = baseline(endpoint);
            MonitorOptions options = MonitorOptions.defaults().withDestination(destination(endpoint))
                    .withLowConfidenceThreshold(config.lowConfidence());
            MonitorResult result = MonitorRun.run(buckets.get(), endpoint, baseline, window, options);
            Map<String, Object> summary = new LinkedHashMap<>(MonitorReport.summary(result));
            // the violations themselves (summary.json counts them): what the monitoring page lists
            summary.put("constraint_violations", result.violations());
            summary.put("report", ReportWriter.write(buckets.get(), config.reports(), result, baseline, trigger.equals(MANUAL)));
            summary.put("replica", owner);
            summary.put("trigger", trigger);
            if (queue.complete(item, owner, Json.mapper().writeValueAsString(summary))) {
                ran.put(item.key(), owner);
                gauges.ran(endpoint, "done");
                LOG.info("monitoring {} from {} to {}: {} readings, {} violation(s), report {}", endpoint, window.since(), window.until(),
                        result.readings(), result.violations().size(), summary.get("report"));
            } else {
                LOG.warn("monitoring {} {}: the lease passed to another replica before the run finished", endpoint, window.since());
            }
        } catch (JsonProcessingException | RuntimeException e) {
            baselines.remove(endpoint); // read it again next time: it may have been fixed
            gauges.ran(endpoint, "failed");
            String why = e.getMessage() == null ? e.toString() : e.getMessage();
            if (e.getMessage() == null) LOG.warn("monitoring {}: unexpected failure", endpoint, e);
            if (item.attempts() >= MAX_ATTEMPTS) {
                queue.fail(item, owner, why);
                LOG.warn("monitoring {} from {}: giving up after {} attempts: {}", endpoint, window.since(), item.attempts(), why);
            } else {
                queue.retry(item, owner, why, clock.instant().plus(tickInterval().multipliedBy(4L * item.attempts())));
                LOG.warn("monitoring {} from {} failed (attempt {}), will retry: {}", endpoint, window.since(), item.attempts(), why);
            }
        }
    }

    /** Shows the newest finished run of the last two due windows, if it is not shown yet. */
    private void show(WorkQueue queue, String endpoint, CaptureWindow due) {
        for (CaptureWindow w : List.of(due, MonitorWindows.previous(due))) {
            Optional<WorkItem> item = queue.find(MonitorWindows.key(endpoint, w));
            if (item.isEmpty() || item.get().status() != WorkItem.Status.DONE || item.get().result() == null) continue;
            if (item.get().key().equals(shown.get(endpoint))) return;
            try {
                gauges.show(endpoint, Json.mapper().readTree(item.get().result()));
                shown.put(endpoint, item.get().key());
            } catch (JsonProcessingException | RuntimeException e) {
                LOG.warn("monitoring {}: cannot show the result of {}: {}", endpoint, item.get().key(), e.getMessage());
            }
            return;
        }
    }

    /**
     * Judges {@code endpoint}'s captures of {@code window} now, on the calling thread, as an item of the same work queue
     * as the schedule's windows (so it is listed with them, and fenced and retried the same way); its report goes to
     * a folder of its own. It does not move the gauges, which show the latest scheduled window. Returns the item as it
     * stands afterwards: done, failed, pending a retry, or running where another replica claimed it first.
     *
     * @throws ConflictException when the endpoint has no baseline, or this very window was asked for before
     */
    public WorkItem runNow(String endpoint, CaptureWindow window) {
        if (!config.baselines().containsKey(endpoint)) {
            throw new ConflictException("endpoint " + endpoint + " has no baseline: start serve with --monitor-baseline " + endpoint
                    + "=DIR|s3://BUCKET/PREFIX (see inkwell monitor baseline)");
        }
        WorkQueue queue = store.get().queue(QUEUE, clock);
        String key = MonitorWindows.manualKey(endpoint, window);
        if (!queue.enqueue(key, payload(endpoint, window, MANUAL), clock.instant())) {
            throw new ConflictException("a check of " + endpoint + " from " + window.since() + " to " + window.until() + " was asked for already");
        }
        queue.claim(key, owner, lease()).ifPresent(item -> run(queue, item));
        return queue.find(key).orElseThrow();
    }

    /** The monitoring settings: schedule, baselines, where reports go. */
    public ServerConfig.Monitoring config() {
        return config;
    }

    private Baseline baseline(String endpoint) {
        String location = config.baselines().get(endpoint);
        return baselines.computeIfAbsent(endpoint, e -> Baseline.read(location, buckets.get()));
    }

    /** Where the endpoint's captures go, as this replica serves it; the default destination otherwise. */
    private String destination(String endpoint) {
        for (LiveEndpoint ep : endpoints.all()) {
            Deployment d = ep.deployment();
            if (ep.name().equals(endpoint) && d != null) return d.capture().destination();
        }
        return CaptureSettings.DEFAULT_DESTINATION;
    }

    private static String payload(String endpoint, CaptureWindow w, String trigger) {
        return Json.mapper().createObjectNode().put("endpoint", endpoint).put("since", w.since().toString())
                .put("until", w.until().toString()).put("trigger", trigger).toString();
    }

    /** Work item key → this replica, for each window this replica ran (tests check no window ran twice). */
    public Map<String, String> ran() {
        return Map.copyOf(ran);
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (thread != null) {
            thread.interrupt();
            try {
                thread.join(Duration.ofSeconds(30));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
