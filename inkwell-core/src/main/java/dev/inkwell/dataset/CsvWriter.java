package dev.inkwell.dataset;

import dev.inkwell.core.InputLocation;
import dev.inkwell.core.InvalidInputException;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Writes samples as Kaggle-style CSV: {@code label,pixel0..pixelN[,uuid]} with or without the header row, LF line
 * ends, no BOM. The label column is present when the first sample has a label (an unlabelled sample later gets an
 * empty label field). With {@code uuid}, a sample keeps its own uuid unless {@code uuidStart} is given, else it is
 * numbered from {@code uuidStart} (default 1). The caller owns the stream: write files through
 * {@link dev.inkwell.core.AtomicFiles#write} so a failure leaves nothing half-written.
 */
public final class CsvWriter {
    /** What goes in the optional columns. */
    public record Options(boolean header, boolean uuid, Long uuidStart) {
        public static final Options PLAIN = new Options(false, false, null);
    }

    private final OutputStream out;
    private final Options options;
    private final String name;
    private Shape shape;
    private boolean labelColumn;
    private long count;
    private byte[] buffer = new byte[8192];

    /** Writes rows to {@code out} (buffered here); {@code name} names the output in messages. */
    public CsvWriter(OutputStream out, Options options, String name) {
        this.out = new BufferedOutputStream(out, Inputs.BUFFER);
        this.options = options;
        this.name = name;
    }

    public void write(Sample s) {
        InputLocation where = InputLocation.record(s.source() == null ? name : s.source(), count);
        if (shape == null) {
            if (s.width() != s.height()) {
                throw new InvalidInputException(where, "image is " + s.shape() + ": CSV rows hold square images only");
            }
            shape = s.shape();
            labelColumn = s.hasLabel();
            if (options.header()) writeHeader();
        } else if (!shape.equals(s.shape())) {
            throw new InvalidInputException(where, "image is " + s.shape() + " but earlier ones are " + shape
                    + ": a CSV file holds images of one size");
        }
        if (s.hasLabel() && !labelColumn) {
            throw new InvalidInputException(where, "labelled sample after unlabelled ones: the CSV has no label column");
        }
        int size = shape.size();
        ensure(size * 4 + 64 + (s.uuid() == null ? 0 : s.uuid().length() * 3));
        int n = 0;
        if (labelColumn) {
            if (s.hasLabel()) n = putInt(n, s.label());
            buffer[n++] = ',';
        }
        byte[] p = s.pixels();
        for (int i = 0; i < size; i++) {
            if (i > 0) buffer[n++] = ',';
            n = putInt(n, p[i] & 0xFF);
        }
        if (options.uuid()) {
            buffer[n++] = ',';
            String uuid = options.uuidStart() == null && s.uuid() != null ? s.uuid()
                    : Long.toString((options.uuidStart() == null ? 1 : options.uuidStart()) + count);
            if (uuid.indexOf(',') >= 0 || uuid.indexOf('"') >= 0 || uuid.indexOf('\n') >= 0 || uuid.indexOf('\r') >= 0) {
                throw new InvalidInputException(where, "uuid '" + uuid + "' contains a comma, quote or line break");
            }
            byte[] u = uuid.getBytes(StandardCharsets.UTF_8);
            System.arraycopy(u, 0, buffer, n, u.length);
            n += u.length;
        }
        buffer[n++] = '\n';
        try {
            out.write(buffer, 0, n);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + name + ": " + e.getMessage(), e);
        }
        count++;
    }

    private void writeHeader() {
        StringBuilder h = new StringBuilder();
        if (labelColumn) h.append("label,");
        for (int i = 0; i < shape.size(); i++) {
            if (i > 0) h.append(',');
            h.append("pixel").append(i);
        }
        if (options.uuid()) h.append(",uuid");
        h.append('\n');
        try {
            out.write(h.toString().getBytes(StandardCharsets.US_ASCII));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + name + ": " + e.getMessage(), e);
        }
    }

    private void ensure(int size) {
        if (buffer.length < size) buffer = new byte[size];
    }

    private int putInt(int n, int v) {
        if (v < 10) {
            buffer[n++] = (byte) ('0' + v);
            return n;
        }
        byte[] digits = Integer.toString(v).getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(digits, 0, buffer, n, digits.length);
        return n + digits.length;
    }

    public long count() {
        return count;
    }

    /** Writes out what is buffered (and the header when no sample came). */
    public void flush() {
        try {
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + name + ": " + e.getMessage(), e);
        }
    }
}
