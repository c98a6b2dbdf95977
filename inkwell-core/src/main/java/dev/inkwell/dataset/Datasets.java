package dev.inkwell.dataset;

import dev.inkwell.core.InputLocation;
import dev.inkwell.core.InvalidInputException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Opens a dataset at a path, telling its format from what is there: a folder of IDX files (MNIST layout), one IDX
 * images file, a CSV file or a folder of them, CIFAR binary or python batches (a file or their folder), or a folder of
 * images. Parts are ordered train first, then test, then others.
 */
public final class Datasets {
    private static final Pattern IDX_IMAGES = Pattern.compile("(?i).*images[-.]idx[34]-ubyte(\\.gz)?");
    private static final Pattern CIFAR10_BIN = Pattern.compile("(?i)(data_batch_\\d+|test_batch)\\.bin");
    private static final Pattern CIFAR100_BIN = Pattern.compile("(?i)(train|test)\\.bin");
    private static final Pattern CIFAR_PY = Pattern.compile("(data_batch_\\d+|test_batch|train|test)");
    private static final Pattern NUMBER = Pattern.compile("\\d+");

    private Datasets() {
    }

    public static Dataset open(Path path) {
        return open(path, ReadOptions.DEFAULT);
    }

    public static Dataset open(Path path, ReadOptions options) {
        if (!Files.exists(path)) {
            throw new InvalidInputException(InputLocation.file(path.toString()), "no such file or folder");
        }
        Dataset d = Files.isDirectory(path) ? openFolder(path, options) : openFile(path, options);
        return d.keepClasses(options.classes());
    }

    private static Dataset openFolder(Path dir, ReadOptions options) {
        List<Path> files = listFiles(dir);
        List<Path> idx = files.stream().filter(f -> IDX_IMAGES.matcher(name(f)).matches()).toList();
        if (!idx.isEmpty()) {
            return new Dataset(dir, DatasetFormat.IDX, sorted(idx).stream().map(Datasets::idxPart).toList());
        }
        List<Path> c10 = files.stream().filter(f -> CIFAR10_BIN.matcher(name(f)).matches()).toList();
        if (!c10.isEmpty()) return cifarBinary(dir, c10, CifarVariant.CIFAR10);
        List<Path> c100 = files.stream().filter(f -> CIFAR100_BIN.matcher(name(f)).matches()).toList();
        if (!c100.isEmpty()) return cifarBinary(dir, c100, CifarVariant.CIFAR100);
        List<Path> py = files.stream().filter(f -> CIFAR_PY.matcher(name(f)).matches() && startsWithPickle(f)).toList();
        if (!py.isEmpty()) {
            return new Dataset(dir, DatasetFormat.CIFAR_PICKLE, sorted(py).stream().map(Datasets::picklePart).toList());
        }
        List<Path> csv = files.stream().filter(f -> name(f).toLowerCase(Locale.ROOT).endsWith(".csv")).toList();
        if (!csv.isEmpty()) {
            return new Dataset(dir, DatasetFormat.CSV, sorted(csv).stream().map(Datasets::csvPart).toList());
        }
        // An image folder: opened once here so that "no images" fails now, not at the first read.
        ImageFolderReader.open(dir, options.channels(), options.labels(), options.limits()).close();
        return new Dataset(dir, DatasetFormat.IMAGE_FOLDER, List.of(new DatasetPart("train", dir.toString(),
                () -> ImageFolderReader.open(dir, options.channels(), options.labels(), options.limits()))));
    }

