package dev.inkwell.image;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.util.Arrays;

/**
 * The luma of a baseline JPEG at 1/2, 1/4 or 1/8 of its size, computed from each 8×8 block's low-frequency DCT
 * coefficients alone (libjpeg's scaled IDCT): a phone photo far larger than the analysis needs is read without
 * inverse-transforming, upsampling and colour-converting every pixel, which is what ImageIO's decoder spends most of its
 * time on and cannot skip (its source subsampling still decodes every block at full size, then drops pixels).
 *
 * <p>The first scan must carry the luma (component 1 of a JFIF/YCbCr or one-component picture); what it decodes of
 * the other components only moves the bit stream on. Anything else — progressive, arithmetic-coded, lossless or
 * 12-bit pictures, Adobe RGB/CMYK, luma not at full resolution — is {@link #decode answered null}, for ImageIO to
 * read. A picture that ends or breaks before its last block is a {@link Broken} one, as ImageIO's truncated-data
 * warning is.
 */
final class JpegScaledLuma {
    /** What ImageIO's JPEG reader would also fail on or only warn about: truncated or corrupt entropy-coded data. */
    static final class Broken extends Exception {
        Broken(String message) {
            super(message);
        }
    }

    private static final int[] ZIGZAG = {
        0, 1, 8, 16, 9, 2, 3, 10, 17, 24, 32, 25, 18, 11, 4, 5, 12, 19, 26, 33, 40, 48, 41, 34, 27, 20, 13, 6, 7, 14, 21,
        28, 35, 42, 49, 56, 57, 50, 43, 36, 29, 22, 15, 23, 30, 37, 44, 51, 58, 59, 52, 45, 38, 31, 39, 46, 53, 60, 61,
        54, 47, 55, 62, 63,
    };

    private final byte[] data;
    private final int[][] quant = new int[4][];
    private final Huffman[] dc = new Huffman[4];
    private final Huffman[] ac = new Huffman[4];
    private int width;
    private int height;
    private int[] ids;
    private int[] hs;
    private int[] vs;
    private int[] tq;
    private int restartInterval;
    private boolean adobeRgb;
    private boolean jfif;

    // the bit reader over the entropy-coded data
    private int pos;
    private long acc;
    private int accBits;
    private int padBits;
    private boolean markerHit;

    private JpegScaledLuma(byte[] data) {
        this.data = data;
    }

    /**
     * The luma of {@code jpeg} at 1/{@code scale} (2, 4 or 8) of its size, rounded up, as an 8-bit grey image; null when
     * this is not a baseline JPEG this class reads (the caller decodes it otherwise).
     *
     * @throws Broken when the picture is a baseline JPEG whose data is truncated or corrupt
     */
    static BufferedImage decode(byte[] jpeg, int scale, long maxPixels) throws Broken {
        if (scale != 2 && scale != 4 && scale != 8) throw new IllegalArgumentException("scale must be 2, 4 or 8: " + scale);
        try {
            return new JpegScaledLuma(jpeg).read(scale, maxPixels);
        } catch (ArrayIndexOutOfBoundsException e) {
            throw new Broken("a segment runs past the end of the file");
        }
    }

