package dev.inkwell.dataset;

import dev.inkwell.core.InputLocation;
import dev.inkwell.core.InvalidInputException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * Reads Kaggle digit-recognizer style CSV, one row at a time: a header {@code label,pixel0..pixelN} (train),
 * {@code pixel0..pixelN} (test) or none (rows {@code label,p0..pN} or {@code p0..pN}); an optional {@code uuid}
 * column anywhere (named in the header); CRLF or LF line ends; an optional UTF-8 byte order mark. Pixel values are
 * integers 0–255. The pixel count gives the shape: a square number is a grey square image (784 → 28×28), three times
 * a square number an RGB one (3072 → 32×32×3, channels interleaved). An empty label field means "unlabelled".
 * Fields are plain values, optionally in double quotes; quoted commas and line breaks are not supported.
 */
public final class CsvReader implements SampleReader {
    /** Longest line accepted: a 1024×1024 RGB row, so a file without line breaks cannot exhaust memory. */
    static final int MAX_LINE_BYTES = 1024 * 1024 * 3 * 4 + 4096;

    /** What messages name: the file's path, or an upload's name. */
    private final String where;
    private final String fileName;
    private final String split;
    private final InputStream in;
    private byte[] line = new byte[16 * 1024];
    private int lineLength;
    private long lineNumber;
    private boolean eof;
    private final byte[] buf = new byte[Inputs.BUFFER];
    private int pos;
    private int limit;
    private Layout layout;
    private boolean firstLineUsed;
    private int[] starts = new int[1024];
    private int[] ends = new int[1024];

    /** What each column holds. */
    private record Layout(boolean header, int columns, int labelColumn, int uuidColumn, int[] pixelOfColumn, Shape shape,
                          String expectation) {
    }

    private CsvReader(InputStream in, String where, String fileName, String split) {
        this.where = where;
        this.fileName = fileName;
        this.split = split;
        this.in = in;
        try {
            if (!readLineSkippingBlanks()) {
                throw new InvalidInputException(InputLocation.file(where),
                        "empty file: expected a header (label,pixel0,…) or rows of pixel values");
            }
            stripBom();
            layout = detectLayout();
            firstLineUsed = layout.header();
        } catch (RuntimeException e) {
            Inputs.closeQuietly(in);
            throw e;
        }
    }

    public static CsvReader open(Path file, String split) {
        InputStream in;
        try {
            in = Files.newInputStream(file);
        } catch (IOException e) {
            throw Inputs.cannotRead(file, e);
        }
        return new CsvReader(in, file.toString(), file.getFileName().toString(), split);
    }

    /**
     * Reads CSV from {@code in} (an upload), named {@code name} in messages and sample sources; closing the reader
     * closes the stream.
     */
    public static CsvReader open(InputStream in, String name, String split) {
        return new CsvReader(in, name, name, split);
    }

    /** Whether the file starts with a header row. */
    public boolean hasHeader() {
        return layout.header();
    }

    public Shape shape() {
        return layout.shape();
    }

    @Override
    public Sample next() {
        if (firstLineUsed) {
            if (!readLineSkippingBlanks()) return null;
        }
        firstLineUsed = true;
        int fields = split();
        Layout l = layout;
        if (fields != l.columns()) {
            throw new InvalidInputException(InputLocation.line(where, lineNumber, Math.min(fields, l.columns()) + 1),
                    "expected " + l.columns() + " values (" + l.expectation() + "), found " + fields);
        }
        byte[] pixels = new byte[l.shape().size()];
        Integer label = null;
        String uuid = null;
        for (int c = 0; c < fields; c++) {
            int p = l.pixelOfColumn()[c];
            if (p >= 0) {
                pixels[p] = (byte) parseInt(c, 255, "pixel" + p);
            } else if (c == l.labelColumn()) {
                if (!isEmpty(c)) label = parseInt(c, Integer.MAX_VALUE, "label");
            } else if (c == l.uuidColumn()) {
                String u = text(c);
                uuid = u.isEmpty() ? null : u;
            }
        }
        Shape s = l.shape();
        return new Sample(uuid, label, pixels, s.width(), s.height(), s.channels(), fileName + ":" + lineNumber, split);
    }

