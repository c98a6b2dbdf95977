package dev.inkwell.dataset;

import java.io.Closeable;

/**
 * Where converted samples go. Nothing is visible at the target until {@link #finish()} succeeds;
 * {@link #close()} without {@code finish()} discards everything written so far.
 */
public interface SampleSink extends Closeable {
    void write(Sample sample);

    /** Number of samples written so far. */
    long count();

    /** Makes the output appear at its target, complete. */
    void finish();

    @Override
    void close();
}
