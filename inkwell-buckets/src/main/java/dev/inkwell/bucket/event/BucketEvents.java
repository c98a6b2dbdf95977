package dev.inkwell.bucket.event;

import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bucket events of one {@code Buckets}: every write or delete through it, and what watchers, pollers and webhook
 * parsers notice, delivered to the registered listeners in the order they happen on each thread.
 */
public final class BucketEvents {
    private static final Logger LOG = LoggerFactory.getLogger(BucketEvents.class);
    private static final HexFormat HEX = HexFormat.of().withUpperCase();

    private final List<BucketEventListener> listeners = new CopyOnWriteArrayList<>();
    private final AtomicLong published = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    /** Microseconds since the epoch, never repeating: sequencers order events across processes roughly by time. */
    private final AtomicLong lastSequence = new AtomicLong();
    private final Clock clock;

    public BucketEvents() {
        this(Clock.systemUTC());
    }

    public BucketEvents(Clock clock) {
        this.clock = clock;
    }

    /** Registers a listener until the returned subscription is closed. */
    public Subscription subscribe(BucketEventListener listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    /** Makes a new event (stamped with a sequencer and the time) and delivers it. */
    public BucketEvent publish(String eventName, String bucket, String key, String eTag, long size, BucketEvent.Source source) {
        Instant now = clock.instant();
        BucketEvent event = new BucketEvent(eventName, bucket, key, eTag, size, nextSequencer(now), now, source);
        deliver(event);
        return event;
    }

    /** Delivers an event made elsewhere (parsed from a webhook) as it is. */
    public void deliver(BucketEvent event) {
        published.incrementAndGet();
        LOG.debug("{}", event);
        for (BucketEventListener listener : listeners) {
            try {
                listener.onEvent(event);
            } catch (Throwable e) {
                // a listener must never fail the write that raised the event; only a dying JVM goes on up
                if (e instanceof VirtualMachineError && !(e instanceof StackOverflowError)) throw (Error) e;
                failures.incrementAndGet();
                LOG.warn("bucket event listener {} failed on {}: {}", listener, event, e.toString(), e);
            }
        }
    }

    /** 16 hex digits, increasing within this process and roughly by time across processes. */
    public String nextSequencer() {
        return nextSequencer(clock.instant());
    }

    private String nextSequencer(Instant now) {
        long micros = now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
        long sequence = lastSequence.updateAndGet(last -> Math.max(last + 1, micros));
        return HEX.toHexDigits(sequence); // 16 digits, as %016X, without the Formatter's cost on every write
    }

    public long published() {
        return published.get();
    }

    /** How many times a listener threw. */
    public long listenerFailures() {
        return failures.get();
    }

    public int listenerCount() {
        return listeners.size();
    }

    /** A registration; closing it removes the listener. */
    @FunctionalInterface
    public interface Subscription extends AutoCloseable {
        @Override
        void close();
    }
}
