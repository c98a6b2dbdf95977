package dev.inkwell.monitor.capture;

/**
 * The capture writer's counters, for the server's metrics. Every count is of records (one per input of a request)
 * unless it says otherwise, and only grows, except {@link #pending()}.
 */
public interface CaptureMetrics {
    /** Records written to the bucket. */
    long captured();

    /** Records not captured because the buffer was full (or the writer closed): the prediction went on regardless. */
    long dropped();

    /** Object puts that failed (each is retried, up to the configured attempts). */
    long flushFailures();

    /** Records given up after every attempt to write them failed, or that could not be encoded. */
    long lost();

    /** Bytes of capture objects written. */
    long bytesWritten();

    /** Capture objects written. */
    long objectsWritten();

    /** Requests waiting in the buffer now. */
    long pending();
}
