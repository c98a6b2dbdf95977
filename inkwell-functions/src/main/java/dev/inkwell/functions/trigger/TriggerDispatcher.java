package dev.inkwell.functions.trigger;

import dev.inkwell.bucket.Buckets;
import dev.inkwell.bucket.ObjectInfo;
import dev.inkwell.bucket.ObjectSummary;
import dev.inkwell.bucket.event.BucketEvent;
import dev.inkwell.bucket.event.BucketEventListener;
import dev.inkwell.core.NotFoundException;
import dev.inkwell.functions.FunctionOutputs;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns bucket events into trigger work: an object created where a trigger looks becomes one work item per trigger,
 * keyed by trigger, bucket, ETag and key, so an event heard twice (a write announced by this process and seen again
 * by a watcher, a webhook retried, a poller) adds nothing. The items are committed before the write that raised the
 * event returns (at least once: an upload that was acknowledged has its work in the store), then this process's
 * workers are woken.
 *
 * <p>Events of objects a trigger wrote are dropped (no loops): at once when this thread is writing one; otherwise the
 * worker finds the mark on the object. Deletes trigger nothing.
 */
final class TriggerDispatcher implements BucketEventListener {
    private static final Logger LOG = LoggerFactory.getLogger(TriggerDispatcher.class);
    private static final int MAX_DEFERRED = 100_000;

    private final TriggerCatalog catalog;
    private final Buckets buckets;
    private final QueueCommitter committer;
    private final Runnable wake;
    /** Events whose work could not be stored (the store was down): tried again every refresh while the process lives. */
    private final ConcurrentLinkedQueue<BucketEvent> deferred = new ConcurrentLinkedQueue<>();
    private final AtomicLong queued = new AtomicLong();

    TriggerDispatcher(TriggerCatalog catalog, Buckets buckets, QueueCommitter committer, Runnable wake) {
        this.catalog = catalog;
        this.buckets = buckets;
        this.committer = committer;
        this.wake = wake;
    }

    @Override
    public void onEvent(BucketEvent event) {
        // a webhook's events are dispatched by the route itself, so that its sender hears of a failure and retries
        if (event.source() == BucketEvent.Source.WEBHOOK || !event.isCreated()) return;
        if (FunctionOutputs.writingTriggerOutput()) return;
        try {
            dispatch(List.of(event));
        } catch (RuntimeException e) {
            if (deferred.size() < MAX_DEFERRED) deferred.add(event);
            LOG.warn("cannot queue trigger work for {} (tried again in a moment): {}", event, e.getMessage());
        }
    }

    /** Queues the work the events ask for; returns how many items were new. Fails when the store cannot take them. */
    int dispatch(Collection<BucketEvent> events) {
        List<TriggerWork> work = new ArrayList<>();
        for (BucketEvent e : events) {
            if (!e.isCreated()) continue;
            List<Trigger> triggers = catalog.matching(e.bucket(), e.key());
            if (triggers.isEmpty()) continue;
            String eTag = e.eTag();
            long size = e.size();
            if (eTag == null) { // MinIO's short webhook form names no version: the one there now is the one to process
                Optional<ObjectInfo> info = head(e.bucket(), e.key());
                if (info.isEmpty() || FunctionOutputs.isTriggerOutput(info.get())) continue;
                eTag = info.get().eTag();
                size = info.get().size();
            }
            for (Trigger t : triggers) work.add(TriggerWork.of(t, e.bucket(), e.key(), eTag, size, TriggerWork.sourceOf(e)));
        }
        return queue(work);
    }

    /**
     * Queues work for {@code trigger} alone, for objects a listing found (a catch-up). A listing does not show user
     * metadata, so each object is looked at: what a trigger wrote is left out here rather than queued and skipped.
     */
    int dispatchListed(Trigger trigger, Collection<ObjectSummary> objects, String source) {
        List<TriggerWork> work = new ArrayList<>();
        for (ObjectSummary o : objects) {
            if (!trigger.matches(trigger.bucket(), o.key())) continue;
            Optional<ObjectInfo> info = head(trigger.bucket(), o.key());
            if (info.isEmpty() || FunctionOutputs.isTriggerOutput(info.get())) continue;
            work.add(TriggerWork.of(trigger, trigger.bucket(), o.key(), info.get().eTag(), info.get().size(), source));
        }
        return queue(work);
    }

    private int queue(List<TriggerWork> work) {
        if (work.isEmpty()) return 0;
        List<CompletableFuture<Boolean>> added = new ArrayList<>(work.size());
        for (TriggerWork w : work) added.add(committer.enqueue(w.itemKey(), w.toJson()));
        int n = 0;
        RuntimeException failure = null;
        for (CompletableFuture<Boolean> f : added) {
            try {
                if (f.join()) n++;
            } catch (CompletionException e) {
                failure = e.getCause() instanceof RuntimeException r ? r : e;
            }
        }
        if (n > 0) {
            queued.addAndGet(n);
            wake.run();
        }
        if (failure != null) throw failure;
        return n;
    }

    private Optional<ObjectInfo> head(String bucket, String key) {
        try {
            return buckets.bucket(bucket).find(key);
        } catch (NotFoundException e) {
            return Optional.empty(); // no such bucket here
        }
    }

    /** Tries the events that could not be queued again. */
    void retryDeferred() {
        List<BucketEvent> again = new ArrayList<>();
        for (BucketEvent e; (e = deferred.poll()) != null; ) again.add(e);
        if (again.isEmpty()) return;
        try {
            dispatch(again);
            LOG.info("queued the trigger work of {} deferred event(s)", again.size());
        } catch (RuntimeException e) {
            deferred.addAll(again);
            LOG.warn("still cannot queue the trigger work of {} event(s): {}", again.size(), e.getMessage());
        }
    }

    /** Items queued by this process so far. */
    long queued() {
        return queued.get();
    }

    int deferred() {
        return deferred.size();
    }
}
