package dev.inkwell.image;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;

/** Conversions of {@link GrayImage}: to and from {@link BufferedImage}, and to PNG bytes so users see what a model saw. */
public final class GrayImages {
    private GrayImages() {
    }

    /** An 8-bit grey picture of {@code image}, values rounded and clamped to 0–255. */
    public static BufferedImage toBufferedImage(GrayImage image) {
        BufferedImage out = new BufferedImage(image.width(), image.height(), BufferedImage.TYPE_BYTE_GRAY);
        byte[] row = new byte[image.width()];
        float[] px = image.pixels();
        for (int y = 0; y < image.height(); y++) {
            for (int x = 0; x < image.width(); x++) {
                row[x] = (byte) clampToByte(px[y * image.width() + x]);
            }
            out.getRaster().setDataElements(0, y, image.width(), 1, row);
        }
        return out;
    }

    /** PNG bytes of {@code image} at its own size (8-bit grey). */
    public static byte[] toPng(GrayImage image) {
        return toPng(toBufferedImage(image));
    }

    /** PNG bytes of {@code image} enlarged {@code zoom} times with hard pixel edges, for looking at 28×28 inputs. */
    public static byte[] toPng(GrayImage image, int zoom) {
        if (zoom < 1 || zoom > 64) throw new IllegalArgumentException("zoom must be 1..64");
        int w = image.width() * zoom;
        int h = image.height() * zoom;
        float[] big = new float[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                big[y * w + x] = image.at(x / zoom, y / zoom);
            }
        }
        return toPng(new GrayImage(w, h, big));
    }

    public static byte[] toPng(BufferedImage image) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            if (!ImageIO.write(image, "png", out)) {
                throw new IllegalStateException("no PNG writer available");
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Luminance (ITU-R BT.601, as ImageIO and PIL's "L" mode) of every pixel, ignoring alpha. */
    public static GrayImage luminance(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        float[] px = new float[w * h];
        int[] row = new int[w];
        for (int y = 0; y < h; y++) {
            image.getRGB(0, y, w, 1, row, 0, w);
            for (int x = 0; x < w; x++) {
                int argb = row[x];
                px[y * w + x] = 0.299f * ((argb >> 16) & 0xff) + 0.587f * ((argb >> 8) & 0xff) + 0.114f * (argb & 0xff);
            }
        }
        return new GrayImage(w, h, px);
    }

    static int clampToByte(float v) {
        if (!(v > 0)) return 0; // also maps NaN to 0
        if (v >= 255) return 255;
        return Math.round(v);
    }
}
