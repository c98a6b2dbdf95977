package dev.inkwell.dataset;

import dev.inkwell.core.InputLocation;
import dev.inkwell.core.InvalidInputException;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/** Opening dataset files: gzip is recognised by its magic bytes, not by the file name. */
final class Inputs {
    static final int BUFFER = 1 << 16;

    private Inputs() {
    }

    static boolean isGzip(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return in.read() == 0x1f && in.read() == 0x8b;
        } catch (IOException e) {
            throw cannotRead(file, e);
        }
    }

    /** A buffered stream over the file's content, gunzipped when it is gzip data. */
    static InputStream open(Path file) {
        try {
            boolean gzip = isGzip(file);
            InputStream raw = Files.newInputStream(file);
            if (!gzip) return new BufferedInputStream(raw, BUFFER);
            try {
                return new BufferedInputStream(new GZIPInputStream(new BufferedInputStream(raw, BUFFER), BUFFER), BUFFER);
            } catch (IOException e) {
                raw.close();
                throw new InvalidInputException(InputLocation.file(file.toString()), "corrupt gzip header: " + e.getMessage());
            }
        } catch (IOException e) {
            throw cannotRead(file, e);
        }
    }

    /**
     * Reads exactly {@code buf.length} bytes; returns false at a clean end of input (nothing read),
     * throws when the input ends part-way.
     */
    static boolean readRecord(InputStream in, byte[] buf, InputLocation where, String what) {
        int done = 0;
        try {
            while (done < buf.length) {
                int n = in.read(buf, done, buf.length - done);
                if (n < 0) break;
                done += n;
            }
        } catch (EOFException e) {
            throw new InvalidInputException(where, "truncated " + what + ": the compressed data ends early");
        } catch (ZipException e) {
            throw new InvalidInputException(where, "corrupt gzip data: " + e.getMessage());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + where.file() + ": " + e.getMessage(), e);
        }
        if (done == 0) return false;
        if (done < buf.length) {
            throw new InvalidInputException(where, "truncated " + what + ": expected " + buf.length
                    + " bytes, the file ends after " + done);
        }
        return true;
    }

    /** True when nothing follows in {@code in}. */
    static boolean atEnd(InputStream in, InputLocation where) {
        try {
            return in.read() < 0;
        } catch (EOFException e) {
            throw new InvalidInputException(where, "the compressed data ends early");
        } catch (ZipException e) {
            throw new InvalidInputException(where, "corrupt gzip data: " + e.getMessage());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + where.file() + ": " + e.getMessage(), e);
        }
    }

    static RuntimeException cannotRead(Path file, IOException e) {
        if (e instanceof NoSuchFileException) {
            return new InvalidInputException(InputLocation.file(file.toString()), "no such file");
        }
        return new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }

    static void closeQuietly(AutoCloseable c) {
        if (c == null) return;
        try {
            c.close();
        } catch (Exception ignored) {
            // closing a read-only input: nothing to recover
        }
    }

    static String splitFromName(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        if (n.contains("t10k") || n.contains("test")) return "test";
        return "train";
    }
}