    private BufferedImage read(int scale, long maxPixels) throws Broken {
        if (data.length < 4 || (data[0] & 0xff) != 0xff || (data[1] & 0xff) != 0xd8) return null;
        int p = 2;
        while (true) {
            if (p + 4 > data.length) throw new Broken("the file ends before its first scan");
            if ((data[p] & 0xff) != 0xff) throw new Broken("no marker where one belongs (offset " + p + ")");
            int marker = data[p + 1] & 0xff;
            if (marker == 0xff) { // fill byte
                p++;
                continue;
            }
            int length = u16(p + 2);
            if (length < 2 || p + 2 + length > data.length) throw new Broken("a segment runs past the end of the file");
            int body = p + 4;
            int end = p + 2 + length;
            switch (marker) {
                case 0xc0, 0xc1 -> { // baseline, extended sequential with Huffman coding
                    if (!frame(body, end, maxPixels)) return null;
                }
                case 0xc2, 0xc3, 0xc5, 0xc6, 0xc7, 0xc9, 0xca, 0xcb, 0xcd, 0xce, 0xcf -> {
                    return null; // progressive, lossless, hierarchical or arithmetic-coded: ImageIO's
                }
                case 0xc4 -> huffman(body, end);
                case 0xdb -> quantization(body, end);
                case 0xdd -> restartInterval = u16(body);
                case 0xe0 -> jfif |= end - body >= 5 && data[body] == 'J' && data[body + 1] == 'F' && data[body + 2] == 'I'
                        && data[body + 3] == 'F' && data[body + 4] == 0;
                case 0xee -> { // Adobe: transform 0 means the three components are R, G, B (or CMYK), not YCbCr
                    if (end - body >= 12 && data[body] == 'A' && data[body + 1] == 'd' && data[body + 2] == 'o'
                            && data[body + 3] == 'b' && data[body + 4] == 'e') {
                        adobeRgb = data[body + 11] == 0;
                    }
                }
                case 0xda -> {
                    if (ids == null) throw new Broken("a scan before the frame header");
                    return scan(body, end, scale);
                }
                case 0xd9 -> throw new Broken("the picture ends before its first scan");
                default -> {
                    // APPn, COM and the rest: nothing the luma needs
                }
            }
            p = end;
        }
    }

    /** SOF0/SOF1: false for what this class leaves to ImageIO. */
    private boolean frame(int p, int end, long maxPixels) throws Broken {
        if (end - p < 6) throw new Broken("a short frame header");
        if ((data[p] & 0xff) != 8) return false; // 12-bit samples
        height = u16(p + 1);
        width = u16(p + 3);
        int n = data[p + 5] & 0xff;
        if (height == 0 || width == 0) return false; // height from a DNL segment: rare, ImageIO's
        if ((long) width * height > maxPixels) return false; // the caller refuses it with its own message
        if (n != 1 && n != 3) return false;
        if (end - p < 6 + 3 * n) throw new Broken("a short frame header");
        ids = new int[n];
        hs = new int[n];
        vs = new int[n];
        tq = new int[n];
        for (int i = 0; i < n; i++) {
            int q = p + 6 + 3 * i;
            ids[i] = data[q] & 0xff;
            hs[i] = (data[q + 1] & 0xff) >> 4;
            vs[i] = data[q + 1] & 0x0f;
            tq[i] = data[q + 2] & 0xff;
            if (hs[i] < 1 || hs[i] > 4 || vs[i] < 1 || vs[i] > 4 || tq[i] > 3) throw new Broken("a bad component in the frame header");
        }
        for (int i = 1; i < n; i++) {
            if (hs[i] > hs[0] || vs[i] > vs[0]) return false; // luma below full resolution: unusual, ImageIO's
        }
        return true;
    }

    private void quantization(int p, int end) throws Broken {
        while (p < end) {
            int pq = (data[p] & 0xff) >> 4;
            int t = data[p] & 0x0f;
            if (t > 3 || pq > 1 || p + 1 + 64 * (pq + 1) > end) throw new Broken("a bad quantization table");
            int[] table = new int[64];
            for (int k = 0; k < 64; k++) {
                table[ZIGZAG[k]] = pq == 0 ? data[p + 1 + k] & 0xff : u16(p + 1 + 2 * k);
            }
            quant[t] = table;
            p += 1 + 64 * (pq + 1);
        }
    }

