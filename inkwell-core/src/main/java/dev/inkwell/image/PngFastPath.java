package dev.inkwell.image;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.util.Arrays;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Decodes the PNGs that drawing pages, screenshots and phones send (8-bit grey, grey with alpha, RGB or RGBA, not
 * interlaced, no transparency chunk) a row at a time: each row is inflated (small and huge pictures into a buffer of
 * one row with zlib; the rest whole, with libdeflate where {@link WholeInflate} has it), unfiltered against the row
 * before and handed to a {@link Target}, which lays it out as ImageIO's image types do (BYTE_GRAY,
 * 3BYTE_BGR, 4BYTE_ABGR: the same pixels at a third of the cost, ImageIO copying every row through a Raster
 * {@code setRect}) or turns it straight into luma and opacity ({@link LumaImage}: no picture-sized byte buffer at
 * all). A colour profile (iCCP) is taken: ImageIO reads such pictures as sRGB too, samples as stored. Anything else,
 * and anything malformed, returns null so that ImageIO decodes it and words the errors as it always did.
 */
final class PngFastPath {
    private static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    private static final int IHDR = chunk("IHDR");
    private static final int IDAT = chunk("IDAT");
    private static final int IEND = chunk("IEND");
    private static final int TRNS = chunk("tRNS");

    private PngFastPath() {
    }

    /** Where decoded rows go; {@link #start} may refuse a layout (then ImageIO decodes the picture). */
    interface Target<T> {
        /** Whether this target takes a picture of {@code channels} 8-bit samples per pixel (1, 2, 3 or 4: G, GA, RGB, RGBA). */
        boolean start(int width, int height, int channels);

        /** Row {@code y}'s samples, in PNG order, at {@code samples[offset..offset + width·channels)}. */
        void row(int y, byte[] samples, int offset);

        T result();
    }

    /** Whether {@code bytes} start with the PNG signature. */
    static boolean isPng(byte[] bytes) {
        if (bytes.length < SIGNATURE.length) return false;
        for (int i = 0; i < SIGNATURE.length; i++) {
            if (bytes[i] != SIGNATURE[i]) return false;
        }
        return true;
    }

    /**
     * Inflated rows from this size on are inflated whole by libdeflate where it is {@link WholeInflate#available()}
     * (a 600×600 canvas: 1.4 MB in 0.11 ms against zlib's 2.5 ms); below it zlib is as quick and nothing is loaded.
     */
    static final long WHOLE_FROM = 64 * 1024;
    /** Above this, rows are inflated one at a time, so that a huge picture is never held inflated. */
    static final long WHOLE_UP_TO = 32L * 1024 * 1024;

    /**
     * The picture as {@code target} makes it, or null when it is not a PNG this path takes, or when its long side is
     * at least twice {@code neededSide} (when that is positive: such a picture is decoded subsampled). Never throws.
     */
    static <T> T decode(byte[] png, long maxPixels, int neededSide, Target<T> target) {
        return decode(png, maxPixels, neededSide, target, WHOLE_FROM);
    }

    /** As {@link #decode(byte[], long, int, Target)}, inflating whole from {@code wholeFrom} inflated bytes on. */
    static <T> T decode(byte[] png, long maxPixels, int neededSide, Target<T> target, long wholeFrom) {
        try {
            return decodeOrNull(png, maxPixels, neededSide, target, wholeFrom);
        } catch (RuntimeException | DataFormatException e) {
            return null;
        }
    }

