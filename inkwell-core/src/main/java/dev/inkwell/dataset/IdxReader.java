package dev.inkwell.dataset;

import dev.inkwell.core.InputLocation;
import dev.inkwell.core.InvalidInputException;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipException;

/**
 * Reads an IDX images file (and optionally its labels file), raw or gzip, one sample at a time.
 * Images files have 3 dimensions (count, rows, columns) or 4 (count, rows, columns, channels: 1 or 3);
 * labels files have 1. Only unsigned-byte data (type 0x08) is accepted, as MNIST and Fashion-MNIST use.
 */
public final class IdxReader implements SampleReader {
    /** Largest image accepted, so a corrupt header cannot make us allocate gigabytes. */
    static final int MAX_IMAGE_BYTES = 64 << 20;

    private final Path imagesFile;
    private final Path labelsFile;
    private final String split;
    private final InputStream images;
    private final InputStream labels;
    private final IdxHeader imageHeader;
    private final int channels;
    private final byte[] label = new byte[1];
    private long index;

    /** A header: the item count and the dimensions after it. */
    public record IdxHeader(int[] dims, long headerBytes) {
        public int count() {
            return dims[0];
        }
    }

    private IdxReader(Path imagesFile, Path labelsFile, String split) {
        this.imagesFile = imagesFile;
        this.labelsFile = labelsFile;
        this.split = split;
        InputStream img = null;
        InputStream lab = null;
        try {
            img = Inputs.open(imagesFile);
            imageHeader = readHeader(img, imagesFile);
            int[] d = imageHeader.dims();
            if (d.length != 3 && d.length != 4) {
                throw new InvalidInputException(InputLocation.file(imagesFile.toString()),
                        "expected an IDX images file with 3 dimensions (count, rows, columns) or 4 (… , channels), found "
                                + d.length + (d.length == 1 ? " (is this a labels file?)" : ""));
            }
            channels = d.length == 4 ? d[3] : 1;
            if (channels != 1 && channels != 3) {
                throw new InvalidInputException(InputLocation.file(imagesFile.toString()),
                        "expected 1 or 3 channels in the 4th dimension, found " + channels);
            }
            if ((long) d[1] * d[2] * channels > MAX_IMAGE_BYTES) {
                throw new InvalidInputException(InputLocation.file(imagesFile.toString()),
                        "image of " + d[1] + "x" + d[2] + "x" + channels + " is larger than the " + MAX_IMAGE_BYTES + " bytes allowed");
            }
            checkRawLength(imagesFile, imageHeader, (long) d[1] * d[2] * channels);
            if (labelsFile != null) {
                lab = Inputs.open(labelsFile);
                IdxHeader lh = readHeader(lab, labelsFile);
                if (lh.dims().length != 1) {
                    throw new InvalidInputException(InputLocation.file(labelsFile.toString()),
                            "expected an IDX labels file with 1 dimension, found " + lh.dims().length);
                }
                if (lh.count() != imageHeader.count()) {
                    throw new InvalidInputException(InputLocation.file(labelsFile.toString()),
                            "holds " + lh.count() + " labels but " + imagesFile.getFileName() + " holds "
                                    + imageHeader.count() + " images");
                }
                checkRawLength(labelsFile, lh, 1);
            }
        } catch (RuntimeException e) {
            Inputs.closeQuietly(img);
            Inputs.closeQuietly(lab);
            throw e;
        }
        images = img;
        labels = lab;
    }

    /** Opens an images file and, when not null, its labels file. */
    public static IdxReader open(Path imagesFile, Path labelsFile, String split) {
        return new IdxReader(imagesFile, labelsFile, split);
    }

    public IdxHeader imageHeader() {
        return imageHeader;
    }

