package dev.inkwell.dataset;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes CIFAR batches for tests, in the byte layouts the real distributions use: binary records, and python
 * batches pickled the way Python 2's cPickle wrote the originals (protocol 2, str keys, numpy array state with
 * the raw data as a str), or the way Python 3 re-pickles them (protocol 3, bytes keys and data).
 */
final class CifarFiles {
    private CifarFiles() {
    }

    /** Samples must be RGB 32×32 with labels. */
    static void writeBinary(Path file, CifarVariant variant, List<Sample> samples) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Sample s : samples) {
            if (variant == CifarVariant.CIFAR100) out.write(s.label() / 5); // a coarse label in 0–19
            out.write(s.label());
            out.write(CifarVariant.planar(s.pixels()));
        }
        Files.write(file, out.toByteArray());
    }

    enum Style { PYTHON2, PYTHON3_BYTES }

    static void writePickle(Path file, CifarVariant variant, List<Sample> samples, Style style) throws IOException {
        Files.write(file, pickle(variant, samples, style));
    }

    static byte[] pickle(CifarVariant variant, List<Sample> samples, Style style) {
        P p = new P(style);
        p.op(0x80).op(style == Style.PYTHON2 ? 2 : 3);
        p.op('}').op('(');
        p.key("batch_label").str("training batch 1 of 1");
        p.key(variant == CifarVariant.CIFAR100 ? "fine_labels" : "labels").op(']').op('(');
        for (Sample s : samples) p.integer(s.label());
        p.op('e');
        if (variant == CifarVariant.CIFAR100) {
            p.key("coarse_labels").op(']').op('(');
            for (Sample s : samples) p.integer(s.label() / 5);
            p.op('e');
        }
        p.key("data");
        // numpy.core.multiarray._reconstruct(numpy.ndarray, (0,), b'b') then BUILD with the array state
        p.global("numpy.core.multiarray", "_reconstruct").global("numpy", "ndarray").integer(0).op(0x85).raw("b").op(0x87).op('R');
        p.op('(').integer(1).integer(samples.size()).integer(CifarVariant.IMAGE_BYTES).op(0x86);
        p.global("numpy", "dtype").str("u1").integer(0).integer(1).op(0x87).op('R');
        p.op('(').integer(3).str("|").op('N').op('N').op('N').integer(-1).integer(-1).integer(0).op('t').op('b');
        p.op(0x89);
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        for (Sample s : samples) data.writeBytes(CifarVariant.planar(s.pixels()));
        p.raw(data.toByteArray());
        p.op('t').op('b');
        p.op('u').op('.');
        return p.out.toByteArray();
    }

    /** Just enough of a pickle writer: opcodes and their arguments. */
    private static final class P {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final Style style;

        P(Style style) {
            this.style = style;
        }

        P op(int code) {
            out.write(code);
            return this;
        }

        P int4(long v) {
            out.write((int) v);
            out.write((int) (v >> 8));
            out.write((int) (v >> 16));
            out.write((int) (v >> 24));
            return this;
        }

        P integer(int v) {
            if (v >= 0 && v < 256) return op('K').op(v);
            return op('J').int4(v);
        }

        /** A dict key: str in Python 2, bytes in Python 3 data loaded with encoding="bytes". */
        P key(String k) {
            return raw(k.getBytes(StandardCharsets.US_ASCII));
        }

        P str(String s) {
            return style == Style.PYTHON2 ? raw(s.getBytes(StandardCharsets.US_ASCII)) : unicode(s);
        }

        P unicode(String s) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            op('X').int4(b.length);
            out.writeBytes(b);
            return this;
        }

        P raw(String s) {
            return raw(s.getBytes(StandardCharsets.ISO_8859_1));
        }

        /** Python 2 str (BINSTRING) or Python 3 bytes (BINBYTES). */
        P raw(byte[] b) {
            op(style == Style.PYTHON2 ? 'T' : 'B').int4(b.length);
            out.writeBytes(b);
            return this;
        }

        P global(String module, String name) {
            op('c');
            out.writeBytes((module + "\n" + name + "\n").getBytes(StandardCharsets.US_ASCII));
            return this;
        }
    }
}
