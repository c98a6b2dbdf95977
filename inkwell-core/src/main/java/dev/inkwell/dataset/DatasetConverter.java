package dev.inkwell.dataset;

import dev.inkwell.core.AtomicFiles;
import dev.inkwell.core.InputLocation;
import dev.inkwell.core.InvalidInputException;
import dev.inkwell.core.Progress;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Streams samples from any reader into IDX or CSV files. Outputs appear only when everything was read and written:
 * a bad sample half-way leaves no output behind.
 */
public final class DatasetConverter {
    private DatasetConverter() {
    }

    /** One file written and how many samples it holds. */
    public record Written(Path file, long samples) {
    }

    /** Writes all samples of {@code reader} to one CSV file. */
    public static List<Written> toCsv(SampleReader reader, Path target, CsvWriter.Options options, Progress progress) {
        long[] count = new long[1];
        AtomicFiles.write(target, out -> {
            CsvWriter writer = new CsvWriter(out, options, target.toString());
            for (Sample s = reader.next(); s != null; s = reader.next()) {
                writer.write(s);
                progress.advance(1);
            }
            requireSome(writer.count(), target);
            writer.flush();
            count[0] = writer.count();
        });
        return List.of(new Written(target, count[0]));
    }

    /**
     * Writes samples as IDX. When {@code target} is named like an images file ({@code …images-idx3-ubyte[.gz]}),
     * everything goes into that file and its labels file, gzip when the name ends in .gz; otherwise {@code target} is a folder that gets one file pair
     * per split, named the MNIST way ({@code train-…}, {@code t10k-…} for test).
     */
    public static List<Written> toIdx(SampleReader reader, Path target, boolean gzip, Progress progress) {
        String name = target.getFileName().toString();
        boolean singlePair = name.matches("(?i).*images[-.]idx[34]-ubyte(\\.gz)?");
        Map<String, IdxWriter> writers = new LinkedHashMap<>();
        boolean folderExisted = Files.exists(target);
        boolean done = false;
        try {
            for (Sample s = reader.next(); s != null; s = reader.next()) {
                String key = singlePair ? "" : s.split() == null ? "train" : s.split();
                IdxWriter w = writers.get(key);
                if (w == null) {
                    w = singlePair ? new IdxWriter(target, IdxWriter.labelsFileFor(target), name.endsWith(".gz"))
                            : IdxWriter.inFolder(target, key.equals("test") ? "t10k" : key, gzip);
                    writers.put(key, w);
                }
                w.write(s);
                progress.advance(1);
            }
            requireSome(writers.values().stream().mapToLong(IdxWriter::count).sum(), target);
            List<Written> written = new ArrayList<>();
            for (IdxWriter w : writers.values()) {
                w.finish();
                written.add(new Written(w.imagesFile(), w.count()));
            }
            done = true;
            return written;
        } finally {
            writers.values().forEach(IdxWriter::close);
            if (!done && !singlePair && !folderExisted) deleteIfEmpty(target);
        }
    }

    private static void deleteIfEmpty(Path folder) {
        try {
            Files.deleteIfExists(folder); // fails, and is left alone, when something else is in it
        } catch (IOException ignored) {
            // not empty or not removable: not ours to clean
        }
    }

    private static void requireSome(long count, Path target) {
        if (count == 0) {
            throw new InvalidInputException(InputLocation.file(target.toString()), "no samples to write (is the split or class filter right?)");
        }
    }

    /** True when {@code target} would be read back as CSV. */
    public static boolean isCsvTarget(Path target) {
        return target.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".csv") && !Files.isDirectory(target);
    }
}
