package dev.inkwell.functions.trigger;

import dev.inkwell.bucket.Bucket;
import dev.inkwell.bucket.Buckets;
import dev.inkwell.bucket.ObjectSummary;
import dev.inkwell.bucket.event.BucketPoller;
import dev.inkwell.bucket.event.SeenObjects;
import dev.inkwell.bucket.folder.FolderStore;
import dev.inkwell.bucket.folder.FolderWatcher;
import dev.inkwell.core.NotFoundException;
import dev.inkwell.store.WorkItem;
import dev.inkwell.store.WorkQueue;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where object events come from besides writes through this process, kept in step with the triggers every refresh:
 * <ul>
 *   <li>folder buckets with triggers are watched ({@link FolderWatcher}: files other programs copy in);</li>
 *   <li>S3 prefixes with triggers are polled ({@link BucketPoller}) by one process at a time: the one holding the
 *       prefix's lease, a work item of the {@value #LEADERS} queue, taken over when its holder dies;</li>
 *   <li>a new trigger catches up once every process knows it: objects written under its prefix since its creation
 *       (while some process still had an old copy of the definitions) are queued for it;</li>
 *   <li>a watcher or poller that starts again (a restart, a take-over) looks for objects written since its
 *       checkpoint, which the running one moves forward in the store now and then.</li>
 * </ul>
 * Anything found twice is queued once (work items are keyed by trigger, bucket, ETag and key).
 */