    private static <T> T decodeOrNull(byte[] png, long maxPixels, int neededSide, Target<T> target, long wholeFrom)
            throws DataFormatException {
        if (!isPng(png)) return null;
        int p = SIGNATURE.length;
        int width = 0;
        int height = 0;
        int channels = 0;
        int[] idat = new int[8]; // offset and length of each IDAT chunk's data
        int parts = 0;
        while (p + 12 <= png.length) {
            int length = int32(png, p);
            int type = int32(png, p + 4);
            int data = p + 8;
            if (length < 0 || data + length + 4 > png.length) return null;
            if (type == IHDR) {
                if (length != 13 || channels != 0) return null;
                width = int32(png, data);
                height = int32(png, data + 4);
                int depth = png[data + 8];
                int colour = png[data + 9];
                boolean plain = png[data + 10] == 0 && png[data + 11] == 0 && png[data + 12] == 0; // deflate, adaptive, no interlace
                channels = switch (colour) {
                    case 0 -> 1;
                    case 4 -> 2;
                    case 2 -> 3;
                    case 6 -> 4;
                    default -> 0;
                };
                if (depth != 8 || channels == 0 || !plain || width <= 0 || height <= 0 || (long) width * height > maxPixels
                        || (neededSide > 0 && Math.max(width, height) / neededSide >= 2)
                        || (long) width * channels + 1 > Integer.MAX_VALUE) {
                    return null;
                }
            } else if (type == IDAT) {
                if (channels == 0) return null;
                if (2 * parts + 2 > idat.length) idat = Arrays.copyOf(idat, 2 * idat.length);
                idat[2 * parts] = data;
                idat[2 * parts + 1] = length;
                parts++;
            } else if (type == IEND) {
                break;
            } else if (type == TRNS) {
                return null; // transparency changes the pixels: ImageIO's business
            }
            p = data + length + 4; // CRC not checked, as ImageIO does not
        }
        if (channels == 0 || !target.start(width, height, channels)) return null;
        int stride = width * channels;
        long inflated = (long) height * (stride + 1);
        boolean done = inflated >= wholeFrom && inflated <= WHOLE_UP_TO && WholeInflate.available()
                && inflateWhole(png, idat, parts, (int) inflated, height, stride, channels, target);
        if (!done && !inflateByRow(png, idat, parts, height, stride, channels, target)) {
            return null; // truncated or damaged: ImageIO words the error
        }
        return target.result();
    }

    /**
     * Inflates the rows in one go with libdeflate, then unfilters them in place: false (nothing handed to the
     * target) when the stream is not exactly {@code inflated} bytes of plain zlib data, left to the row path.
     */
    private static boolean inflateWhole(byte[] png, int[] idat, int parts, int inflated, int height, int stride, int channels,
                                        Target<?> target) {
        byte[] z = png;
        int at = parts == 0 ? 0 : idat[0];
        int length = parts == 0 ? 0 : idat[1];
        if (parts > 1) { // the zlib stream split over several chunks: one buffer for libdeflate
            long total = 0;
            for (int i = 0; i < parts; i++) total += idat[2 * i + 1];
            z = new byte[(int) total];
            for (int i = 0, o = 0; i < parts; o += idat[2 * i + 1], i++) System.arraycopy(png, idat[2 * i], z, o, idat[2 * i + 1]);
            at = 0;
            length = z.length;
        }
        // zlib's two-byte header: deflate, a window libdeflate takes, a valid check, no preset dictionary
        if (length < 2 || (z[at] & 0x0f) != 8 || (z[at] & 0xff) >>> 4 > 7 || (((z[at] & 0xff) << 8) | (z[at + 1] & 0xff)) % 31 != 0
                || (z[at + 1] & 0x20) != 0) {
            return false;
        }
        byte[] rows = RowBuffers.take(inflated); // the targets copy each row out: the buffer is not theirs to keep
        try {
            if (WholeInflate.inflate(z, at + 2, length - 2, rows, inflated) != inflated) return false;
            int line = stride + 1;
            byte[] zeros = new byte[line]; // above the first row
            for (int y = 0; y < height; y++) {
                int row = y * line;
                if (y == 0) {
                    unfilter(rows, row, zeros, 0, stride, channels);
                } else {
                    unfilter(rows, row, rows, row - line, stride, channels);
                }
                target.row(y, rows, row + 1);
            }
            return true;
        } finally {
            RowBuffers.give(rows);
        }
    }

