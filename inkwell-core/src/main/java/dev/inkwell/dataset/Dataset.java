package dev.inkwell.dataset;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A dataset: its format and its parts (for instance MNIST's train and t10k file pairs, or a samples table's splits),
 * read in order. Opening it never loads it whole: samples are read as the returned reader is advanced.
 *
 * @param location where it is read from, for messages and lineage (a path, or {@code table:NAME@store})
 */
public record Dataset(String location, DatasetFormat format, List<DatasetPart> parts) {

    public Dataset {
        Objects.requireNonNull(location, "location");
        parts = List.copyOf(parts);
    }

    public Dataset(Path path, DatasetFormat format, List<DatasetPart> parts) {
        this(path.toString(), format, parts);
    }

    /** A short name for progress lines: the last segment of the location. */
    public String shortName() {
        int slash = Math.max(location.lastIndexOf('/'), location.lastIndexOf('\\'));
        return slash >= 0 && slash < location.length() - 1 ? location.substring(slash + 1) : location;
    }

    /** Only the samples whose label is in {@code keep} ({@code null}: this dataset unchanged). */
    public Dataset keepClasses(Set<Integer> keep) {
        if (keep == null) return this;
        Set<Integer> classes = Set.copyOf(keep);
        return new Dataset(location, format, parts.stream().map(p -> new DatasetPart(p.split(), p.location(),
                () -> p.open().filter(s -> s.label() != null && classes.contains(s.label())))).toList());
    }

    /** This dataset narrowed to the parts of one split (case-insensitive). */
    public Dataset split(String split) {
        return new Dataset(location, format, parts.stream().filter(p -> p.split().equalsIgnoreCase(split)).toList());
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
