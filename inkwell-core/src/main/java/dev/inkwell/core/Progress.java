package dev.inkwell.core;

/**
 * Progress of long work, reported by library code and drawn by whoever called it
 * (a terminal progress bar, periodic log lines, nothing). Implementations must be thread-safe.
 */
public interface Progress extends AutoCloseable {
    Progress NONE = new Progress() {
        @Override public void start(String task, long total) { }
        @Override public void advance(long units) { }
        @Override public void close() { }
    };

    /** Begins a task of {@code total} units; -1 when the total is unknown. */
    void start(String task, long total);

    void advance(long units);

    /** A short status shown beside the bar or in the next log line (e.g. a running loss); optional. */
    default void message(String text) {
    }

    @Override
    void close();
}