    /** Inflates and unfilters a row at a time (zlib through {@link Inflater}): false when the data ends early. */
    private static boolean inflateByRow(byte[] png, int[] idat, int parts, int height, int stride, int channels, Target<?> target)
            throws DataFormatException {
        byte[] row = new byte[stride + 1]; // the filter byte, then the samples
        byte[] above = new byte[stride + 1]; // the row above, unfiltered; zeros above the first
        int filled = 0;
        int y = 0;
        Inflater inflater = new Inflater();
        try {
            for (int i = 0; i < parts && y < height; i++) {
                inflater.setInput(png, idat[2 * i], idat[2 * i + 1]);
                while (y < height) {
                    int n = inflater.inflate(row, filled, stride + 1 - filled);
                    if (n == 0) {
                        if (inflater.needsInput()) break;
                        return false; // finished early, or wants a dictionary: ImageIO words it
                    }
                    filled += n;
                    if (filled == stride + 1) {
                        unfilter(row, 0, above, 0, stride, channels);
                        target.row(y++, row, 1);
                        byte[] t = above;
                        above = row;
                        row = t;
                        filled = 0;
                    }
                }
            }
        } finally {
            inflater.end();
        }
        return y == height;
    }

    /**
     * Undoes the PNG filter of the row at {@code b[at..at + stride]} (its filter byte first) in place, {@code a[aat..]}
     * being the row before, already unfiltered.
     */
    private static void unfilter(byte[] b, int at, byte[] a, int aat, int stride, int channels) {
        int filter = b[at];
        int end = stride + 1;
        switch (filter) {
            case 0 -> { }
            case 1 -> {
                for (int i = 1 + channels; i < end; i++) b[at + i] += b[at + i - channels];
            }
            case 2 -> {
                for (int i = 1; i < end; i++) b[at + i] += a[aat + i];
            }
            case 3 -> {
                for (int i = 1; i < end; i++) {
                    int left = i > channels ? b[at + i - channels] & 0xff : 0;
                    b[at + i] += (byte) ((left + (a[aat + i] & 0xff)) >>> 1);
                }
            }
            case 4 -> {
                for (int i = 1; i <= channels && i < end; i++) b[at + i] += a[aat + i]; // no left: Paeth picks the one above
                for (int i = 1 + channels; i < end; i++) {
                    b[at + i] += (byte) paeth(b[at + i - channels] & 0xff, a[aat + i] & 0xff, a[aat + i - channels] & 0xff);
                }
            }
            default -> throw new IllegalArgumentException("unknown PNG filter " + filter);
        }
    }

    private static int paeth(int a, int b, int c) {
        int p = a + b - c;
        int pa = Math.abs(p - a);
        int pb = Math.abs(p - b);
        int pc = Math.abs(p - c);
        if (pa <= pb && pa <= pc) return a;
        return pb <= pc ? b : c;
    }

    /** Rows laid out as ImageIO's types for the PNG's layout (grey with alpha is left to ImageIO). */
    static final class ImageTarget implements Target<BufferedImage> {
        private BufferedImage image;
        private byte[] out;
        private int channels;
        private int stride;

        @Override
        public boolean start(int width, int height, int channels) {
            int type = switch (channels) {
                case 1 -> BufferedImage.TYPE_BYTE_GRAY;
                case 3 -> BufferedImage.TYPE_3BYTE_BGR;
                case 4 -> BufferedImage.TYPE_4BYTE_ABGR;
                default -> -1;
            };
            if (type < 0) return false;
            image = new BufferedImage(width, height, type);
            out = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
            this.channels = channels;
            this.stride = width * channels;
            return true;
        }

        @Override
        public void row(int y, byte[] s, int off) {
            int o = y * stride;
            switch (channels) {
                case 1 -> System.arraycopy(s, off, out, o, stride);
                case 3 -> {
                    for (int i = 0; i < stride; i += 3) { // RGB -> BGR
                        out[o + i] = s[off + i + 2];
                        out[o + i + 1] = s[off + i + 1];
                        out[o + i + 2] = s[off + i];
                    }
                }
                default -> {
                    for (int i = 0; i < stride; i += 4) { // RGBA -> ABGR
                        out[o + i] = s[off + i + 3];
                        out[o + i + 1] = s[off + i + 2];
                        out[o + i + 2] = s[off + i + 1];
                        out[o + i + 3] = s[off + i];
                    }
                }
            }
        }