final class EventSources implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EventSources.class);
    static final String LEADERS = "trigger-sources";
    /**
     * How far before a trigger's creation its catch-up looks: the clocks of processes (and S3's, whose times have
     * whole seconds) disagree a little. Objects written that shortly before a trigger may be processed by it.
     */
    static final Duration CREATION_SLACK = Duration.ofSeconds(2);
    /** How far before its checkpoint a source that starts again looks: a watcher announces a file a little after it is written. */
    private static final Duration SLACK = Duration.ofSeconds(10);
    private static final Duration CHECKPOINT_EVERY = Duration.ofSeconds(10);

    private record PollScope(String bucket, String prefix) {
        String source() {
            return "poll:" + bucket + "/" + prefix;
        }
    }

    private static final class Polling {
        final BucketPoller poller;
        WorkItem lease;
        Instant nextPoll;
        Instant lastPollStarted;
        Instant lastExtended;

        Polling(BucketPoller poller, WorkItem lease, Instant now) {
            this.poller = poller;
            this.lease = lease;
            this.nextPoll = now;
            this.lastExtended = now;
        }
    }

    private final Buckets buckets;
    private final TriggerCatalog catalog;
    private final TriggerStore store;
    private final WorkQueue leaders;
    private final TriggerDispatcher dispatcher;
    private final TriggerSettings settings;
    private final Clock clock;
    private final Map<String, FolderWatcher> watchers = new HashMap<>();
    private final Map<PollScope, Polling> pollers = new HashMap<>();
    private final Set<String> complained = new HashSet<>();
    private Instant lastCheckpoint = Instant.EPOCH;
    /** A watcher or poller started since the last checkpoint: its checkpoint is written at once (see {@link #refresh()}). */
    private boolean sourceStarted;

    EventSources(Buckets buckets, TriggerCatalog catalog, TriggerStore store, TriggerDispatcher dispatcher, TriggerSettings settings, Clock clock) {
        this.buckets = buckets;
        this.catalog = catalog;
        this.store = store;
        this.leaders = store.store().queue(LEADERS);
        this.dispatcher = dispatcher;
        this.settings = settings;
        this.clock = clock;
    }

    private boolean folders() {
        return buckets.store() instanceof FolderStore;
    }

    /** One refresh: definitions, deferred events, catch-ups, watchers, pollers, checkpoints. */
    synchronized void refresh() {
        catalog.refresh();
        dispatcher.retryDeferred();
        catchUpNewTriggers();
        if (folders()) watch();
        else poll();
        Instant now = clock.instant();
        // a source that just started checkpoints now, not up to CHECKPOINT_EVERY later: a process taking it over before
        // then would find no checkpoint, resume nothing, and miss what was written between the two processes' looks
        if (sourceStarted || Duration.between(lastCheckpoint, now).compareTo(CHECKPOINT_EVERY) >= 0) {
            checkpoint(now);
            lastCheckpoint = now;
            sourceStarted = false;
        }
    }

    // ---- new triggers ----

    private void catchUpNewTriggers() {
        Instant now = clock.instant();
        // by then every process has read the definition again: what was written later was dispatched as it came
        Duration known = settings.refresh().multipliedBy(3).plusSeconds(1);
        for (Trigger t : catalog.all()) {
            if (t.caughtUpAt() != null || t.createdAt().plus(known).isAfter(now)) continue;
            try {
                int queued = catchUp(t, t.createdAt().minus(CREATION_SLACK), "catch-up");
                store.caughtUp(t, now);
                if (queued > 0) LOG.info("trigger {}: queued {} object(s) written around its creation", t.name(), queued);
            } catch (RuntimeException e) {
                complainOnce("catch-up " + t.name(), "trigger " + t.name() + ": cannot look for objects written at its creation yet: " + e.getMessage());
            }
        }
    }

    /** Queues, for {@code t}, the objects under its prefix modified since {@code since} (and not before it was created). */
    private int catchUp(Trigger t, Instant since, String source) {
        Instant from = since.isBefore(t.createdAt().minus(CREATION_SLACK)) ? t.createdAt().minus(CREATION_SLACK) : since;
        List<ObjectSummary> found = new ArrayList<>();
        try {
            buckets.bucket(t.bucket()).objects(t.prefix()).forEach(o -> {
                if (o.key().endsWith(t.suffix()) && !o.lastModified().isBefore(from)) found.add(o);
            });
        } catch (NotFoundException e) {
            return 0; // no bucket yet: nothing was written
        }
        return found.isEmpty() ? 0 : dispatcher.dispatchListed(t, found, source);
    }

    // ---- folder buckets ----

    private void watch() {
        Set<String> wanted = new LinkedHashSet<>();
        for (Trigger t : catalog.all()) wanted.add(t.bucket());
        for (var it = watchers.entrySet().iterator(); it.hasNext(); ) {
            var e = it.next();
            if (!wanted.contains(e.getKey())) {
                e.getValue().close();
                it.remove();
                LOG.info("stopped watching bucket {}: no trigger left on it", e.getKey());
            }
        }
        for (String bucket : wanted) {
            // only where a trigger looks: a scan lists every file under the prefixes it is given
            List<String> prefixes = catalog.all().stream().filter(t -> t.bucket().equals(bucket)).map(Trigger::prefix).toList();
            FolderWatcher running = watchers.get(bucket);
            if (running != null) {
                running.watchOnly(prefixes);
                continue;
            }
            try {
                // scanning only: a scan reads the whole bucket folder, too much to repeat on every change notification while
                // uploads and results stream in; writes through Inkwell announce themselves anyway
                FolderWatcher w = FolderWatcher.start(buckets, bucket, FolderWatcher.Options.defaults().withSettle(settings.watchSettle())
                        .withPolling(true).withPollInterval(settings.watchPoll()), SeenObjects.inMemory());
                w.watchOnly(prefixes);
                watchers.put(bucket, w);
                complained.remove("watch " + bucket);
                resume("watch:" + bucket, catalog.all().stream().filter(t -> t.bucket().equals(bucket)).toList());
                sourceStarted = true;
            } catch (RuntimeException e) {
                complainOnce("watch " + bucket, "cannot watch bucket " + bucket + " for triggers (trying again): " + e.getMessage());
            }
        }
    }

    /** A source starting again: what was written since its checkpoint may have gone unseen. */
    private void resume(String source, List<Trigger> triggers) {
        var checkpoint = store.checkpoint(source);
        if (checkpoint.isEmpty()) return; // first start: new triggers catch up by themselves
        int queued = 0;
        for (Trigger t : triggers) queued += catchUp(t, checkpoint.get().minus(SLACK), "resume");
        if (queued > 0) LOG.info("{}: queued {} object(s) written while it was not looking", source, queued);
    }

    // ---- S3 prefixes ----

    private void poll() {
        Set<PollScope> wanted = new LinkedHashSet<>();
        if (!settings.bucketPoll().isZero()) {
            for (Trigger t : catalog.all()) wanted.add(new PollScope(t.bucket(), t.prefix()));
        }
        Instant now = clock.instant();
        for (var it = pollers.entrySet().iterator(); it.hasNext(); ) {
            var e = it.next();
            Polling p = e.getValue();
            boolean keep = wanted.contains(e.getKey());
            if (keep && Duration.between(p.lastExtended, now).compareTo(leaderLease().dividedBy(3)) >= 0) {
                keep = leaders.extend(p.lease, settings.owner(), leaderLease());
                p.lastExtended = now;
                if (!keep) LOG.warn("lost the lease on polling {}: another process polls it now", e.getKey().source());
            }
            if (!keep) {
                p.poller.close();
                if (wanted.contains(e.getKey())) {
                    it.remove();
                    continue;
                }
                leaders.release(p.lease, settings.owner());
                it.remove();
            }
        }
        for (PollScope scope : wanted) {
            if (pollers.containsKey(scope)) continue;
            try {
                leaders.enqueue(scope.source(), "{}");
                var lease = leaders.claim(scope.source(), settings.owner(), leaderLease());
                if (lease.isEmpty()) continue; // another process polls it
                Bucket bucket = buckets.bucket(scope.bucket());
                BucketPoller poller = new BucketPoller(bucket, scope.prefix(), SeenObjects.inMemory(), false);
                Polling p = new Polling(poller, lease.get(), now);
                pollers.put(scope, p);
                LOG.info("polling s3://{}/{} every {} s for triggers", scope.bucket(), scope.prefix(), settings.bucketPoll().toSeconds());
            } catch (RuntimeException e) {
                complainOnce("poll " + scope.source(), "cannot poll " + scope.source() + " (trying again): " + e.getMessage());
            }
        }
        for (var e : pollers.entrySet()) {
            Polling p = e.getValue();
            if (p.nextPoll.isAfter(now)) continue;
            try {
                boolean first = p.lastPollStarted == null;
                p.lastPollStarted = now;
                p.poller.poll(); // the first one records what is there, silently
                p.nextPoll = now.plus(settings.bucketPoll());
                if (first) {
                    PollScope scope = e.getKey();
                    resume(scope.source(), catalog.all().stream().filter(t -> t.bucket().equals(scope.bucket()) && t.prefix().equals(scope.prefix())).toList());
                    sourceStarted = true;
                }
                complained.remove("poll " + e.getKey().source());
            } catch (RuntimeException ex) {
                p.nextPoll = now.plus(settings.bucketPoll());
                complainOnce("poll " + e.getKey().source(), "polling " + e.getKey().source() + " failed (trying again): " + ex.getMessage());
            }
        }
    }

    /** A poller's lease: three polls, and no shorter than a work item's (extended every third of it). */
    private Duration leaderLease() {
        Duration threePolls = settings.bucketPoll().multipliedBy(3);
        return threePolls.compareTo(settings.lease()) > 0 ? threePolls : settings.lease();
    }

    // ---- checkpoints ----

    private void checkpoint(Instant now) {
        // a file is announced a little after it is written: only what is older than that is surely seen
        Instant seen = now.minus(settings.watchSettle()).minus(SLACK);
        try {
            for (String bucket : watchers.keySet()) store.advance("watch:" + bucket, seen);
            for (var e : pollers.entrySet()) {
                if (e.getValue().lastPollStarted != null) store.advance(e.getKey().source(), e.getValue().lastPollStarted.minus(SLACK));
            }
        } catch (RuntimeException e) {
            LOG.debug("cannot write event source checkpoints: {}", e.getMessage());
        }
    }

    private void complainOnce(String what, String message) {
        if (complained.add(what)) LOG.warn(message);
        else LOG.debug(message);
    }

    int watching() {
        return watchers.size();
    }

    int polling() {
        return pollers.size();
    }

    @Override
    public synchronized void close() {
        watchers.values().forEach(FolderWatcher::close);
        watchers.clear();
        for (Polling p : pollers.values()) {
            p.poller.close();
            try {
                leaders.release(p.lease, settings.owner());
            } catch (RuntimeException e) {
                LOG.debug("cannot give back the lease on a poller: {}", e.getMessage());
            }
        }
        pollers.clear();
    }
}