    private static Dataset openFile(Path file, ReadOptions options) {
        String name = name(file);
        String lower = name.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".csv")) return new Dataset(file, DatasetFormat.CSV, List.of(csvPart(file)));
        byte[] head = head(file);
        if (head.length >= 4 && head[0] == 0 && head[1] == 0 && head[2] == 8) {
            if (head[3] == 1) {
                throw new InvalidInputException(InputLocation.file(file.toString()),
                        "this is an IDX labels file: pass the images file (…-images-idx3-ubyte) or its folder");
            }
            return new Dataset(file, DatasetFormat.IDX, List.of(idxPart(file)));
        }
        if (CIFAR10_BIN.matcher(name).matches()) return cifarBinary(file, List.of(file), CifarVariant.CIFAR10);
        if (CIFAR100_BIN.matcher(name).matches()) return cifarBinary(file, List.of(file), CifarVariant.CIFAR100);
        if (head.length > 0 && (head[0] & 0xFF) == 0x80) {
            return new Dataset(file, DatasetFormat.CIFAR_PICKLE, List.of(picklePart(file)));
        }
        if (lower.endsWith(".bin")) {
            long size = size(file);
            if (size > 0 && size % CifarVariant.CIFAR10.recordBytes() == 0) return cifarBinary(file, List.of(file), CifarVariant.CIFAR10);
            if (size > 0 && size % CifarVariant.CIFAR100.recordBytes() == 0) return cifarBinary(file, List.of(file), CifarVariant.CIFAR100);
        }
        throw new InvalidInputException(InputLocation.file(file.toString()), (head.length == 0 ? "empty file: " : "")
                + "cannot tell the dataset format: expected an IDX file, a .csv file, a CIFAR batch, or a folder of those or of images");
    }

    private static DatasetPart idxPart(Path images) {
        Path labels = findLabels(images);
        String split = Inputs.splitFromName(name(images));
        return new DatasetPart(split, images.toString(), () -> IdxReader.open(images, labels, split));
    }

    private static Path findLabels(Path images) {
        Path labels = IdxWriter.labelsFileFor(images);
        if (Files.exists(labels)) return labels;
        String n = name(labels);
        Path other = n.endsWith(".gz") ? labels.resolveSibling(n.substring(0, n.length() - 3)) : labels.resolveSibling(n + ".gz");
        return Files.exists(other) ? other : null;
    }

    private static DatasetPart csvPart(Path csv) {
        String split = Inputs.splitFromName(name(csv));
        return new DatasetPart(split, csv.toString(), () -> CsvReader.open(csv, split));
    }

    private static DatasetPart picklePart(Path file) {
        String split = Inputs.splitFromName(name(file));
        return new DatasetPart(split, file.toString(), () -> CifarPickleReader.open(file, split));
    }

    private static Dataset cifarBinary(Path path, List<Path> files, CifarVariant variant) {
        List<DatasetPart> parts = sorted(files).stream().map(f -> {
            String split = Inputs.splitFromName(name(f));
            return new DatasetPart(split, f.toString(), () -> CifarBinaryReader.open(f, variant, split));
        }).toList();
        return new Dataset(path, variant == CifarVariant.CIFAR10 ? DatasetFormat.CIFAR10_BINARY : DatasetFormat.CIFAR100_BINARY, parts);
    }

    /** Train before test, then by name with numbers compared as numbers (data_batch_2 before data_batch_10). */
    private static List<Path> sorted(List<Path> files) {
        List<Path> out = new ArrayList<>(files);
        out.sort(Comparator.comparingInt((Path p) -> switch (Inputs.splitFromName(name(p))) {
            case "train" -> 0;
            case "test" -> 1;
            default -> 2;
        }).thenComparing(p -> naturalKey(name(p))));
        return out;
    }

    private static String naturalKey(String name) {
        Matcher m = NUMBER.matcher(name);
        StringBuilder sb = new StringBuilder();
        while (m.find()) m.appendReplacement(sb, String.format("%012d", Long.parseLong(m.group().length() > 12 ? "0" : m.group())));
        m.appendTail(sb);
        return sb.toString();
    }

    private static List<Path> listFiles(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(Files::isRegularFile).filter(p -> !name(p).startsWith(".")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir + ": " + e.getMessage(), e);
        }
    }

    private static boolean startsWithPickle(Path f) {
        byte[] h = head(f);
        return h.length > 0 && (h[0] & 0xFF) == 0x80;
    }

    /** The first bytes of the file's content (gunzipped when gzip). */
    private static byte[] head(Path file) {
        try (InputStream in = Inputs.open(file)) {
            return in.readNBytes(4);
        } catch (IOException e) {
            throw Inputs.cannotRead(file, e);
        } catch (InvalidInputException e) {
            return new byte[0];
        }
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw Inputs.cannotRead(file, e);
        }
    }

    private static String name(Path p) {
        return p.getFileName().toString();
    }
}
