package dev.inkwell.serving.admission;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * A picture's pixel count from its header, without decoding it: what admission charges before the decoder runs.
 * PNG's header is read directly (the common case, and it costs nothing); other formats through their ImageIO reader,
 * which reads only as far as the size.
 */
public final class ImageHeaders {
    private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    private ImageHeaders() {
    }

    /**
     * Width × height from the header; -1 when there is no readable header (the decoder then refuses the input, at the
     * cost of looking at it).
     */
    public static long pixels(byte[] bytes) {
        if (bytes == null || bytes.length == 0) return -1;
        if (isPng(bytes)) return pngPixels(bytes);
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) return -1;
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                long w = reader.getWidth(0);
                long h = reader.getHeight(0);
                return w > 0 && h > 0 ? product(w, h) : -1;
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private static boolean isPng(byte[] b) {
        if (b.length < PNG.length) return false;
        for (int i = 0; i < PNG.length; i++) if (b[i] != PNG[i]) return false;
        return true;
    }

    /** IHDR is the first chunk: length (4), "IHDR", width (4), height (4), big-endian. */
    private static long pngPixels(byte[] b) {
        if (b.length < 24 || b[12] != 'I' || b[13] != 'H' || b[14] != 'D' || b[15] != 'R') return -1;
        long w = int32(b, 16) & 0xffffffffL;
        long h = int32(b, 20) & 0xffffffffL;
        return w > 0 && h > 0 ? product(w, h) : -1;
    }

    /** w × h, saturating: a lying header of 4G × 4G pixels must not wrap around to a small cost. */
    private static long product(long w, long h) {
        return Math.multiplyHigh(w, h) != 0 || w * h < 0 ? Long.MAX_VALUE : w * h;
    }

    private static int int32(byte[] b, int at) {
        return (b[at] & 0xff) << 24 | (b[at + 1] & 0xff) << 16 | (b[at + 2] & 0xff) << 8 | b[at + 3] & 0xff;
    }
}
