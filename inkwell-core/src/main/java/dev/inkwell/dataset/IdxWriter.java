package dev.inkwell.dataset;

import dev.inkwell.core.AtomicFiles;
import dev.inkwell.core.InputLocation;
import dev.inkwell.core.InvalidInputException;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/**
 * Writes samples as an IDX images file plus labels file (raw or gzip). The header holds the count, which is only
 * known at the end, so pixels are streamed to a hidden temporary file beside the target and the final files are
 * written (atomically) by {@link #finish()}. All images must share one size; grey images get 3 dimensions,
 * RGB images 4 (count, rows, columns, 3). When no sample has a label, no labels file is written.
 */
public final class IdxWriter implements SampleSink {
    private final Path imagesFile;
    private final Path labelsFile;
    private final boolean gzip;
    private final Path pixelsTemp;
    private final OutputStream pixels;
    private final ByteArrayOutputStream labels = new ByteArrayOutputStream();
    private Shape shape;
    private Boolean labelled;
    private long count;

    public IdxWriter(Path imagesFile, Path labelsFile, boolean gzip) {
        this.imagesFile = imagesFile.toAbsolutePath();
        this.labelsFile = labelsFile.toAbsolutePath();
        this.gzip = gzip;
        try {
            Files.createDirectories(this.imagesFile.getParent());
            pixelsTemp = Files.createTempFile(this.imagesFile.getParent(), "." + imagesFile.getFileName() + ".", ".pixels.part");
            pixels = new BufferedOutputStream(Files.newOutputStream(pixelsTemp), Inputs.BUFFER);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write beside " + imagesFile + ": " + e.getMessage(), e);
        }
    }

    /** The conventional file names in {@code dir}: {@code <prefix>-images-idx3-ubyte[.gz]} and {@code <prefix>-labels-idx1-ubyte[.gz]}. */
    public static IdxWriter inFolder(Path dir, String prefix, boolean gzip) {
        String gz = gzip ? ".gz" : "";
        return new IdxWriter(dir.resolve(prefix + "-images-idx3-ubyte" + gz), dir.resolve(prefix + "-labels-idx1-ubyte" + gz), gzip);
    }

    /** The labels file that goes with an images file named the MNIST way, else {@code <images>.labels}. */
    public static Path labelsFileFor(Path imagesFile) {
        String name = imagesFile.getFileName().toString();
        String labels = name.replace("images-idx3", "labels-idx1").replace("images.idx3", "labels.idx1");
        if (labels.equals(name)) labels = name + ".labels";
        return imagesFile.resolveSibling(labels);
    }

    @Override
    public void write(Sample s) {
        InputLocation where = InputLocation.record(s.source() == null ? imagesFile.toString() : s.source(), count);
        if (shape == null) {
            shape = s.shape();
        } else if (!shape.equals(s.shape())) {
            throw new InvalidInputException(where, "image is " + s.shape() + " but earlier ones are " + shape
                    + ": an IDX file holds images of one size");
        }
        if (labelled == null) {
            labelled = s.hasLabel();
        } else if (labelled != s.hasLabel()) {
            throw new InvalidInputException(where, (s.hasLabel() ? "labelled sample after unlabelled ones"
                    : "unlabelled sample after labelled ones") + ": an IDX labels file needs a label for every image or none");
        }
        if (s.hasLabel()) {
            if (s.label() > 255) {
                throw new InvalidInputException(where, "label " + s.label() + " does not fit an IDX labels file (0–255)");
            }
            labels.write(s.label());
        }
        try {
            pixels.write(s.pixels());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + pixelsTemp + ": " + e.getMessage(), e);
        }
        count++;
    }

    @Override
    public long count() {
        return count;
    }

    /** Whether a labels file is (or will be) written. */
    public boolean labelled() {
        return labelled == null || labelled;
    }

    @Override
    public void finish() {
        try {
            pixels.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + pixelsTemp + ": " + e.getMessage(), e);
        }
        Shape s = shape == null ? new Shape(28, 28, 1) : shape;
        int[] imageDims = s.channels() == 1
                ? new int[] {(int) count, s.height(), s.width()}
                : new int[] {(int) count, s.height(), s.width(), s.channels()};
        if (labelled()) {
            AtomicFiles.write(labelsFile, out -> writeIdx(out, new int[] {(int) count}, o -> labels.writeTo(o)));
        } else {
            try {
                // an old labels file (raw or gzip) would be paired with the new images by readers
                Files.deleteIfExists(labelsFile);
                String n = labelsFile.getFileName().toString();
                Files.deleteIfExists(labelsFile.resolveSibling(n.endsWith(".gz") ? n.substring(0, n.length() - 3) : n + ".gz"));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot remove the stale " + labelsFile + ": " + e.getMessage(), e);
            }
        }
        AtomicFiles.write(imagesFile, out -> writeIdx(out, imageDims, o -> Files.copy(pixelsTemp, o)));
        close();
    }

    private void writeIdx(OutputStream target, int[] dims, AtomicFiles.Writer body) throws IOException {
        OutputStream out = gzip ? new GZIPOutputStream(target, Inputs.BUFFER) : new BufferedOutputStream(target, Inputs.BUFFER);
        DataOutputStream data = new DataOutputStream(out);
        data.writeInt(0x0800 | dims.length);
        for (int d : dims) data.writeInt(d);
        data.flush();
        body.write(out);
        out.flush();
        if (out instanceof GZIPOutputStream g) g.finish();
    }

    public Path imagesFile() {
        return imagesFile;
    }

    @Override
    public void close() {
        Inputs.closeQuietly(pixels);
        try {
            Files.deleteIfExists(pixelsTemp);
        } catch (IOException ignored) {
            // hidden .part file; harmless if it stays
        }
    }
}
