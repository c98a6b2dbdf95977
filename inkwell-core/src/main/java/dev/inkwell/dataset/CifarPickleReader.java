package dev.inkwell.dataset;

import dev.inkwell.core.InputLocation;
import dev.inkwell.core.InvalidInputException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Reads a CIFAR python batch ({@code data_batch_1}, {@code test_batch}; CIFAR-100's {@code train}, {@code test}):
 * a pickled dict with {@code data} (a numpy uint8 array of N×3072, planes R, G, B) and {@code labels} (CIFAR-10) or
 * {@code fine_labels} (CIFAR-100). Keys may be byte strings (Python 2 pickles read as bytes) or text.
 * A pickle cannot be read piecewise, so the batch is loaded whole (≈30 MB for CIFAR-10, 150 MB for CIFAR-100 train);
 * samples are then produced one at a time.
 */
public final class CifarPickleReader implements SampleReader {
    /** Largest batch accepted (CIFAR-100's train file is about 155 MB). */
    static final long MAX_FILE_BYTES = 1L << 30;

    private final Path file;
    private final String split;
    private final byte[] data;
    private final List<?> labels;
    private final int count;
    private final CifarVariant variant;
    private int index;

    private CifarPickleReader(Path file, String split) {
        this.file = file;
        this.split = split;
        InputLocation where = InputLocation.file(file.toString());
        byte[] raw;
        try {
            long size = Files.size(file);
            if (size > MAX_FILE_BYTES) {
                throw new InvalidInputException(where, "file of " + size + " bytes is larger than the " + MAX_FILE_BYTES + " accepted");
            }
            raw = Files.readAllBytes(file);
        } catch (IOException e) {
            throw Inputs.cannotRead(file, e);
        }
        if (raw.length == 0) throw new InvalidInputException(where, "empty file: expected a pickled CIFAR batch");
        Object root;
        try {
            root = CifarPickles.load(raw);
        } catch (IOException | RuntimeException | StackOverflowError e) {
            throw new InvalidInputException(where, "not a readable python pickle: " + e.getMessage(), e);
        }
        if (!(root instanceof Map<?, ?> dict)) {
            throw new InvalidInputException(where, "expected a pickled dict with 'data' and 'labels', found "
                    + (root == null ? "None" : root.getClass().getSimpleName()));
        }
        Object fine = get(dict, "fine_labels");
        Object plain = get(dict, "labels");
        this.variant = fine != null ? CifarVariant.CIFAR100 : CifarVariant.CIFAR10;
        Object labelObject = fine != null ? fine : plain;
        if (!(labelObject instanceof List<?> list)) {
            throw new InvalidInputException(where, "expected a 'labels' (CIFAR-10) or 'fine_labels' (CIFAR-100) list");
        }
        if (!(get(dict, "data") instanceof CifarPickles.NdArray array)) {
            throw new InvalidInputException(where, "expected 'data' to be a numpy array");
        }
        if (array.dtype == null || !array.dtype.replace("|", "").equals("u1")) {
            throw new InvalidInputException(where, "expected 'data' of dtype uint8, found " + array.dtype);
        }
        if (array.shape == null || array.shape.length != 2 || array.shape[1] != CifarVariant.IMAGE_BYTES || array.fortran) {
            throw new InvalidInputException(where, "expected 'data' of shape (N, 3072) in C order, found "
                    + (array.shape == null ? "none" : Arrays.toString(array.shape)) + (array.fortran ? " (Fortran order)" : ""));
        }
        this.count = array.shape[0];
        if (array.data == null || array.data.length != (long) count * CifarVariant.IMAGE_BYTES) {
            throw new InvalidInputException(where, "truncated 'data': expected " + (long) count * CifarVariant.IMAGE_BYTES
                    + " bytes for " + count + " images, found " + (array.data == null ? 0 : array.data.length));
        }
        if (list.size() != count) {
            throw new InvalidInputException(where, "holds " + list.size() + " labels for " + count + " images");
        }
        this.data = array.data;
        this.labels = list;
    }

    public static CifarPickleReader open(Path file, String split) {
        return new CifarPickleReader(file, split);
    }

    /** CIFAR-10 or CIFAR-100, told by the label key. */
    public CifarVariant variant() {
        return variant;
    }

    private static Object get(Map<?, ?> dict, String key) {
        Object v = dict.get(key);
        if (v != null) return v;
        for (Map.Entry<?, ?> e : dict.entrySet()) {
            if (e.getKey() instanceof byte[] b && new String(b, StandardCharsets.ISO_8859_1).equals(key)) return e.getValue();
        }
        return null;
    }

    @Override
    public long expectedCount() {
        return count;
    }

    @Override
    public Sample next() {
        if (index >= count) return null;
        Object l = labels.get(index);
        InputLocation where = InputLocation.record(file.toString(), index);
        if (!(l instanceof Number n) || n.longValue() < 0 || n.longValue() >= variant.classes()) {
            throw new InvalidInputException(where, "label " + l + " out of range: expected 0–" + (variant.classes() - 1));
        }
        byte[] rgb = CifarVariant.interleave(data, index * CifarVariant.IMAGE_BYTES);
        String source = file.getFileName() + ":" + index;
        index++;
        return new Sample(null, n.intValue(), rgb, CifarVariant.SIDE, CifarVariant.SIDE, 3, source, split);
    }

    @Override
    public void close() {
        index = count;
    }
}
