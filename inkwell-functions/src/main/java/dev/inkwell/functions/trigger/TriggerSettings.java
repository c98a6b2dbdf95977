package dev.inkwell.functions.trigger;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How a process runs triggers.
 *
 * @param workers      threads that claim work, each up to {@code claimBatch} items at a time, run side by side
 * @param lease        how long a claimed item is this process's; extended while its function runs, so only a dead
 *                     process's items wait this long to be taken over
 * @param queuePoll    how often the queue is checked for work other processes queued (work queued here wakes the
 *                     workers at once)
 * @param refresh      how often trigger definitions are read again and event sources reconciled
 * @param maxAttempts  tries of a failure that may pass (the store or S3 down); a bad input fails at once
 * @param firstRetry   wait before the second try; doubled each time up to {@code maxRetry}
 * @param timeout      an invocation's deadline
 * @param bucketPoll   how often a poller lists an S3 prefix that has triggers (zero: no polling, events come from
 *                     notifications only)
 * @param watchSettle  how long a file copied into a folder bucket must stay unchanged to count as complete
 * @param watchPoll    how often a watched folder bucket is scanned for files other programs copied in (writes through
 *                     Inkwell announce themselves at once; a scan reads the whole bucket folder, so not after every
 *                     change notification)
 * @param owner        this process, as leases name it
 */
public record TriggerSettings(int workers, int claimBatch, Duration lease, Duration queuePoll, Duration refresh, int maxAttempts,
                              Duration firstRetry, Duration maxRetry, Duration timeout, Duration bucketPoll, Duration watchSettle,
                              Duration watchPoll, String owner) {
    public TriggerSettings {
        if (workers < 1 || workers > 256) throw new IllegalArgumentException("workers must be 1-256, not " + workers);
        if (claimBatch < 1 || claimBatch > 100) throw new IllegalArgumentException("claim batch must be 1-100, not " + claimBatch);
        if (maxAttempts < 1) throw new IllegalArgumentException("at least one attempt");
        for (Duration d : new Duration[] {lease, queuePoll, refresh, firstRetry, maxRetry, timeout}) {
            if (d.isNegative() || d.isZero()) throw new IllegalArgumentException("durations must be positive");
        }
        if (lease.compareTo(Duration.ofSeconds(3)) < 0) throw new IllegalArgumentException("a lease of at least 3 s (it is extended every third of it)");
        if (bucketPoll.isNegative() || watchSettle.isNegative()) throw new IllegalArgumentException("durations must not be negative");
        if (watchPoll.isNegative() || watchPoll.isZero()) throw new IllegalArgumentException("durations must be positive");
    }

    public static TriggerSettings defaults() {
        return new TriggerSettings(2, 8, Duration.ofSeconds(60), Duration.ofMillis(200), Duration.ofSeconds(1), 4,
                Duration.ofSeconds(2), Duration.ofMinutes(5), Duration.ofMinutes(15), Duration.ofSeconds(30), Duration.ofSeconds(1),
                Duration.ofSeconds(2), processName());
    }

    public TriggerSettings withWorkers(int n) {
        return new TriggerSettings(n, claimBatch, lease, queuePoll, refresh, maxAttempts, firstRetry, maxRetry, timeout, bucketPoll, watchSettle, watchPoll, owner);
    }

    public TriggerSettings withLease(Duration d) {
        return new TriggerSettings(workers, claimBatch, d, queuePoll, refresh, maxAttempts, firstRetry, maxRetry, timeout, bucketPoll, watchSettle, watchPoll, owner);
    }

    public TriggerSettings withQueuePoll(Duration d) {
        return new TriggerSettings(workers, claimBatch, lease, d, refresh, maxAttempts, firstRetry, maxRetry, timeout, bucketPoll, watchSettle, watchPoll, owner);
    }

    public TriggerSettings withRefresh(Duration d) {
        return new TriggerSettings(workers, claimBatch, lease, queuePoll, d, maxAttempts, firstRetry, maxRetry, timeout, bucketPoll, watchSettle, watchPoll, owner);
    }

    public TriggerSettings withRetries(int attempts, Duration first, Duration max) {
        return new TriggerSettings(workers, claimBatch, lease, queuePoll, refresh, attempts, first, max, timeout, bucketPoll, watchSettle, watchPoll, owner);
    }

    public TriggerSettings withBucketPoll(Duration d) {
        return new TriggerSettings(workers, claimBatch, lease, queuePoll, refresh, maxAttempts, firstRetry, maxRetry, timeout, d, watchSettle, watchPoll, owner);
    }

    public TriggerSettings withWatchSettle(Duration d) {
        return new TriggerSettings(workers, claimBatch, lease, queuePoll, refresh, maxAttempts, firstRetry, maxRetry, timeout, bucketPoll, d, watchPoll, owner);
    }

    public TriggerSettings withWatchPoll(Duration d) {
        return new TriggerSettings(workers, claimBatch, lease, queuePoll, refresh, maxAttempts, firstRetry, maxRetry, timeout, bucketPoll, watchSettle, d, owner);
    }

    public TriggerSettings withClaimBatch(int n) {
        return new TriggerSettings(workers, n, lease, queuePoll, refresh, maxAttempts, firstRetry, maxRetry, timeout, bucketPoll, watchSettle, watchPoll, owner);
    }

    public TriggerSettings withOwner(String name) {
        return new TriggerSettings(workers, claimBatch, lease, queuePoll, refresh, maxAttempts, firstRetry, maxRetry, timeout, bucketPoll, watchSettle, watchPoll, name);
    }

    /**
     * {@code host/pid/random}: unique per process, readable in the store. Made on every start, so made cheaply: the
     * host name as the kernel or the environment has it (asking the resolver, the management beans for the pid and a
     * {@code SecureRandom} for the suffix cost ~50 ms of a cold start), the resolver only where neither says.
     */
    static String processName() {
        return hostName() + "/" + ProcessHandle.current().pid() + "/" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
    }

    private static String hostName() {
        String env = System.getenv("HOSTNAME");
        if (env != null && !env.isBlank()) return env.strip();
        try {
            String kernel = Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
            if (!kernel.isEmpty()) return kernel;
        } catch (IOException | RuntimeException e) {
            // not Linux: ask the resolver
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException | RuntimeException e) {
            return "localhost";
        }
    }
}
