package dev.inkwell.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.inkwell.core.InvalidInputException;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.Random;
import javax.imageio.ImageIO;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** The PNG fast path gives exactly what ImageIO gives, and leaves everything it does not take to ImageIO. */
class PngFastPathTest {
    private static final int[] TYPES = {BufferedImage.TYPE_BYTE_GRAY, BufferedImage.TYPE_3BYTE_BGR, BufferedImage.TYPE_4BYTE_ABGR};

    /** Smooth areas, edges and noise, so that ImageIO's writer picks every row filter (None, Sub, Up, Average, Paeth). */
    static BufferedImage picture(int type, int w, int h, long seed) {
        Random r = new Random(seed);
        BufferedImage img = new BufferedImage(w, h, type);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int base = (x * 7 + y * 3) & 0xff;
                int noise = r.nextInt(4) == 0 ? r.nextInt(256) : base;
                int alpha = type == BufferedImage.TYPE_4BYTE_ABGR ? (y * 255 / Math.max(1, h - 1)) : 255;
                img.setRGB(x, y, alpha << 24 | noise << 16 | base << 8 | (x < w / 2 ? 255 - base : noise));
            }
        }
        return img;
    }

    /** The picture in ImageIO's layout, or null when it is not a PNG the fast path takes. */
    private static BufferedImage decode(byte[] png, long maxPixels) {
        return PngFastPath.decode(png, maxPixels, 0, new PngFastPath.ImageTarget());
    }

    static byte[] png(BufferedImage img) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThat(ImageIO.write(img, "png", out)).isTrue();
        return out.toByteArray();
    }

    @Property(tries = 60)
    void samePixelsAndLayoutAsImageIo(@ForAll @IntRange(min = 0, max = 2) int kind, @ForAll @IntRange(min = 1, max = 90) int w,
                                      @ForAll @IntRange(min = 1, max = 60) int h, @ForAll long seed) throws IOException {
        byte[] bytes = png(picture(TYPES[kind], w, h, seed));
        BufferedImage fast = decode(bytes, Long.MAX_VALUE);
        BufferedImage slow = ImageIO.read(new ByteArrayInputStream(bytes));
        assertThat(fast).isNotNull();
        assertThat(fast.getType()).isEqualTo(slow.getType());
        assertThat(fast.getWidth()).isEqualTo(slow.getWidth());
        assertThat(fast.getHeight()).isEqualTo(slow.getHeight());
        int[] a = fast.getRaster().getPixels(0, 0, w, h, (int[]) null);
        int[] b = slow.getRaster().getPixels(0, 0, w, h, (int[]) null);
        assertThat(a).isEqualTo(b);
    }

    @Property(tries = 100)
    void truncatedOrDamagedPngsAreLeftToImageIo(@ForAll long seed, @ForAll @IntRange(min = 1, max = 8) int flips) throws IOException {
        Random r = new Random(seed);
        byte[] bytes = png(picture(TYPES[r.nextInt(3)], 1 + r.nextInt(60), 1 + r.nextInt(40), seed));
        boolean truncate = r.nextBoolean();
        byte[] bad = truncate ? Arrays.copyOf(bytes, 8 + r.nextInt(bytes.length - 8)) : bytes.clone();
        for (int i = 0; i < flips && !truncate; i++) bad[8 + r.nextInt(bad.length - 8)] = (byte) r.nextInt(256);
        decode(bad, Long.MAX_VALUE); // null or a picture, never an exception
        try {
            ImageDecoder.decode(bad);
        } catch (InvalidInputException expected) {
            assertThat(expected.getMessage()).startsWith("<image>: ");
        }
    }

    @Test
    void palettesSixteenBitsAndOversizedPicturesAreNotTaken() throws IOException {
        BufferedImage indexed = new BufferedImage(20, 10, BufferedImage.TYPE_BYTE_INDEXED);
        assertThat(decode(png(indexed), Long.MAX_VALUE)).isNull();
        BufferedImage deep = new BufferedImage(20, 10, BufferedImage.TYPE_USHORT_GRAY);
        assertThat(decode(png(deep), Long.MAX_VALUE)).isNull();
        byte[] grey = png(picture(BufferedImage.TYPE_BYTE_GRAY, 20, 10, 1));
        assertThat(decode(grey, 199)).isNull();
        assertThat(decode(new byte[] {1, 2, 3}, Long.MAX_VALUE)).isNull();
    }

    @Test
    void aTruncatedPngStillGetsImageIosReason() throws IOException {
        byte[] bytes = png(picture(BufferedImage.TYPE_3BYTE_BGR, 80, 60, 3));
        byte[] cut = Arrays.copyOf(bytes, bytes.length / 2);
        assertThat(decode(cut, Long.MAX_VALUE)).isNull();
        assertThatThrownBy(() -> ImageDecoder.decode(cut)).isInstanceOf(InvalidInputException.class);
    }

    @Test
    void bigPicturesAreDecodedSubsampledWithTheirSourceSize() throws IOException {
        byte[] bytes = png(picture(BufferedImage.TYPE_3BYTE_BGR, 3000, 2000, 4));
        ImageDecoder.Decoded d = ImageDecoder.decodeAtMost(bytes, ImageLimits.DEFAULT, "big.png", 1000);
        assertThat(d.sourceWidth()).isEqualTo(3000);
        assertThat(d.sourceHeight()).isEqualTo(2000);
        assertThat(d.image().getWidth()).isEqualTo(1000); // every 3rd pixel
        assertThat(d.image().getHeight()).isEqualTo(667);
        ImageDecoder.Decoded small = ImageDecoder.decodeAtMost(bytes, ImageLimits.DEFAULT, "big.png", 1600);
        assertThat(small.image().getWidth()).isEqualTo(3000); // less than twice: decoded whole
    }
}