    private Layout detectLayout() {
        int fields = split();
        if (!looksNumeric(0)) {
            return headerLayout(fields);
        }
        // No header: label + pixels or pixels alone, decided by which count makes an image.
        if (shapeOf(fields - 1) != null && shapeOf(fields - 1).channels() == 1) return headerless(fields, true);
        if (shapeOf(fields) != null && shapeOf(fields).channels() == 1) return headerless(fields, false);
        if (shapeOf(fields - 2) != null && shapeOf(fields - 2).channels() == 1) return headerlessWithUuid(fields);
        if (shapeOf(fields - 1) != null) return headerless(fields, true);
        if (shapeOf(fields) != null) return headerless(fields, false);
        throw new InvalidInputException(InputLocation.line(where, lineNumber, 1),
                "a headerless row has " + fields + " values: expected N×N pixel values (784 for 28×28), optionally after a label;"
                        + " name the columns in a header (label, uuid, pixel0…) for other layouts");
    }

    private Layout headerless(int fields, boolean labelled) {
        int[] pixelOf = new int[fields];
        for (int c = 0; c < fields; c++) pixelOf[c] = labelled ? c - 1 : c;
        Shape shape = shapeOf(labelled ? fields - 1 : fields);
        String exp = (labelled ? "label, " : "") + "pixel0..pixel" + (shape.size() - 1);
        return new Layout(false, fields, labelled ? 0 : -1, -1, pixelOf, shape, exp);
    }

    /** label, pixels, uuid: what {@code img2csv --uuid-start} and {@code datasets convert --uuid} write without a header. */
    private Layout headerlessWithUuid(int fields) {
        int[] pixelOf = new int[fields];
        for (int c = 0; c < fields; c++) pixelOf[c] = c - 1;
        pixelOf[0] = -1;
        pixelOf[fields - 1] = -1;
        Shape shape = shapeOf(fields - 2);
        return new Layout(false, fields, 0, fields - 1, pixelOf, shape, "label, pixel0..pixel" + (shape.size() - 1) + ", uuid");
    }

    private Layout headerLayout(int fields) {
        int label = -1;
        int uuid = -1;
        int[] pixelOf = new int[fields];
        Arrays.fill(pixelOf, -1);
        int pixelCount = 0;
        for (int c = 0; c < fields; c++) {
            String name = text(c).toLowerCase(Locale.ROOT);
            InputLocation at = InputLocation.line(where, lineNumber, c + 1);
            if (name.equals("label")) {
                if (label >= 0) throw new InvalidInputException(at, "a second 'label' column");
                label = c;
            } else if (name.equals("uuid")) {
                if (uuid >= 0) throw new InvalidInputException(at, "a second 'uuid' column");
                uuid = c;
            } else if (KaggleColumns.pixelIndex(name) >= 0) {
                int p = KaggleColumns.pixelIndex(name);
                if (p >= fields) {
                    throw new InvalidInputException(at, "column '" + name + "' is beyond the " + fields + " columns of the header");
                }
                pixelOf[c] = p;
                pixelCount++;
            } else {
                throw new InvalidInputException(at, "unexpected column name '" + text(c)
                        + "': expected label, uuid or pixel0, pixel1, …");
            }
        }
        Shape shape = shapeOf(pixelCount);
        if (shape == null) {
            throw new InvalidInputException(InputLocation.line(where, lineNumber, 0), "the header names "
                    + pixelCount + " pixel columns: expected N×N (784 for 28×28) or 3×N×N (RGB)");
        }
        boolean[] seen = new boolean[pixelCount];
        for (int c = 0; c < fields; c++) {
            int p = pixelOf[c];
            if (p < 0) continue;
            if (p >= pixelCount || seen[p]) {
                throw new InvalidInputException(InputLocation.line(where, lineNumber, c + 1),
                        (p < pixelCount ? "a second 'pixel" + p + "' column" : "'pixel" + p + "' but only " + pixelCount
                                + " pixel columns") + ": expected pixel0..pixel" + (pixelCount - 1) + " once each");
            }
            seen[p] = true;
        }
        StringBuilder exp = new StringBuilder();
        if (label >= 0) exp.append("label, ");
        if (uuid >= 0) exp.append("uuid, ");
        exp.append("pixel0..pixel").append(pixelCount - 1);
        return new Layout(true, fields, label, uuid, pixelOf, shape, exp.toString());
    }

