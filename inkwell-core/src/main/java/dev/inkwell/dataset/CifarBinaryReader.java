package dev.inkwell.dataset;

import dev.inkwell.core.InputLocation;
import dev.inkwell.core.InvalidInputException;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads a CIFAR binary batch ({@code data_batch_1.bin}, {@code test_batch.bin}, CIFAR-100's {@code train.bin}),
 * one record at a time: CIFAR-10 records are {@code <label><3072 pixels>}, CIFAR-100 records
 * {@code <coarse label><fine label><3072 pixels>} (the fine label is used). Pixels are stored as red, green and blue
 * planes and returned interleaved, RGB 32×32.
 */
public final class CifarBinaryReader implements SampleReader {
    private final Path file;
    private final CifarVariant variant;
    private final String split;
    private final InputStream in;
    private final long records;
    private final byte[] record;
    private long index;

    private CifarBinaryReader(Path file, CifarVariant variant, String split) {
        this.file = file;
        this.variant = variant;
        this.split = split;
        this.record = new byte[variant.recordBytes()];
        try {
            long size = Files.size(file);
            if (size == 0 || size % variant.recordBytes() != 0) {
                long complete = size / variant.recordBytes();
                throw new InvalidInputException(InputLocation.record(file.toString(), complete), (size == 0 ? "empty file" :
                        "truncated or not a " + variant + " binary batch: " + size + " bytes is not a whole number of "
                                + variant.recordBytes() + "-byte records"));
            }
            records = size / variant.recordBytes();
        } catch (IOException e) {
            throw Inputs.cannotRead(file, e);
        }
        try {
            this.in = new BufferedInputStream(Files.newInputStream(file), Inputs.BUFFER);
        } catch (IOException e) {
            throw Inputs.cannotRead(file, e);
        }
    }

    public static CifarBinaryReader open(Path file, CifarVariant variant, String split) {
        return new CifarBinaryReader(file, variant, split);
    }

    @Override
    public long expectedCount() {
        return records;
    }

    @Override
    public Sample next() {
        InputLocation where = InputLocation.record(file.toString(), index);
        if (!Inputs.readRecord(in, record, where, "record")) return null;
        int label = record[variant.labelBytes() - 1] & 0xFF;
        if (label >= variant.classes()) {
            throw new InvalidInputException(where, "label " + label + " out of range: expected 0–" + (variant.classes() - 1));
        }
        if (variant == CifarVariant.CIFAR100 && (record[0] & 0xFF) >= 20) {
            throw new InvalidInputException(where, "coarse label " + (record[0] & 0xFF) + " out of range: expected 0–19");
        }
        byte[] rgb = CifarVariant.interleave(record, variant.labelBytes());
        String source = file.getFileName() + ":" + index;
        index++;
        return new Sample(null, label, rgb, CifarVariant.SIDE, CifarVariant.SIDE, 3, source, split);
    }

    @Override
    public void close() {
        try {
            in.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