    private void huffman(int p, int end) throws Broken {
        while (p < end) {
            if (p + 17 > end) throw new Broken("a bad Huffman table");
            int tc = (data[p] & 0xff) >> 4;
            int th = data[p] & 0x0f;
            if (tc > 1 || th > 3) throw new Broken("a bad Huffman table");
            int[] counts = new int[17];
            int total = 0;
            for (int l = 1; l <= 16; l++) {
                counts[l] = data[p + l] & 0xff;
                total += counts[l];
            }
            if (total > 256 || p + 17 + total > end) throw new Broken("a bad Huffman table");
            byte[] symbols = new byte[total];
            System.arraycopy(data, p + 17, symbols, 0, total);
            Huffman h = Huffman.of(counts, symbols);
            if (tc == 0) dc[th] = h;
            else ac[th] = h;
            p += 17 + total;
        }
    }

    private BufferedImage scan(int p, int end, int scale) throws Broken {
        if (ids.length == 3 && adobeRgb) return null;
        if (ids.length == 3 && !jfif && ids[0] == 'R' && ids[1] == 'G' && ids[2] == 'B') return null;
        int ns = data[p] & 0xff;
        if (ns < 1 || ns > ids.length || end - p < 4 + 2 * ns) throw new Broken("a bad scan header");
        int[] comps = new int[ns];
        for (int i = 0; i < ns; i++) {
            int id = data[p + 1 + 2 * i] & 0xff;
            int c = -1;
            for (int j = 0; j < ids.length; j++) {
                if (ids[j] == id) c = j;
            }
            if (c < 0) throw new Broken("a scan names a component the frame does not have");
            comps[i] = c;
            int tables = data[p + 2 + 2 * i] & 0xff;
            if (dc[tables >> 4 & 3] == null || ac[tables & 3] == null || (tables >> 4) > 3 || (tables & 0x0f) > 3) {
                throw new Broken("a scan uses a Huffman table that was not defined");
            }
        }
        if (comps[0] != 0) return null; // the luma is not in the first scan
        int ss = data[p + 1 + 2 * ns] & 0xff;
        int se = data[p + 2 + 2 * ns] & 0xff;
        if (ss != 0 || se != 63) return null; // not sequential after all
        if (quant[tq[0]] == null) throw new Broken("the luma's quantization table was not defined");
        pos = end;
        return entropyDecode(comps, p, ns, scale);
    }

    private BufferedImage entropyDecode(int[] comps, int header, int ns, int scale) throws Broken {
        int hmax = hs[0];
        int vmax = vs[0];
        boolean interleaved = ns > 1;
        int mcusX;
        int mcusY;
        if (interleaved) {
            mcusX = ceilDiv(width, 8 * hmax);
            mcusY = ceilDiv(height, 8 * vmax);
        } else { // one component: blocks in raster order over the component's own size
            mcusX = ceilDiv(width, 8);
            mcusY = ceilDiv(height, 8);
        }
        int n = 8 / scale; // output pixels per block side
        int blocksX = interleaved ? mcusX * hmax : mcusX;
        int blocksY = interleaved ? mcusY * vmax : mcusY;
        int outStride = blocksX * n;
        byte[] plane = new byte[outStride * blocksY * n];
        float[] matrix = idctMatrix(n);
        int[] q = quant[tq[0]];
        float[] coef = new float[64];
        float[] tmp = new float[n * n];
        Huffman[] dcs = new Huffman[ns];
        Huffman[] acs = new Huffman[ns];
        for (int i = 0; i < ns; i++) {
            int tables = data[header + 2 + 2 * i] & 0xff;
            dcs[i] = dc[tables >> 4];
            acs[i] = ac[tables & 0x0f];
        }
        int[] pred = new int[ns];
        int mcus = mcusX * mcusY;
        int untilRestart = restartInterval;
        int expectedRst = 0;
        for (int m = 0; m < mcus; m++) {
            if (restartInterval > 0 && untilRestart == 0) {
                restart(expectedRst);
                expectedRst = (expectedRst + 1) & 7;
                untilRestart = restartInterval;
                Arrays.fill(pred, 0);
            }
            untilRestart--;
            int mx = m % mcusX;
            int my = m / mcusX;
            for (int s = 0; s < ns; s++) {
                int c = comps[s];
                int bh = interleaved ? hs[c] : 1;
                int bv = interleaved ? vs[c] : 1;
                for (int by = 0; by < bv; by++) {
                    for (int bx = 0; bx < bh; bx++) {
                        if (s == 0) {
                            Arrays.fill(coef, 0);
                            pred[0] += extend(decodeSymbol(dcs[0]));
                            coef[0] = pred[0] * q[0];
                            acCoefficients(acs[0], coef, q, n);
                            int blockX = mx * bh + bx;
                            int blockY = my * bv + by;
                            idct(coef, n, matrix, tmp, plane, (blockY * n) * outStride + blockX * n, outStride);
                        } else {
                            pred[s] += extend(decodeSymbol(dcs[s]));
                            skipAc(acs[s]);
                        }
                    }
                }
            }
        }
        int outW = ceilDiv(width, scale);
        int outH = ceilDiv(height, scale);
        BufferedImage image = new BufferedImage(outW, outH, BufferedImage.TYPE_BYTE_GRAY);
        byte[] pixels = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
        for (int y = 0; y < outH; y++) System.arraycopy(plane, y * outStride, pixels, y * outW, outW);
        return image;
    }