    /** Reads and checks the header of any IDX file: magic 0x0000 08 NN, then NN big-endian dimension sizes. */
    public static IdxHeader readHeader(InputStream in, Path file) {
        InputLocation where = InputLocation.file(file.toString());
        DataInputStream data = new DataInputStream(in);
        try {
            int magic;
            try {
                magic = data.readInt();
            } catch (EOFException e) {
                throw new InvalidInputException(where, "empty or truncated IDX header: expected 4 magic bytes 00 00 08 0N");
            }
            if ((magic >>> 16) != 0) {
                throw new InvalidInputException(where, String.format(
                        "not an IDX file: expected magic bytes 00 00 08 0N, found %08x", magic));
            }
            int type = (magic >>> 8) & 0xFF;
            if (type != 0x08) {
                throw new InvalidInputException(where, String.format(
                        "expected unsigned byte IDX data (type 0x08), found type 0x%02x", type));
            }
            int n = magic & 0xFF;
            if (n < 1 || n > 4) {
                throw new InvalidInputException(where, "expected 1 to 4 IDX dimensions, found " + n);
            }
            int[] dims = new int[n];
            for (int i = 0; i < n; i++) {
                try {
                    dims[i] = data.readInt();
                } catch (EOFException e) {
                    throw new InvalidInputException(where, "truncated IDX header: expected " + n + " dimension sizes, found " + i);
                }
                if (dims[i] < 0 || (i > 0 && dims[i] == 0)) {
                    throw new InvalidInputException(where, "dimension " + i + " has size " + Integer.toUnsignedString(dims[i])
                            + ", expected a positive size");
                }
            }
            return new IdxHeader(dims, 4L + 4L * n);
        } catch (ZipException e) {
            throw new InvalidInputException(where, "corrupt gzip data: " + e.getMessage());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** For an uncompressed file the exact size is known from the header: say early when it is wrong. */
    private static void checkRawLength(Path file, IdxHeader header, long itemBytes) {
        if (Inputs.isGzip(file)) return;
        try {
            long expected = header.headerBytes() + header.count() * itemBytes;
            long actual = Files.size(file);
            if (actual < expected) {
                long complete = (actual - header.headerBytes()) / itemBytes;
                throw new InvalidInputException(InputLocation.record(file.toString(), complete),
                        "truncated: the header announces " + header.count() + " items (" + expected
                                + " bytes) but the file has " + actual + " bytes");
            }
            if (actual > expected) {
                throw new InvalidInputException(InputLocation.file(file.toString()), (actual - expected)
                        + " unexpected bytes after the " + header.count() + " items the header announces");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public long expectedCount() {
        return imageHeader.count();
    }

    @Override
    public Sample next() {
        int[] d = imageHeader.dims();
        if (index >= d[0]) {
            if (index == d[0]) {
                index++;
                checkEnd(images, imagesFile);
                if (labels != null) checkEnd(labels, labelsFile);
            }
            return null;
        }
        int height = d[1];
        int width = d[2];
        byte[] pixels = new byte[width * height * channels];
        if (!Inputs.readRecord(images, pixels, InputLocation.record(imagesFile.toString(), index), "image")) {
            throw new InvalidInputException(InputLocation.record(imagesFile.toString(), index),
                    "truncated: the file ends after " + index + " of " + d[0] + " images");
        }
        Integer lab = null;
        if (labels != null) {
            if (!Inputs.readRecord(labels, label, InputLocation.record(labelsFile.toString(), index), "label")) {
                throw new InvalidInputException(InputLocation.record(labelsFile.toString(), index),
                        "truncated: the file ends after " + index + " of " + d[0] + " labels");
            }
            lab = label[0] & 0xFF;
        }
        String source = imagesFile.getFileName() + ":" + index;
        index++;
        return new Sample(null, lab, pixels, width, height, channels, source, split);
    }

    private void checkEnd(InputStream in, Path file) {
        if (!Inputs.atEnd(in, InputLocation.file(file.toString()))) {
            throw new InvalidInputException(InputLocation.record(file.toString(), index - 1),
                    "unexpected bytes after the " + imageHeader.count() + " items the header announces");
        }
    }

    @Override
    public void close() {
        Inputs.closeQuietly(images);
        Inputs.closeQuietly(labels);
    }
}
