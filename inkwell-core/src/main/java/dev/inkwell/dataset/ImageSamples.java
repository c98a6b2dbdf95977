package dev.inkwell.dataset;

import dev.inkwell.image.ImageDecoder;
import dev.inkwell.image.ImageLimits;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.Raster;

/**
 * Turns decoded pictures into {@link Sample} bytes, grey or RGB. Decoding itself, with its size checks, is
 * {@link ImageDecoder}'s. Transparency is flattened onto white (what a viewer shows); grey uses the ITU-R 601
 * weights, as PIL's {@code convert("L")} does, so values match what the seed projects computed.
 */
public final class ImageSamples {
    private ImageSamples() {
    }

    /** Decodes {@code bytes} (named {@code name} in messages) to a sample with {@code channels} 1 or 3. */
    public static Sample decode(byte[] bytes, String name, int channels, ImageLimits limits, Integer label, String split) {
        return toSample(ImageDecoder.decode(bytes, limits, name), channels, label, name, split);
    }

    /** The sample as a picture (grey or RGB), for reports and contact sheets. */
    public static BufferedImage toBufferedImage(Sample s) {
        BufferedImage img = new BufferedImage(s.width(), s.height(),
                s.channels() == 1 ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < s.height(); y++) {
            for (int x = 0; x < s.width(); x++) {
                if (s.channels() == 1) img.getRaster().setSample(x, y, 0, s.pixel(x, y, 0));
                else img.setRGB(x, y, s.pixel(x, y, 0) << 16 | s.pixel(x, y, 1) << 8 | s.pixel(x, y, 2));
            }
        }
        return img;
    }

    /** Converts a decoded image to grey ({@code channels} 1) or RGB (3) bytes. */
    public static Sample toSample(BufferedImage image, int channels, Integer label, String source, String split) {
        int w = image.getWidth();
        int h = image.getHeight();
        byte[] out = new byte[w * h * channels];
        ColorModel cm = image.getColorModel();
        Raster raster = image.getRaster();
        boolean plainGrey = cm.getNumColorComponents() == 1 && raster.getNumBands() <= 2
                && cm.getColorSpace().getType() == ColorSpace.TYPE_GRAY;
        if (plainGrey) {
            // read grey samples directly: getRGB would apply a gamma conversion to linear grey images
            int shift = Math.max(0, cm.getComponentSize(0) - 8);
            boolean alpha = cm.hasAlpha() && raster.getNumBands() == 2;
            int alphaShift = alpha ? Math.max(0, cm.getComponentSize(1) - 8) : 0;
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    int v = raster.getSample(x, y, 0) >> shift;
                    if (alpha) v = overWhite(v, raster.getSample(x, y, 1) >> alphaShift);
                    int i = (y * w + x) * channels;
                    for (int c = 0; c < channels; c++) out[i + c] = (byte) v;
                }
            }
        } else {
            int[] row = new int[w];
            for (int y = 0; y < h; y++) {
                image.getRGB(0, y, w, 1, row, 0, w);
                for (int x = 0; x < w; x++) {
                    int argb = row[x];
                    int a = argb >>> 24;
                    int r = overWhite((argb >> 16) & 0xFF, a);
                    int g = overWhite((argb >> 8) & 0xFF, a);
                    int b = overWhite(argb & 0xFF, a);
                    int i = (y * w + x) * channels;
                    if (channels == 1) {
                        out[i] = (byte) ((r * 19595 + g * 38470 + b * 7471 + 0x8000) >> 16);
                    } else {
                        out[i] = (byte) r;
                        out[i + 1] = (byte) g;
                        out[i + 2] = (byte) b;
                    }
                }
            }
        }
        return new Sample(null, label, out, w, h, channels, source, split);
    }

    private static int overWhite(int value, int alpha) {
        return alpha == 255 ? value : (value * alpha + 255 * (255 - alpha) + 127) / 255;
    }
}
