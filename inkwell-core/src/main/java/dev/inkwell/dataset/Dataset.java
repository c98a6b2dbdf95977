package dev.inkwell.dataset;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * A dataset on disk: its format and its parts (for instance MNIST's train and t10k file pairs), read in order.
 * Opening it never loads it whole: samples are read as the returned reader is advanced.
 */
public record Dataset(Path path, DatasetFormat format, List<DatasetPart> parts) {

    public Dataset {
        parts = List.copyOf(parts);
    }

    /** All samples of all parts, in order. */
    public SampleReader open() {
        return new ConcatenatedReader(parts);
    }

    /** The samples of the given splits only ({@code null} or empty: all). */
    public SampleReader open(Set<String> splits) {
        if (splits == null || splits.isEmpty()) return open();
        return new ConcatenatedReader(parts.stream().filter(p -> splits.contains(p.split())).toList());
    }

    public Set<String> splits() {
        return Set.copyOf(parts.stream().map(DatasetPart::split).toList());
    }

    /** Sum of what each part announces, or -1 when a part cannot tell without reading it. */
    public long expectedCount() {
        if (format == DatasetFormat.CIFAR_PICKLE || format == DatasetFormat.CSV) return -1; // only known after a full read
        long total = 0;
        for (DatasetPart part : parts) {
            try (SampleReader r = part.open()) {
                long n = r.expectedCount();
                if (n < 0) return -1;
                total += n;
            }
        }
        return total;
    }

    private static final class ConcatenatedReader implements SampleReader {
        private final List<DatasetPart> parts;
        private int index;
        private SampleReader current;

        ConcatenatedReader(List<DatasetPart> parts) {
            this.parts = parts;
        }

        @Override
        public Sample next() {
            while (true) {
                if (current == null) {
                    if (index >= parts.size()) return null;
                    current = parts.get(index++).open();
                }
                Sample s = current.next();
                if (s != null) return s;
                current.close();
                current = null;
            }
        }

        @Override
        public void close() {
            if (current != null) {
                current.close();
                current = null;
            }
            index = parts.size();
        }
    }
}