        @Override
        public BufferedImage result() {
            return image;
        }
    }

    /** Rows turned straight into luma and opacity, with the arithmetic of {@link GrayImages#lumaAndAlpha}, to the bit. */
    static final class LumaTarget implements Target<LumaImage> {
        private static final float GREY_ALPHA = 1f / 255; // what lumaAndAlpha scales a grey picture's alpha by
        // lumaAndAlpha's products and quotient for every byte value, the same floats (Java never fuses a*b+c): a table
        // load instead of a conversion and a multiply per channel and a division per opacity
        private static final float[] RED = new float[256];
        private static final float[] GREEN = new float[256];
        private static final float[] BLUE = new float[256];
        private static final float[] OPACITY = new float[256];

        static {
            for (int b = 0; b < 256; b++) {
                RED[b] = 0.299f * b;
                GREEN[b] = 0.587f * b;
                BLUE[b] = 0.114f * b;
                OPACITY[b] = b / 255f;
            }
        }
        private int width;
        private int height;
        private int channels;
        private float[] luma;
        private float[] alpha;

        @Override
        public boolean start(int width, int height, int channels) {
            this.width = width;
            this.height = height;
            this.channels = channels;
            luma = PictureArrays.take(width * height); // every element is written below before anyone reads it
            alpha = channels == 2 ? PictureArrays.take(width * height) : null; // RGBA: taken at the first pixel not opaque
            return true;
        }

        @Override
        public void row(int y, byte[] s, int off) {
            int o = y * width;
            switch (channels) {
                case 1 -> {
                    for (int x = 0; x < width; x++) luma[o + x] = s[off + x] & 0xff;
                }
                case 2 -> {
                    for (int x = 0, i = off; x < width; x++, i += 2) {
                        luma[o + x] = s[i] & 0xff;
                        alpha[o + x] = (s[i + 1] & 0xff) * GREY_ALPHA;
                    }
                }
                case 3 -> {
                    for (int x = 0, i = off; x < width; x++, i += 3) {
                        luma[o + x] = RED[s[i] & 0xff] + GREEN[s[i + 1] & 0xff] + BLUE[s[i + 2] & 0xff];
                    }
                }
                default -> {
                    int x = 0;
                    int i = off;
                    if (alpha == null) { // opaque so far: most canvases stay so to the end
                        for (; x < width && s[i + 3] == (byte) 0xff; x++, i += 4) {
                            luma[o + x] = RED[s[i] & 0xff] + GREEN[s[i + 1] & 0xff] + BLUE[s[i + 2] & 0xff];
                        }
                        if (x == width) return;
                        alpha = PictureArrays.take(width * height);
                        Arrays.fill(alpha, 0, o + x, 1f); // OPACITY[255]; the rest is written from here on
                    }
                    for (; x < width; x++, i += 4) {
                        luma[o + x] = RED[s[i] & 0xff] + GREEN[s[i + 1] & 0xff] + BLUE[s[i + 2] & 0xff];
                        alpha[o + x] = OPACITY[s[i + 3] & 0xff];
                    }
                }
            }
        }

        @Override
        public LumaImage result() {
            return new LumaImage(width, height, luma, alpha);
        }
    }

    private static int chunk(String name) {
        return (name.charAt(0) << 24) | (name.charAt(1) << 16) | (name.charAt(2) << 8) | name.charAt(3);
    }

    private static int int32(byte[] b, int p) {
        return ((b[p] & 0xff) << 24) | ((b[p + 1] & 0xff) << 16) | ((b[p + 2] & 0xff) << 8) | (b[p + 3] & 0xff);
    }
}
