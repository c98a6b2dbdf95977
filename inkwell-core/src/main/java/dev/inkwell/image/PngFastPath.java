package dev.inkwell.image;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Decodes the PNGs that drawing pages and screenshots send (8-bit grey, RGB or RGBA, not interlaced, no colour
 * profile, no transparency chunk) straight into the byte layout ImageIO would give them (BYTE_GRAY, 3BYTE_BGR,
 * 4BYTE_ABGR), the same pixels at a third of the cost: ImageIO's reader copies every row through a Raster
 * {@code setRect}, which dominated the cost of a 600×600 canvas. Anything else, and anything malformed, returns
 * null so that ImageIO decodes it and words the errors as it always did.
 */
final class PngFastPath {
    private static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    private PngFastPath() {
    }

    /** Whether {@code bytes} start with the PNG signature. */
    static boolean isPng(byte[] bytes) {
        if (bytes.length < SIGNATURE.length) return false;
        for (int i = 0; i < SIGNATURE.length; i++) {
            if (bytes[i] != SIGNATURE[i]) return false;
        }
        return true;
    }

    /** The picture, or null when it is not a PNG this path takes (then ImageIO decodes it). Never throws. */
    static BufferedImage decode(byte[] png, long maxPixels) {
        try {
            return decodeOrNull(png, maxPixels);
        } catch (RuntimeException | DataFormatException e) {
            return null;
        }
    }

    private static BufferedImage decodeOrNull(byte[] png, long maxPixels) throws DataFormatException {
        if (!isPng(png)) return null;
        int p = SIGNATURE.length;
        int width = 0;
        int height = 0;
        int channels = 0;
        byte[] raw = null;
        int rawFilled = 0;
        Inflater inflater = null;
        try {
            while (p + 12 <= png.length) {
                int length = int32(png, p);
                int type = int32(png, p + 4);
                int data = p + 8;
                if (length < 0 || data + length + 4 > png.length) return null;
                if (type == chunk("IHDR")) {
                    if (length != 13) return null;
                    width = int32(png, data);
                    height = int32(png, data + 4);
                    int depth = png[data + 8];
                    int colour = png[data + 9];
                    boolean plain = png[data + 10] == 0 && png[data + 11] == 0 && png[data + 12] == 0; // deflate, adaptive, no interlace
                    channels = switch (colour) {
                        case 0 -> 1;
                        case 2 -> 3;
                        case 6 -> 4;
                        default -> 0;
                    };
                    if (depth != 8 || channels == 0 || !plain || width <= 0 || height <= 0
                            || (long) width * height > maxPixels || (long) (width * channels + 1) * height > Integer.MAX_VALUE) {
                        return null;
                    }
                    raw = new byte[(width * channels + 1) * height];
                    inflater = new Inflater();
                } else if (type == chunk("IDAT")) {
                    if (raw == null) return null;
                    inflater.setInput(png, data, length);
                    while (!inflater.needsInput() && !inflater.finished() && rawFilled < raw.length) {
                        int n = inflater.inflate(raw, rawFilled, raw.length - rawFilled);
                        if (n == 0 && (inflater.needsDictionary() || !inflater.needsInput())) return null;
                        rawFilled += n;
                    }
                } else if (type == chunk("IEND")) {
                    break;
                } else if (type == chunk("tRNS") || type == chunk("iCCP")) {
                    return null; // transparency or a colour profile changes the pixels: ImageIO's business
                }
                p = data + length + 4; // CRC not checked, as ImageIO does not
            }
        } finally {
            if (inflater != null) inflater.end();
        }
        if (raw == null || rawFilled < raw.length) return null; // truncated: ImageIO words the error
        return unfilter(raw, width, height, channels);
    }

    /** Undoes the PNG row filters in place and lays the samples out as ImageIO's image types do. */
    private static BufferedImage unfilter(byte[] raw, int width, int height, int channels) {
        int type = switch (channels) {
            case 1 -> BufferedImage.TYPE_BYTE_GRAY;
            case 3 -> BufferedImage.TYPE_3BYTE_BGR;
            default -> BufferedImage.TYPE_4BYTE_ABGR;
        };
        BufferedImage image = new BufferedImage(width, height, type);
        byte[] out = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
        int stride = width * channels;
        for (int y = 0; y < height; y++) {
            int row = y * (stride + 1) + 1;
            int prev = row - stride - 1; // the row above, already unfiltered (unused on the first row)
            int filter = raw[row - 1];
            switch (filter) {
                case 0 -> { }
                case 1 -> {
                    for (int i = channels; i < stride; i++) raw[row + i] += raw[row + i - channels];
                }
                case 2 -> {
                    if (y > 0) for (int i = 0; i < stride; i++) raw[row + i] += raw[prev + i];
                }
                case 3 -> {
                    for (int i = 0; i < stride; i++) {
                        int left = i >= channels ? raw[row + i - channels] & 0xff : 0;
                        int up = y > 0 ? raw[prev + i] & 0xff : 0;
                        raw[row + i] += (byte) ((left + up) >>> 1);
                    }
                }
                case 4 -> {
                    for (int i = 0; i < stride; i++) {
                        int a = i >= channels ? raw[row + i - channels] & 0xff : 0;
                        int b = y > 0 ? raw[prev + i] & 0xff : 0;
                        int c = i >= channels && y > 0 ? raw[prev + i - channels] & 0xff : 0;
                        raw[row + i] += (byte) paeth(a, b, c);
                    }
                }
                default -> throw new IllegalArgumentException("unknown PNG filter " + filter);
            }
            int o = y * stride;
            switch (channels) {
                case 1 -> System.arraycopy(raw, row, out, o, stride);
                case 3 -> {
                    for (int i = 0; i < stride; i += 3) { // RGB -> BGR
                        out[o + i] = raw[row + i + 2];
                        out[o + i + 1] = raw[row + i + 1];
                        out[o + i + 2] = raw[row + i];
                    }
                }
                default -> {
                    for (int i = 0; i < stride; i += 4) { // RGBA -> ABGR
                        out[o + i] = raw[row + i + 3];
                        out[o + i + 1] = raw[row + i + 2];
                        out[o + i + 2] = raw[row + i + 1];
                        out[o + i + 3] = raw[row + i];
                    }
                }
            }
        }
        return image;
    }

    private static int paeth(int a, int b, int c) {
        int p = a + b - c;
        int pa = Math.abs(p - a);
        int pb = Math.abs(p - b);
        int pc = Math.abs(p - c);
        if (pa <= pb && pa <= pc) return a;
        return pb <= pc ? b : c;
    }

    private static int chunk(String name) {
        return (name.charAt(0) << 24) | (name.charAt(1) << 16) | (name.charAt(2) << 8) | name.charAt(3);
    }

    private static int int32(byte[] b, int p) {
        return ((b[p] & 0xff) << 24) | ((b[p + 1] & 0xff) << 16) | ((b[p + 2] & 0xff) << 8) | (b[p + 3] & 0xff);
    }
}
