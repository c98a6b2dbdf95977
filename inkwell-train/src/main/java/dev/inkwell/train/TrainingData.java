package dev.inkwell.train;

import dev.inkwell.core.InkwellException;
import dev.inkwell.core.InputLocation;
import dev.inkwell.core.InvalidInputException;
import dev.inkwell.dataset.Dataset;
import dev.inkwell.dataset.DatasetFingerprint;
import dev.inkwell.dataset.Datasets;
import dev.inkwell.dataset.Sample;
import dev.inkwell.dataset.SampleReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * Reads a dataset (any format {@link Datasets} knows: IDX, CSV, CIFAR, image folders) into memory for training.
 *
 * @param images      the labelled images, channel-major
 * @param fingerprint {@link DatasetFingerprint} of the samples read (format-independent)
 */
public record TrainingData(ImageSet images, String fingerprint) {

    /**
     * The samples of {@code split} ("train" or "test"), at most {@code limit} of them (0: all).
     *
     * @param classNames names of the classes, or null for "0", "1", … up to the largest label seen
     * @return null when the dataset has no part for {@code split} ("test" missing); for "train" a dataset without
     *         named splits is used whole
     */
    public static TrainingData load(Path path, String split, int limit, List<String> classNames) {
        return load(Datasets.open(path), split, limit, classNames);
    }

    /** As {@link #load(Path, String, int, List)}, from any dataset (files or a samples table). */
    public static TrainingData load(Dataset dataset, String split, int limit, List<String> classNames) {
        Set<String> splits = dataset.splits();
        SampleReader reader;
        if (splits.contains(split)) {
            reader = dataset.open(Set.of(split));
        } else if ("train".equals(split)) {
            reader = dataset.open();
        } else {
            return null;
        }
        try (reader) {
            return read(reader, dataset.location(), limit, classNames);
        }
    }

    static TrainingData read(SampleReader reader, String location, int limit, List<String> classNames) {
        DatasetFingerprint fingerprint = new DatasetFingerprint();
        GrowableBytes pixels = new GrowableBytes();
        int[] labels = new int[1024];
        int n = 0;
        InputShape shape = null;
        Sample first = null;
        byte[] chw = null;
        int maxLabel = -1;
        for (Sample s = reader.next(); s != null && (limit <= 0 || n < limit); s = reader.next()) {
            if (s.label() == null) {
                throw new InvalidInputException(InputLocation.file(s.source()), "sample has no label: training needs labelled data");
            }
            if (first == null) {
                first = s;
                try {
                    shape = new InputShape(s.channels(), s.height(), s.width());
                } catch (IllegalArgumentException e) {
                    throw new InvalidInputException(InputLocation.file(s.source()), e.getMessage());
                }
                chw = new byte[shape.pixels()];
            } else if (s.width() != first.width() || s.height() != first.height() || s.channels() != first.channels()) {
                throw new InvalidInputException(InputLocation.file(s.source()), "image is " + s.shape() + " but the first one ("
                        + first.source() + ") is " + first.shape() + ": all training images must have the same size");
            }
            if (classNames != null && s.label() >= classNames.size()) {
                throw new InvalidInputException(InputLocation.file(s.source()), "label " + s.label() + " but only "
                        + classNames.size() + " class names were given");
            }
            fingerprint.add(s);
            toChannelMajor(s, chw);
            pixels.add(chw);
            if (n == labels.length) labels = Arrays.copyOf(labels, n * 2);
            labels[n++] = s.label();
            maxLabel = Math.max(maxLabel, s.label());
        }
        if (n == 0) throw new InkwellException(location + ": no labelled images found");
        List<String> names = classNames != null ? classNames : digitNames(Math.max(maxLabel + 1, 2));
        return new TrainingData(new ImageSet(shape, pixels.toArray(), Arrays.copyOf(labels, n), names), fingerprint.hex());
    }

    private static List<String> digitNames(int k) {
        List<String> names = new ArrayList<>(k);
        for (int i = 0; i < k; i++) names.add(Integer.toString(i));
        return names;
    }

    /** Samples interleave channels (RGB RGB …); the network wants planes (RRR… GGG… BBB…). */
    private static void toChannelMajor(Sample s, byte[] out) {
        int c = s.channels();
        if (c == 1) {
            System.arraycopy(s.pixels(), 0, out, 0, out.length);
            return;
        }
        int plane = s.width() * s.height();
        byte[] px = s.pixels();
        for (int i = 0; i < plane; i++) {
            for (int ch = 0; ch < c; ch++) out[ch * plane + i] = px[i * c + ch];
        }
    }

    private static final class GrowableBytes {
        private byte[] data = new byte[1 << 20];
        private int size;

        void add(byte[] b) {
            if (size + b.length > data.length) data = Arrays.copyOf(data, Math.max(data.length * 2, size + b.length));
            System.arraycopy(b, 0, data, size, b.length);
            size += b.length;
        }

        byte[] toArray() {
            return Arrays.copyOf(data, size);
        }
    }
}
