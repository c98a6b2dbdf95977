package dev.inkwell.image;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.DataBufferByte;
import java.awt.image.IndexColorModel;
import java.awt.image.PixelInterleavedSampleModel;
import java.awt.image.WritableRaster;
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
        float[] px = image.pixels();
        byte[] grey = new byte[px.length];
        for (int i = 0; i < px.length; i++) grey[i] = (byte) clampToByte(px[i]);
        return PngEncoder.grey(grey, image.width(), image.height());
    }

    /**
     * PNG bytes of {@code image} as an opaque RGBA picture, the kind a web page's canvas sends (grey levels in all
     * three colours), written without AWT.
     */
    public static byte[] toOpaqueRgbaPng(GrayImage image) {
        float[] px = image.pixels();
        byte[] rgba = new byte[px.length * 4];
        for (int i = 0, o = 0; i < px.length; i++) {
            byte v = (byte) clampToByte(px[i]);
            rgba[o++] = v;
            rgba[o++] = v;
            rgba[o++] = v;
            rgba[o++] = (byte) 255;
        }
        return PngEncoder.rgba(rgba, image.width(), image.height());
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
        return new GrayImage(image.getWidth(), image.getHeight(), lumaAndAlpha(image)[0]);
    }

    /**
     * Luminance (0–255) and, when the image has an alpha channel, opacity (0–1) of every pixel. Grey images are
     * read from their raster as stored: going through {@code getRGB} would apply Java's linear-grey-to-sRGB
     * conversion and brighten every mid-tone (a 128 in the file would become about 186).
     */
    public static float[][] lumaAndAlpha(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        boolean hasAlpha = image.getColorModel().hasAlpha();
        float[] lum = new float[w * h];
        float[] alpha = hasAlpha ? new float[w * h] : null;
        boolean grey = image.getColorModel().getColorSpace().getType() == ColorSpace.TYPE_GRAY
                && !(image.getColorModel() instanceof IndexColorModel);
        if (grey) {
            WritableRaster raster = image.getRaster();
            int bits = image.getColorModel().getComponentSize(0);
            float scale = 255f / ((1 << bits) - 1);
            int[] row = new int[w];
            for (int y = 0; y < h; y++) {
                raster.getSamples(0, y, w, 1, 0, row);
                for (int x = 0; x < w; x++) lum[y * w + x] = row[x] * scale;
                if (alpha != null) {
                    int alphaBits = image.getColorModel().getComponentSize(raster.getNumBands() - 1);
                    float alphaScale = 1f / ((1 << alphaBits) - 1);
                    raster.getSamples(0, y, w, 1, raster.getNumBands() - 1, row);
                    for (int x = 0; x < w; x++) alpha[y * w + x] = row[x] * alphaScale;
                }
            }
            return new float[][] {lum, alpha};
        }
        if (isPlainRgb(image) && interleavedBytes(image.getRaster()) != null) { // the decoders' own layouts: no copies
            lumaAndAlphaOfBytes(image.getRaster(), lum, alpha);
            return new float[][] {lum, alpha};
        }
        if (isPlainRgb(image)) { // read samples straight from the raster: getRGB converts pixel by pixel
            WritableRaster raster = image.getRaster();
            int bands = raster.getNumBands();
            int[] samples = new int[w * bands];
            for (int y = 0; y < h; y++) {
                raster.getPixels(0, y, w, 1, samples);
                for (int x = 0; x < w; x++) {
                    int s = x * bands;
                    lum[y * w + x] = 0.299f * samples[s] + 0.587f * samples[s + 1] + 0.114f * samples[s + 2];
                    if (alpha != null) alpha[y * w + x] = samples[s + 3] / 255f;
                }
            }
            return new float[][] {lum, alpha};
        }
        int[] row = new int[w];
        for (int y = 0; y < h; y++) {
            image.getRGB(0, y, w, 1, row, 0, w);
            for (int x = 0; x < w; x++) {
                int argb = row[x];
                lum[y * w + x] = 0.299f * ((argb >> 16) & 0xff) + 0.587f * ((argb >> 8) & 0xff) + 0.114f * (argb & 0xff);
                if (alpha != null) alpha[y * w + x] = (argb >>> 24) / 255f;
            }
        }
        return new float[][] {lum, alpha};
    }

    /**
     * The band offsets of a raster whose samples lie interleaved in one byte array, one pixel after the other (what
     * PNG and JPEG decode to: 3BYTE_BGR, 4BYTE_ABGR), or null for any other layout.
     */
    private static int[] interleavedBytes(WritableRaster raster) {
        if (!(raster.getDataBuffer() instanceof DataBufferByte buffer) || buffer.getNumBanks() != 1
                || !(raster.getSampleModel() instanceof PixelInterleavedSampleModel model)
                || raster.getSampleModelTranslateX() != 0 || raster.getSampleModelTranslateY() != 0
                || model.getPixelStride() != raster.getNumBands()) {
            return null;
        }
        return model.getBandOffsets();
    }

    /** {@link #lumaAndAlpha} straight from the raster's bytes, laid out as {@link #interleavedBytes} checked. */
    private static void lumaAndAlphaOfBytes(WritableRaster raster, float[] lum, float[] alpha) {
        byte[] data = ((DataBufferByte) raster.getDataBuffer()).getData();
        PixelInterleavedSampleModel model = (PixelInterleavedSampleModel) raster.getSampleModel();
        int[] offsets = model.getBandOffsets();
        int stride = model.getPixelStride();
        int scanline = model.getScanlineStride();
        int r = offsets[0];
        int g = offsets[1];
        int b = offsets[2];
        int a = alpha != null ? offsets[3] : 0;
        int w = raster.getWidth();
        int h = raster.getHeight();
        for (int y = 0; y < h; y++) {
            int p = y * scanline;
            int o = y * w;
            for (int x = 0; x < w; x++, p += stride) {
                lum[o + x] = 0.299f * (data[p + r] & 0xff) + 0.587f * (data[p + g] & 0xff) + 0.114f * (data[p + b] & 0xff);
                if (alpha != null) alpha[o + x] = (data[p + a] & 0xff) / 255f;
            }
        }
    }

    /** 8-bit sRGB samples in R, G, B(, A) band order, alpha not premultiplied: what PNG, JPEG and BMP decode to. */
    private static boolean isPlainRgb(BufferedImage image) {
        ColorModel cm = image.getColorModel();
        if (cm instanceof IndexColorModel || !cm.getColorSpace().isCS_sRGB() || cm.isAlphaPremultiplied()) return false;
        int bands = image.getRaster().getNumBands();
        if (bands != (cm.hasAlpha() ? 4 : 3) || cm.getNumComponents() != bands) return false;
        for (int i = 0; i < bands; i++) {
            if (cm.getComponentSize(i) != 8) return false;
        }
        return true;
    }

    static int clampToByte(float v) {
        if (!(v > 0)) return 0; // also maps NaN to 0
        if (v >= 255) return 255;
        return Math.round(v);
    }
}