    /** The luma block's AC coefficients, dequantized into natural order where both indices are below {@code keep}. */
    private void acCoefficients(Huffman table, float[] coef, int[] q, int keep) throws Broken {
        for (int k = 1; k < 64; k++) {
            int rs = decodeSymbol(table);
            int r = rs >> 4;
            int s = rs & 15;
            if (s == 0) {
                if (r != 15) return; // end of block
                k += 15;
                continue;
            }
            k += r;
            if (k > 63) throw new Broken("corrupt data: a coefficient past the end of its block");
            int v = extend(s);
            int z = ZIGZAG[k];
            if ((z & 7) < keep && (z >> 3) < keep) coef[z] = v * q[z];
        }
    }

    private void skipAc(Huffman table) throws Broken {
        for (int k = 1; k < 64; k++) {
            int rs = decodeSymbol(table);
            int r = rs >> 4;
            int s = rs & 15;
            if (s == 0) {
                if (r != 15) return;
                k += 15;
                continue;
            }
            k += r;
            if (k > 63) throw new Broken("corrupt data: a coefficient past the end of its block");
            receive(s);
        }
    }

    /** m[x * n + u] = C(u)/2 · cos((2x+1)uπ/(2n)): the 8-point DCT's basis sampled at the centres of n cells. */
    private static float[] idctMatrix(int n) {
        float[] m = new float[n * n];
        for (int x = 0; x < n; x++) {
            for (int u = 0; u < n; u++) {
                double c = u == 0 ? Math.sqrt(0.5) : 1;
                m[x * n + u] = (float) (c / 2 * Math.cos((2 * x + 1) * u * Math.PI / (2 * n)));
            }
        }
        return m;
    }

    private static void idct(float[] coef, int n, float[] m, float[] tmp, byte[] out, int offset, int stride) {
        for (int v = 0; v < n; v++) { // rows of coefficients: along x
            for (int x = 0; x < n; x++) {
                float s = 0;
                for (int u = 0; u < n; u++) s += m[x * n + u] * coef[v * 8 + u];
                tmp[v * n + x] = s;
            }
        }
        for (int y = 0; y < n; y++) {
            for (int x = 0; x < n; x++) {
                float s = 128;
                for (int v = 0; v < n; v++) s += m[y * n + v] * tmp[v * n + x];
                int value = Math.round(s);
                out[offset + y * stride + x] = (byte) (value < 0 ? 0 : Math.min(value, 255));
            }
        }
    }

    // ---- the bit reader: bytes un-stuffed into a 64-bit window; zeros fed past a marker or the end, and counted ----

