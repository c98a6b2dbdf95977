package dev.inkwell.bucket.event;

import dev.inkwell.bucket.Bucket;
import dev.inkwell.bucket.ETags;
import dev.inkwell.bucket.ObjectSummary;
import java.time.Duration;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Raises bucket events for a store that sends no notifications: lists a prefix every interval and announces objects
 * that are new or changed (an ETag the {@link SeenObjects} has not recorded for the key) and, between two listings,
 * objects that are gone. Writes through Inkwell in this process are remembered from their own events, so they are not
 * announced twice. Where "already seen" must survive a restart, pass a persistent {@link SeenObjects}.
 */
public final class BucketPoller implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BucketPoller.class);

    /** What one poll found. */
    public record Poll(int listed, int created, int removed) {
    }

    private final Bucket bucket;
    private final String prefix;
    private final SeenObjects seen;
    private final boolean announceExisting;
    private final BucketEvents events;
    private final BucketEvents.Subscription subscription;
    private final Set<String> present = new HashSet<>();
    private ScheduledExecutorService scheduler;
    private boolean first = true;

    /**
     * @param announceExisting whether the first poll announces what it finds unseen (right with a persistent
     *                         {@link SeenObjects}); else the first poll only records what is there
     */
    public BucketPoller(Bucket bucket, String prefix, SeenObjects seen, boolean announceExisting) {
        this.bucket = bucket;
        this.prefix = prefix == null ? "" : prefix;
        this.seen = seen;
        this.announceExisting = announceExisting;
        this.events = bucket.buckets().events();
        this.subscription = events.subscribe(this::onOwnEvent);
    }

    /** A poller that polls every {@code interval} on its own thread until closed. */
    public static BucketPoller start(Bucket bucket, String prefix, Duration interval, SeenObjects seen, boolean announceExisting) {
        BucketPoller p = new BucketPoller(bucket, prefix, seen, announceExisting);
        p.scheduler = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().daemon().name("inkwell-poll-" + bucket.name()).unstarted(r));
        p.scheduler.scheduleWithFixedDelay(p::pollQuietly, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
        return p;
    }

    private void pollQuietly() {
        try {
            poll();
        } catch (RuntimeException e) {
            // the store may be down for a while: the next poll tries again
            LOG.warn("polling bucket {}: {}", bucket.name(), e.getMessage());
        }
    }

    /** Lists the prefix once and announces what changed since the last poll. */
    public synchronized Poll poll() {
        Set<String> now = new HashSet<>();
        int created = 0;
        for (Iterator<ObjectSummary> it = bucket.objects(prefix).iterator(); it.hasNext(); ) {
            ObjectSummary o = it.next();
            now.add(o.key());
            boolean fresh = seen.update(bucket.name(), o.key(), o.eTag());
            if (fresh && (!first || announceExisting)) {
                String name = ETags.isMultipart(o.eTag()) ? BucketEvent.COMPLETE_MULTIPART_UPLOAD : BucketEvent.PUT;
                events.publish(name, bucket.name(), o.key(), o.eTag(), o.size(), BucketEvent.Source.POLLER);
                created++;
            }
        }
        int removed = 0;
        if (!first) {
            for (String key : present) {
                if (!now.contains(key) && seen.remove(bucket.name(), key)) {
                    events.publish(BucketEvent.DELETE, bucket.name(), key, null, -1, BucketEvent.Source.POLLER);
                    removed++;
                }
            }
        }
        present.clear();
        present.addAll(now);
        first = false;
        return new Poll(now.size(), created, removed);
    }

    private synchronized void onOwnEvent(BucketEvent event) {
        if (event.source() != BucketEvent.Source.INKWELL || !event.bucket().equals(bucket.name()) || !event.key().startsWith(prefix)) return;
        if (event.isRemoved()) {
            seen.remove(bucket.name(), event.key());
            present.remove(event.key());
        } else {
            seen.update(bucket.name(), event.key(), event.eTag());
            present.add(event.key());
        }
    }

    @Override
    public void close() {
        subscription.close();
        if (scheduler != null) {
            scheduler.shutdownNow();
            try {
                scheduler.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
