package dev.inkwell.image;

import dev.inkwell.core.InputLocation;
import dev.inkwell.core.InputTooLargeException;
import dev.inkwell.core.InvalidInputException;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decodes PNG, JPEG, GIF, BMP, WebP and TIFF (the last two through the TwelveMonkeys ImageIO plugins) into a
 * {@link BufferedImage}, refusing hostile input before paying for it: the byte size is checked first, then the
 * dimensions are read from the header and checked against {@link ImageLimits#maxPixels()} before any pixel
 * buffer is allocated. JPEGs are turned upright as their EXIF orientation says (phone photos). Every failure is
 * an {@link InvalidInputException} with a one-line reason.
 */
public final class ImageDecoder {
    private static final Logger LOG = LoggerFactory.getLogger(ImageDecoder.class);
    private static final String DEFAULT_NAME = "<image>";

    static {
        ImageIO.setUseCache(false); // decode in memory: no temp files under concurrent requests
        ImageIO.scanForPlugins();
    }

    private ImageDecoder() {
    }

    public static BufferedImage decode(byte[] bytes) {
        return decode(bytes, ImageLimits.DEFAULT, DEFAULT_NAME);
    }

    public static BufferedImage decode(byte[] bytes, ImageLimits limits) {
        return decode(bytes, limits, DEFAULT_NAME);
    }

    /** Decodes the first frame of {@code bytes}; {@code sourceName} names the input in error messages. */
    public static BufferedImage decode(byte[] bytes, ImageLimits limits, String sourceName) {
        return decodeAtMost(bytes, limits, sourceName, 0).image();
    }

    /**
     * A decoded picture and the size of the picture it was decoded from (larger when it was subsampled), both
     * turned upright as its EXIF orientation says.
     */
    public record Decoded(BufferedImage image, int sourceWidth, int sourceHeight) {
    }

    /**
     * As {@link #decode(byte[], ImageLimits, String)}, for a caller that looks at no more than about
     * {@code neededSide} px along the picture's long side (0: all of it). A picture at least twice that long is
     * decoded with source subsampling (every s-th pixel of every s-th row, the long side kept at {@code neededSide}
     * or more): a 40-megapixel upload never lives in memory at full size, and the decoder writes s² times fewer
     * pixels. Strokes narrower than s pixels can lose pieces; at that size they are hairlines the analysis would
     * average away anyway. A large baseline JPEG is instead read as its luma at 1/2, 1/4 or 1/8 scale from its DCT
     * coefficients ({@link #scaledLuma}), which averages rather than drops pixels.
     */
    public static Decoded decodeAtMost(byte[] bytes, ImageLimits limits, String sourceName, int neededSide) {
        InputLocation where = checkBytes(bytes, limits, sourceName);
        if (PngFastPath.isPng(bytes)) { // most pictures: a drawing page's canvas, a screenshot
            BufferedImage fast = PngFastPath.decode(bytes, limits.maxPixels(), neededSide, new PngFastPath.ImageTarget());
            if (fast != null) return new Decoded(fast, fast.getWidth(), fast.getHeight());
        }
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw new InvalidInputException(where,
                        "not a recognised image: expected PNG, JPEG, GIF, BMP, WebP or TIFF" + describeStart(bytes));
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                String format = reader.getFormatName().toLowerCase(Locale.ROOT);
                int width;
                int height;
                try {
                    width = reader.getWidth(0);
                    height = reader.getHeight(0);
                } catch (IOException | RuntimeException e) {
                    throw new InvalidInputException(where, "unreadable " + format + " header: " + reason(e), e);
                }
                if (width <= 0 || height <= 0) {
                    throw new InvalidInputException(where, format + " image has no pixels (" + width + "×" + height + ")");
                }
                long pixels = (long) width * height;
                if (pixels > limits.maxPixels()) {
                    throw new InputTooLargeException(where, format + " image is " + width + "×" + height + " = " + pixels
                            + " pixels, more than the limit of " + limits.maxPixels());
                }
                int step = neededSide > 0 ? Math.max(width, height) / neededSide : 1;
                boolean jpeg = format.contains("jpeg") || format.contains("jpg");
                if (step >= 2 && jpeg) {
                    BufferedImage luma = scaledLuma(bytes, Math.max(width, height), neededSide, limits.maxPixels());
                    if (luma != null) return upright(luma, bytes, width, height);
                }
                ImageReadParam param = reader.getDefaultReadParam();
                if (step >= 2) param.setSourceSubsampling(step, step, 0, 0);
                List<String> warnings = new ArrayList<>();
                reader.addIIOReadWarningListener((source, warning) -> warnings.add(warning));
                BufferedImage image;
                try {
                    image = reader.read(0, param);
                } catch (IOException | RuntimeException e) {
                    throw new InvalidInputException(where, "cannot decode this " + format
                            + " image (corrupt, truncated or an unsupported variant): " + reason(e), e);
                }
                for (String warning : warnings) {
                    // the JPEG decoder fills a truncated file with grey and only warns: that is not a usable picture
                    if (warning != null && warning.toLowerCase(Locale.ROOT).contains("premature end")) {
                        throw new InvalidInputException(where, "truncated " + format + " image: " + warning);
                    }
                }
                if (image == null) {
                    throw new InvalidInputException(where, "the " + format + " decoder returned no image");
                }
                return jpeg ? upright(image, bytes, width, height) : new Decoded(image, width, height);
            } finally {
                reader.dispose();
            }
        } catch (IOException e) {
            throw new InvalidInputException(where, "cannot read image: " + reason(e), e);
        } catch (OutOfMemoryError e) {
            // a header may lie about what the decoder allocates; this is a refusal, not a crash of the process
            throw new InvalidInputException(where, "image needs more memory to decode than is available");
        }
    }

    /**
     * A decoded picture's luma and opacity, and the size of the picture it was decoded from (see {@link Decoded}).
     * Closing it hands its arrays back for the next picture of the same size ({@link PictureArrays}): a canvas is then
     * decoded into memory already made instead of a new picture-sized array per request. Whoever closes it must hold
     * nothing that shares the image's arrays (preprocessing's results never do: it makes its crops anew); a reading
     * that is never closed only leaves its arrays to the collector.
     */
    public static final class DecodedLuma implements AutoCloseable {
        private final LumaImage image;
        private final int sourceWidth;
        private final int sourceHeight;
        private final AtomicBoolean open = new AtomicBoolean(true);

        DecodedLuma(LumaImage image, int sourceWidth, int sourceHeight) {
            this.image = Objects.requireNonNull(image, "image");
            this.sourceWidth = sourceWidth;
            this.sourceHeight = sourceHeight;
        }

        public LumaImage image() {
            return image;
        }

        public int sourceWidth() {
            return sourceWidth;
        }

        public int sourceHeight() {
            return sourceHeight;
        }

        /** Hands the arrays back, once: a second close does nothing (an array handed back twice would have two users). */
        @Override
        public void close() {
            if (!open.compareAndSet(true, false)) return;
            PictureArrays.give(image.luma());
            PictureArrays.give(image.alpha());
        }
    }

    /**
     * As {@link #decodeAtMost}, as luma and opacity: what preprocessing reads. A PNG the fast path takes (8-bit grey,
     * grey with alpha, RGB or RGBA, not interlaced, no transparency chunk; the canvas of a drawing page, a screenshot)
     * is inflated, unfiltered and converted a row at a time, never held as a picture of bytes; every other picture
     * is decoded as {@link #decodeAtMost} does and converted. The values are the same to the bit either way. Close
     * the result once done with its image (try-with-resources): its arrays then serve the next picture.
     */
    public static DecodedLuma decodeLumaAtMost(byte[] bytes, ImageLimits limits, String sourceName, int neededSide) {
        checkBytes(bytes, limits, sourceName);
        if (PngFastPath.isPng(bytes)) {
            LumaImage fast = PngFastPath.decode(bytes, limits.maxPixels(), neededSide, new PngFastPath.LumaTarget());
            if (fast != null) return new DecodedLuma(fast, fast.width(), fast.height());
        }
        Decoded d = decodeAtMost(bytes, limits, sourceName, neededSide);
        return new DecodedLuma(LumaImage.of(d.image()), d.sourceWidth(), d.sourceHeight());
    }

    /** Refuses empty and oversized input before anything is parsed; where the input is, for messages. */
    private static InputLocation checkBytes(byte[] bytes, ImageLimits limits, String sourceName) {
        InputLocation where = InputLocation.file(sourceName == null ? DEFAULT_NAME : sourceName);
        if (bytes == null || bytes.length == 0) {
            throw new InvalidInputException(where, "empty input: expected an image (PNG, JPEG, GIF, BMP, WebP or TIFF)");
        }
        if (bytes.length > limits.maxBytes()) {
            throw new InputTooLargeException(where, "image is " + bytes.length + " bytes, more than the limit of "
                    + limits.maxBytes() + " bytes");
        }
        return where;
    }

    /** A JPEG's picture turned as its EXIF orientation says, with the source's size turned alike. */
    private static Decoded upright(BufferedImage image, byte[] jpeg, int width, int height) {
        int orientation = ExifOrientation.read(jpeg);
        BufferedImage upright = ExifOrientation.apply(image, orientation);
        boolean turned = orientation >= 5 && orientation <= 8; // a quarter turn: width and height swap
        return turned ? new Decoded(upright, height, width) : new Decoded(upright, width, height);
    }

    /**
     * A large baseline JPEG's luma at 1/2, 1/4 or 1/8 scale from its DCT coefficients ({@link JpegScaledLuma}): the
     * largest of those that keeps the long side at three quarters of {@code neededSide} or more (a 4000×3000 photo is
     * read at 1000×750 — its 8×8 blocks are never inverse-transformed at full size). Null when the picture is another
     * kind of JPEG or its data is damaged: ImageIO then reads it, and says what is wrong.
     */
    private static BufferedImage scaledLuma(byte[] jpeg, int longSide, int neededSide, long maxPixels) {
        int scale = 8;
        while (scale > 2 && longSide / scale < neededSide * 3 / 4) scale /= 2;
        if (longSide / scale < neededSide * 3 / 4) return null;
        try {
            return JpegScaledLuma.decode(jpeg, scale, maxPixels);
        } catch (JpegScaledLuma.Broken e) {
            LOG.debug("scaled JPEG decoding gave way to ImageIO: {}", e.getMessage());
            return null;
        }
    }

    private static String reason(Throwable e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }

    private static String describeStart(byte[] bytes) {
        int n = Math.min(bytes.length, 8);
        StringBuilder s = new StringBuilder(" (starts with bytes");
        for (int i = 0; i < n; i++) {
            s.append(String.format(" %02x", bytes[i] & 0xff));
        }
        return s.append(')').toString();
    }
}