    private void restart(int expected) throws Broken {
        acc = 0;
        accBits = 0;
        padBits = 0;
        markerHit = false;
        while (pos + 1 < data.length && !((data[pos] & 0xff) == 0xff && (data[pos + 1] & 0xff) >= 0xd0 && (data[pos + 1] & 0xff) <= 0xd7)) {
            pos++; // bits padding the interval's last byte, or garbage ImageIO would also skip
        }
        if (pos + 1 >= data.length) throw new Broken("truncated: the data ends before a restart marker");
        if ((data[pos + 1] & 0xff) - 0xd0 != expected) throw new Broken("corrupt data: restart markers out of order");
        pos += 2;
    }

    private void ensure(int n) {
        while (accBits < n) {
            int b = 0;
            if (!markerHit && pos < data.length) {
                b = data[pos] & 0xff;
                if (b != 0xff) {
                    pos++;
                } else if (pos + 1 < data.length && data[pos + 1] == 0) {
                    pos += 2; // a stuffed zero: the 0xff is data
                } else {
                    markerHit = true; // a marker (or the end) inside the blocks: what follows it is not this scan's
                    b = 0;
                    padBits += 8;
                }
            } else {
                padBits += 8;
            }
            acc = acc << 8 | b;
            accBits += 8;
        }
    }

    private int peek(int n) {
        ensure(n);
        return (int) (acc >>> (accBits - n)) & ((1 << n) - 1);
    }

    private void skip(int n) throws Broken {
        accBits -= n;
        if (accBits < padBits) throw new Broken("truncated: premature end of the picture's data");
    }

    private int receive(int s) throws Broken {
        int v = peek(s);
        skip(s);
        return v;
    }

    /** The signed value of the {@code s} bits that follow (JPEG's EXTEND). */
    private int extend(int s) throws Broken {
        if (s == 0) return 0;
        if (s > 16) throw new Broken("corrupt data: a coefficient of more than 16 bits");
        int v = receive(s);
        return v < (1 << (s - 1)) ? v - (1 << s) + 1 : v;
    }

    private int decodeSymbol(Huffman h) throws Broken {
        int fast = h.fast[peek(Huffman.FAST_BITS)];
        if (fast != 0) {
            skip(fast >> 8);
            return fast & 0xff;
        }
        for (int l = Huffman.FAST_BITS + 1; l <= 16; l++) {
            int code = peek(l);
            if (code <= h.maxCode[l]) {
                skip(l);
                return h.symbols[h.valPtr[l] + code - h.minCode[l]] & 0xff;
            }
        }
        throw new Broken("corrupt data: a bad Huffman code");
    }

    private int u16(int p) {
        return (data[p] & 0xff) << 8 | (data[p + 1] & 0xff);
    }

    private static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }

    /** A canonical Huffman table (JPEG Annex C): the codes of each length, from the counts per length. */
    private record Huffman(int[] minCode, int[] maxCode, int[] valPtr, byte[] symbols, int[] fast) {
        /** Codes up to this long are decoded with one look-up of {@link #fast}: (length << 8 | symbol), 0 if longer. */
        static final int FAST_BITS = 9;

        static Huffman of(int[] counts, byte[] symbols) throws Broken {
            int[] min = new int[17];
            int[] max = new int[17];
            int[] ptr = new int[17];
            int code = 0;
            int k = 0;
            for (int l = 1; l <= 16; l++) {
                ptr[l] = k;
                min[l] = code;
                code += counts[l];
                k += counts[l];
                max[l] = counts[l] > 0 ? code - 1 : -1;
                if (code > (1 << l)) throw new Broken("a bad Huffman table: more codes than fit their lengths");
                code <<= 1;
            }
            int[] fast = new int[1 << FAST_BITS];
            for (int l = 1; l <= FAST_BITS; l++) {
                for (int c = min[l]; c <= max[l]; c++) {
                    int first = c << (FAST_BITS - l);
                    int entry = l << 8 | (symbols[ptr[l] + c - min[l]] & 0xff);
                    for (int i = 0; i < 1 << (FAST_BITS - l); i++) fast[first + i] = entry;
                }
            }
            return new Huffman(min, max, ptr, symbols, fast);
        }
    }
}
