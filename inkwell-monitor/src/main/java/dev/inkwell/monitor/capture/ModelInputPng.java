package dev.inkwell.monitor.capture;

import dev.inkwell.image.GrayImage;
import java.util.Arrays;
import java.util.zip.Adler32;
import java.util.zip.CRC32;

/**
 * PNG bytes of the 8-bit grey image a model saw, made for capture's one-per-record cost: rows "Sub"-filtered, then
 * deflated by hand with the fixed Huffman codes and runs of a repeated byte as distance-1 copies. A 28×28 digit is mostly
 * runs (its black background), so this keeps most of zlib's gain (about 340 bytes against zlib's 220 for MNIST digits)
 * at a fraction of zlib's cost per picture (no 256 KiB compressor state to set up, clear and free each time). Any PNG
 * reader reads it. Reuses its buffer; one per thread.
 */
final class ModelInputPng {
    private static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    private static final int MIN_RUN = 3;
    private static final int MAX_RUN = 258;
    /** Per byte value: its fixed-Huffman code, bit-reversed for the LSB-first stream, and (high 8 bits) its length. */
    private static final int[] LITERAL = new int[256];
    /** Per run length 3–258: its length code, extra bits and the 5-bit distance code 0 (distance 1), packed as {@link #LITERAL}. */
    private static final long[] RUN = new long[MAX_RUN + 1];
    private static final int[] LENGTH_BASE = {3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115,
        131, 163, 195, 227, 258};
    private static final int[] LENGTH_EXTRA = {0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0};

    static {
        for (int v = 0; v < 256; v++) LITERAL[v] = v < 144 ? huffman(0x30 + v, 8) : huffman(0x190 + v - 144, 9);
        for (int len = MIN_RUN; len <= MAX_RUN; len++) {
            int i = LENGTH_BASE.length - 1;
            while (LENGTH_BASE[i] > len) i--;
            int symbol = 257 + i;
            int code = symbol < 280 ? huffman(symbol - 256, 7) : huffman(0xc0 + symbol - 280, 8);
            int codeBits = code >>> 24;
            long bits = code & 0xffffff | (long) (len - LENGTH_BASE[i]) << codeBits; // then distance code 0: five zero bits
            RUN[len] = bits | (long) (codeBits + LENGTH_EXTRA[i] + 5) << 56;
        }
    }

    private final Adler32 adler = new Adler32();
    private final CRC32 crc = new CRC32();
    private byte[] filtered = new byte[0];
    private byte[] out = new byte[0];
    private int n;
    private long bitBuffer;
    private int bitCount;

    /** The image's PNG, its values rounded and clamped to 0–255 (as {@code GrayImages.toPng}). */
    byte[] encode(GrayImage image) {
        int w = image.width();
        int h = image.height();
        float[] px = image.pixels();
        int size = h * (w + 1);
        if (filtered.length < size) filtered = new byte[size];
        for (int y = 0, in = 0, at = 0; y < h; y++) {
            filtered[at++] = 1; // Sub: each byte less its left neighbour
            int left = 0;
            for (int x = 0; x < w; x++, in++) {
                int v = toByte(px[in]);
                filtered[at++] = (byte) (v - left);
                left = v;
            }
        }
        int most = 8 + 25 + 12 + 2 + size * 9 / 8 + 8 + 4 + 12; // signature, IHDR, IDAT around a stream of 9-bit literals at worst, IEND
        if (out.length < most) out = new byte[most];
        n = 0;
        System.arraycopy(SIGNATURE, 0, out, 0, SIGNATURE.length);
        n = SIGNATURE.length;
        int ihdr = startChunk("IHDR");
        putInt(w);
        putInt(h);
        out[n++] = 8; // bit depth
        out[n++] = 0; // grey
        out[n++] = 0; // deflate
        out[n++] = 0; // adaptive filtering
        out[n++] = 0; // not interlaced
        endChunk(ihdr);
        int idat = startChunk("IDAT");
        deflate(size);
        endChunk(idat);
        endChunk(startChunk("IEND"));
        return Arrays.copyOf(out, n);
    }

    /** A zlib stream of {@code filtered[0, size)}: one fixed-Huffman block of literals and distance-1 runs. */
    private void deflate(int size) {
        out[n++] = 0x78; // deflate, 32 KiB window
        out[n++] = 0x01; // no dictionary, fastest; header check
        bitBuffer = 0;
        bitCount = 0;
        bits(3, 3); // last block, fixed codes
        byte[] f = filtered;
        for (int i = 0; i < size; ) {
            if (i > 0) {
                byte prev = f[i - 1];
                int j = i;
                int end = Math.min(size, i + MAX_RUN);
                while (j < end && f[j] == prev) j++;
                if (j - i >= MIN_RUN) {
                    long run = RUN[j - i];
                    bits(run & 0xffffffffffffffL, (int) (run >>> 56));
                    i = j;
                    continue;
                }
            }
            int lit = LITERAL[f[i] & 0xff];
            bits(lit & 0xffffff, lit >>> 24);
            i++;
        }
        bits(0, 7); // end of block
        if (bitCount > 0) out[n++] = (byte) bitBuffer;
        adler.reset();
        adler.update(f, 0, size);
        putInt((int) adler.getValue());
    }

    private void bits(long value, int count) {
        bitBuffer |= value << bitCount;
        bitCount += count;
        while (bitCount >= 8) {
            out[n++] = (byte) bitBuffer;
            bitBuffer >>>= 8;
            bitCount -= 8;
        }
    }

    /** Writes the chunk's type after room for its length; returns where the length goes. */
    private int startChunk(String type) {
        int at = n;
        n += 4;
        for (int i = 0; i < 4; i++) out[n++] = (byte) type.charAt(i);
        return at;
    }

    private void endChunk(int at) {
        int length = n - at - 8;
        int end = n;
        n = at;
        putInt(length);
        n = end;
        crc.reset();
        crc.update(out, at + 4, length + 4);
        putInt((int) crc.getValue());
    }

    private void putInt(int v) {
        out[n++] = (byte) (v >>> 24);
        out[n++] = (byte) (v >>> 16);
        out[n++] = (byte) (v >>> 8);
        out[n++] = (byte) v;
    }

    /** A fixed-Huffman code of {@code length} bits, reversed (deflate sends codes from their top bit), length in the top 8 bits. */
    private static int huffman(int code, int length) {
        return Integer.reverse(code) >>> (32 - length) | length << 24;
    }

    private static int toByte(float v) {
        if (!(v > 0)) return 0; // also NaN
        if (v >= 255) return 255;
        return Math.round(v);
    }
}
