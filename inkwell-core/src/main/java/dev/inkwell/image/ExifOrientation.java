package dev.inkwell.image;

import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.WritableRaster;

/**
 * The EXIF orientation of a JPEG: phones store a portrait photo as landscape pixels plus a tag saying "rotate 90°
 * to show". ImageIO ignores the tag, so without this a photographed digit reaches the model lying on its side.
 */
final class ExifOrientation {
    private ExifOrientation() {
    }

    /** The orientation tag (1–8) of a JPEG, or 1 when there is none or it cannot be read. Never throws. */
    static int read(byte[] jpeg) {
        try {
            if (jpeg.length < 4 || (jpeg[0] & 0xff) != 0xFF || (jpeg[1] & 0xff) != 0xD8) return 1;
            int p = 2;
            while (p + 4 <= jpeg.length && (jpeg[p] & 0xff) == 0xFF) {
                int marker = jpeg[p + 1] & 0xff;
                int length = ((jpeg[p + 2] & 0xff) << 8) | (jpeg[p + 3] & 0xff);
                if (marker == 0xDA || length < 2) return 1; // image data starts: no EXIF before it
                int start = p + 4;
                if (marker == 0xE1 && length >= 16 && start + 6 <= jpeg.length
                        && jpeg[start] == 'E' && jpeg[start + 1] == 'x' && jpeg[start + 2] == 'i' && jpeg[start + 3] == 'f') {
                    return fromTiff(jpeg, start + 6, Math.min(jpeg.length, p + 2 + length));
                }
                p += 2 + length;
            }
        } catch (RuntimeException e) {
            return 1; // a malformed EXIF block is not a reason to refuse a picture
        }
        return 1;
    }

    private static int fromTiff(byte[] b, int tiff, int end) {
        boolean little = b[tiff] == 'I' && b[tiff + 1] == 'I';
        if (!little && !(b[tiff] == 'M' && b[tiff + 1] == 'M')) return 1;
        int ifd = tiff + (int) u32(b, tiff + 4, little);
        if (ifd < tiff || ifd + 2 > end) return 1;
        int entries = u16(b, ifd, little);
        for (int i = 0; i < entries; i++) {
            int e = ifd + 2 + 12 * i;
            if (e + 12 > end) return 1;
            if (u16(b, e, little) == 0x0112) {
                int value = u16(b, e + 8, little);
                return value >= 1 && value <= 8 ? value : 1;
            }
        }
        return 1;
    }

    private static int u16(byte[] b, int i, boolean little) {
        int a = b[i] & 0xff;
        int c = b[i + 1] & 0xff;
        return little ? a | c << 8 : a << 8 | c;
    }

    private static long u32(byte[] b, int i, boolean little) {
        long hi = u16(b, little ? i + 2 : i, little);
        long lo = u16(b, little ? i : i + 2, little);
        return hi << 16 | lo;
    }

    /** {@code image} turned and/or mirrored as orientation {@code o} says it should be shown. */
    static BufferedImage apply(BufferedImage image, int o) {
        if (o <= 1 || o > 8) return image;
        int w = image.getWidth();
        int h = image.getHeight();
        boolean swap = o >= 5;
        int nw = swap ? h : w;
        int nh = swap ? w : h;
        ColorModel cm = image.getColorModel();
        WritableRaster src = image.getRaster();
        WritableRaster dst = cm.createCompatibleWritableRaster(nw, nh);
        Object pixel = null;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                pixel = src.getDataElements(x, y, pixel);
                int tx;
                int ty;
                switch (o) {
                    case 2 -> { tx = w - 1 - x; ty = y; }
                    case 3 -> { tx = w - 1 - x; ty = h - 1 - y; }
                    case 4 -> { tx = x; ty = h - 1 - y; }
                    case 5 -> { tx = y; ty = x; }
                    case 6 -> { tx = h - 1 - y; ty = x; }
                    case 7 -> { tx = h - 1 - y; ty = w - 1 - x; }
                    default -> { tx = y; ty = w - 1 - x; } // 8
                }
                dst.setDataElements(tx, ty, pixel);
            }
        }
        return new BufferedImage(cm, dst, cm.isAlphaPremultiplied(), null);
    }
}