    /** Grey N×N for a square count, RGB N×N for three times a square, else null. */
    static Shape shapeOf(int pixelCount) {
        if (pixelCount <= 0) return null;
        int side = (int) Math.round(Math.sqrt(pixelCount));
        if (side * side == pixelCount) return new Shape(side, side, 1);
        if (pixelCount % 3 == 0) {
            int rgb = (int) Math.round(Math.sqrt(pixelCount / 3.0));
            if (rgb * rgb * 3 == pixelCount) return new Shape(rgb, rgb, 3);
        }
        return null;
    }

    // ---- line and field scanning on raw bytes (numbers only, so no charset decoding on the hot path) ----

    private boolean readLineSkippingBlanks() {
        while (readLine()) {
            for (int i = 0; i < lineLength; i++) {
                byte b = line[i];
                if (b != ' ' && b != '\t') return true;
            }
        }
        return false;
    }

    private boolean readLine() {
        if (eof) return false;
        lineLength = 0;
        while (true) {
            if (pos == limit && !fill()) {
                eof = true;
                if (lineLength == 0) return false;
                break;
            }
            int i = pos;
            while (i < limit && buf[i] != '\n') i++;
            append(pos, i);
            boolean newline = i < limit;
            pos = newline ? i + 1 : i;
            if (newline) break;
        }
        if (lineLength > 0 && line[lineLength - 1] == '\r') lineLength--;
        lineNumber++;
        return true;
    }

    private void append(int from, int to) {
        int n = to - from;
        if (lineLength + n > line.length) {
            if (lineLength + n > MAX_LINE_BYTES) {
                throw new InvalidInputException(InputLocation.line(where, lineNumber + 1, 0),
                        "line longer than " + MAX_LINE_BYTES + " bytes: expected one row of pixel values per line");
            }
            line = Arrays.copyOf(line, Math.min(Math.max(line.length * 2, lineLength + n), MAX_LINE_BYTES));
        }
        System.arraycopy(buf, from, line, lineLength, n);
        lineLength += n;
    }

    private boolean fill() {
        try {
            int n = in.read(buf);
            if (n <= 0) return false;
            pos = 0;
            limit = n;
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + where + ": " + e.getMessage(), e);
        }
    }

    private void stripBom() {
        if (lineLength >= 3 && (line[0] & 0xFF) == 0xEF && (line[1] & 0xFF) == 0xBB && (line[2] & 0xFF) == 0xBF) {
            System.arraycopy(line, 3, line, 0, lineLength - 3);
            lineLength -= 3;
        }
    }

    /** Splits the current line at commas; returns the field count. Field bounds exclude blanks and double quotes. */
    private int split() {
        int n = 0;
        int start = 0;
        for (int i = 0; i <= lineLength; i++) {
            if (i == lineLength || line[i] == ',') {
                if (n == starts.length) {
                    starts = Arrays.copyOf(starts, n * 2);
                    ends = Arrays.copyOf(ends, n * 2);
                }
                int s = start;
                int e = i;
                while (s < e && (line[s] == ' ' || line[s] == '\t')) s++;
                while (e > s && (line[e - 1] == ' ' || line[e - 1] == '\t')) e--;
                if (e - s >= 2 && line[s] == '"' && line[e - 1] == '"') {
                    s++;
                    e--;
                }
                starts[n] = s;
                ends[n] = e;
                n++;
                start = i + 1;
            }
        }
        return n;
    }

    private boolean isEmpty(int field) {
        return starts[field] == ends[field];
    }

    private String text(int field) {
        return new String(line, starts[field], ends[field] - starts[field], StandardCharsets.UTF_8);
    }

    private boolean looksNumeric(int field) {
        int s = starts[field];
        int e = ends[field];
        if (s == e) return true; // an empty label of an unlabelled headerless row
        for (int i = s; i < e; i++) {
            if (line[i] < '0' || line[i] > '9') return false;
        }
        return true;
    }

    private int parseInt(int field, int max, String column) {
        int s = starts[field];
        int e = ends[field];
        long v = 0;
        boolean ok = s < e && e - s <= 10;
        for (int i = s; ok && i < e; i++) {
            byte b = line[i];
            if (b < '0' || b > '9') {
                ok = false;
            } else {
                v = v * 10 + (b - '0');
            }
        }
        if (!ok || v > max) {
            String found = e - s > 40 ? text(field).substring(0, 40) + "…" : text(field);
            throw new InvalidInputException(InputLocation.line(where, lineNumber, field + 1),
                    column + " must be an integer 0–" + max + ", found '" + found + "'");
        }
        return (int) v;
    }

    @Override
    public void close() {
        Inputs.closeQuietly(in);
    }
}
