package dev.inkwell.dataset;

import java.io.Closeable;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Predicate;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * A stream of samples read one at a time from a file or folder, so datasets larger than memory can be read.
 * {@link #next()} throws {@link dev.inkwell.core.InvalidInputException} for bad content and
 * {@link java.io.UncheckedIOException} when the file cannot be read.
 */
public interface SampleReader extends Closeable {

    /** The next sample, or null after the last one. */
    Sample next();

    /** How many samples the source says it holds, or -1 when it cannot tell without reading it all. */
    default long expectedCount() {
        return -1;
    }

    @Override
    void close();

    default Stream<Sample> stream() {
        Iterator<Sample> it = new Iterator<>() {
            private Sample ahead;

            @Override
            public boolean hasNext() {
                if (ahead == null) ahead = SampleReader.this.next();
                return ahead != null;
            }

            @Override
            public Sample next() {
                if (!hasNext()) throw new NoSuchElementException();
                Sample s = ahead;
                ahead = null;
                return s;
            }
        };
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(it, Spliterator.ORDERED | Spliterator.NONNULL), false)
                .onClose(this::close);
    }

    /** Only the samples {@code keep} accepts. */
    default SampleReader filter(Predicate<Sample> keep) {
        SampleReader inner = this;
        return new SampleReader() {
            @Override
            public Sample next() {
                for (Sample s = inner.next(); s != null; s = inner.next()) {
                    if (keep.test(s)) return s;
                }
                return null;
            }

            @Override
            public void close() {
                inner.close();
            }
        };
    }

    static SampleReader of(Iterable<Sample> samples) {
        Iterator<Sample> it = samples.iterator();
        return new SampleReader() {
            @Override
            public Sample next() {
                return it.hasNext() ? it.next() : null;
            }

            @Override
            public void close() {
            }
        };
    }
}
