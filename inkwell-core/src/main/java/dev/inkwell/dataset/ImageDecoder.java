package dev.inkwell.dataset;

import dev.inkwell.core.InputLocation;
import dev.inkwell.core.InvalidInputException;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.Raster;
import java.io.IOException;
import java.io.InputStream;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Decodes PNG, JPEG, GIF and BMP (anything ImageIO reads) into grey or RGB bytes. The size is checked from the
 * header before any pixel is decoded, so a small file announcing a huge image cannot exhaust memory.
 * Transparency is flattened onto white (what a viewer shows); grey uses the ITU-R 601 weights, as PIL's
 * {@code convert("L")} does, so values match what the seed projects computed.
 */
public final class ImageDecoder {
    /** Limits for one image. */
    public record Limits(long maxBytes, long maxPixels) {
        public static final Limits DEFAULT = new Limits(32L << 20, 4096L * 4096L);
    }

    private ImageDecoder() {
    }

    /** Decodes {@code in} (named {@code name} in messages) to a sample with {@code channels} 1 or 3. */
    public static Sample decode(InputStream in, String name, int channels, Limits limits, Integer label, String split) {
        InputLocation where = InputLocation.file(name);
        BufferedImage image;
        try (ImageInputStream iis = ImageIO.createImageInputStream(in)) {
            if (iis == null) throw new InvalidInputException(where, "cannot read the image data");
            Iterator<ImageReader> readers = ImageIO.getImageReaders(iis);
            if (!readers.hasNext()) {
                throw new InvalidInputException(where, "not an image: expected PNG, JPEG, GIF or BMP data");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(iis, true, true);
                int w = reader.getWidth(0);
                int h = reader.getHeight(0);
                if (w <= 0 || h <= 0 || (long) w * h > limits.maxPixels()) {
                    throw new InvalidInputException(where, "image is " + w + "x" + h + " pixels: at most "
                            + limits.maxPixels() + " pixels are accepted");
                }
                image = reader.read(0);
            } finally {
                reader.dispose();
            }
        } catch (InvalidInputException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            // ImageIO plugins report corrupt data with a mix of IOException and runtime exceptions
            throw new InvalidInputException(where, "corrupt or unsupported image: " + e.getMessage(), e);
        }
        return toSample(image, channels, label, name, split);
    }

    /** Converts a decoded image to grey ({@code channels} 1) or RGB (3) bytes. */
    public static Sample toSample(BufferedImage image, int channels, Integer label, String source, String split) {
        int w = image.getWidth();
        int h = image.getHeight();
        byte[] out = new byte[w * h * channels];
        ColorModel cm = image.getColorModel();
        Raster raster = image.getRaster();
        boolean plainGrey = cm.getNumColorComponents() == 1 && raster.getNumBands() <= 2
                && cm.getColorSpace().getType() == java.awt.color.ColorSpace.TYPE_GRAY;
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
