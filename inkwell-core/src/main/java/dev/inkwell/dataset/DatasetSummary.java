package dev.inkwell.dataset;

import dev.inkwell.core.Progress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What {@code inkwell datasets info} reports, computed in one streaming pass: counts per split and class,
 * image shapes and the content {@link DatasetFingerprint}.
 *
 * @param classes    samples per label over all splits, by label
 * @param unlabelled samples without a label
 */
public record DatasetSummary(String path, String format, long count, Map<String, Long> shapes,
                             Map<String, SplitSummary> splits, Map<Integer, Long> classes, long unlabelled,
                             String fingerprint) {

    /** Counts of one split. */
    public record SplitSummary(long count, Map<Integer, Long> classes, long unlabelled) {
    }

    public static DatasetSummary of(Dataset dataset, Progress progress) {
        long expected = dataset.expectedCount();
        progress.start("reading " + dataset.shortName(), expected);
        Map<String, Long> shapes = new TreeMap<>();
        Map<String, long[]> splitCounts = new LinkedHashMap<>();
        Map<String, Map<Integer, Long>> splitClasses = new LinkedHashMap<>();
        Map<Integer, Long> classes = new TreeMap<>();
        long count = 0;
        long unlabelled = 0;
        DatasetFingerprint fingerprint = new DatasetFingerprint();
        try (SampleReader reader = dataset.open()) {
            for (Sample s = reader.next(); s != null; s = reader.next()) {
                count++;
                fingerprint.add(s);
                shapes.merge(s.shape().toString(), 1L, Long::sum);
                long[] sc = splitCounts.computeIfAbsent(s.split(), k -> new long[2]);
                sc[0]++;
                if (s.hasLabel()) {
                    classes.merge(s.label(), 1L, Long::sum);
                    splitClasses.computeIfAbsent(s.split(), k -> new TreeMap<>()).merge(s.label(), 1L, Long::sum);
                } else {
                    unlabelled++;
                    sc[1]++;
                }
                if ((count & 255) == 0) progress.advance(256);
            }
            progress.advance(count & 255);
        } finally {
            progress.close();
        }
        Map<String, SplitSummary> splits = new LinkedHashMap<>();
        splitCounts.forEach((k, v) -> splits.put(k, new SplitSummary(v[0], splitClasses.getOrDefault(k, Map.of()), v[1])));
        return new DatasetSummary(dataset.location(), dataset.format().description(), count, shapes, splits,
                classes, unlabelled, fingerprint.hex());
    }

    /** A few lines for people. */
    public List<String> describe() {
        List<String> lines = new ArrayList<>();
        lines.add(path + ": " + format);
        lines.add("  samples:     " + count + (unlabelled > 0 ? " (" + unlabelled + " unlabelled)" : ""));
        lines.add("  shape:       " + String.join(", ", shapes.entrySet().stream()
                .map(e -> e.getKey() + (shapes.size() > 1 ? " (" + e.getValue() + ")" : "")).toList()));
        splits.forEach((name, s) -> {
            lines.add("  " + padRight(name + ":", 12) + " " + s.count()
                    + (s.unlabelled() > 0 ? " (" + s.unlabelled() + " unlabelled)" : ""));
            if (!s.classes().isEmpty()) {
                lines.add("    per class: " + String.join(" ", s.classes().entrySet().stream()
                        .map(e -> e.getKey() + "=" + e.getValue()).toList()));
            }
        });
        lines.add("  fingerprint: sha256:" + fingerprint);
        return lines;
    }

    private static String padRight(String s, int n) {
        return s.length() >= n ? s : s + " ".repeat(n - s.length());
    }
}
