package dev.inkwell.monitor.capture;

import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How the capture writer buffers and writes.
 *
 * @param flushInterval       the most a captured record waits in memory (what a kill -9 may lose): the writer flushes
 *                            every half interval, so a record is in the bucket within one interval while a flush takes
 *                            under half of it
 * @param maxBufferedRequests requests waiting to be written; more are dropped (and counted), never waited for
 * @param maxBufferedBytes    their inputs' approximate size in memory, failed objects awaiting a retry included
 * @param maxAttempts         puts of one object before its records are given up (counted as lost)
 * @param replicaId           names this writer in object keys, so replicas sharing a bucket never overwrite each other
 */
public record CaptureOptions(Duration flushInterval, int maxBufferedRequests, long maxBufferedBytes, int maxAttempts, String replicaId) {
    public static final Duration DEFAULT_FLUSH_INTERVAL = Duration.ofSeconds(1);

    public CaptureOptions {
        if (flushInterval == null || flushInterval.toMillis() < 2) throw new IllegalArgumentException("flush interval must be at least 2 ms");
        if (maxBufferedRequests < 1) throw new IllegalArgumentException("maxBufferedRequests must be positive");
        if (maxBufferedBytes < 1) throw new IllegalArgumentException("maxBufferedBytes must be positive");
        if (maxAttempts < 1) throw new IllegalArgumentException("maxAttempts must be positive");
        replicaId = replicaId == null || replicaId.isBlank() ? randomId() : CaptureKeys.segment(replicaId.strip());
    }

    /** 1 s, 10,000 requests, 64 MiB, 5 attempts, a random replica id. */
    public static CaptureOptions defaults() {
        return new CaptureOptions(DEFAULT_FLUSH_INTERVAL, 10_000, 64L << 20, 5, null);
    }

    public CaptureOptions withFlushInterval(Duration value) {
        return new CaptureOptions(value, maxBufferedRequests, maxBufferedBytes, maxAttempts, replicaId);
    }

    public CaptureOptions withMaxBufferedRequests(int value) {
        return new CaptureOptions(flushInterval, value, maxBufferedBytes, maxAttempts, replicaId);
    }

    public CaptureOptions withMaxBufferedBytes(long value) {
        return new CaptureOptions(flushInterval, maxBufferedRequests, value, maxAttempts, replicaId);
    }

    public CaptureOptions withMaxAttempts(int value) {
        return new CaptureOptions(flushInterval, maxBufferedRequests, maxBufferedBytes, value, replicaId);
    }

    public CaptureOptions withReplicaId(String value) {
        return new CaptureOptions(flushInterval, maxBufferedRequests, maxBufferedBytes, maxAttempts, value);
    }

    private static String randomId() {
        byte[] b = new byte[4];
        ThreadLocalRandom.current().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
