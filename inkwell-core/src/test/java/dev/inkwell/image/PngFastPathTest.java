package dev.inkwell.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.inkwell.core.InvalidInputException;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.Locale;
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

    /** Both ways of inflating the rows (whole with libdeflate, a row at a time with zlib) give ImageIO's pixels. */
    @Property(tries = 60)
    void wholeAndRowByRowInflationGiveTheSamePixels(@ForAll @IntRange(min = 0, max = 2) int kind,
                                                    @ForAll @IntRange(min = 1, max = 90) int w,
                                                    @ForAll @IntRange(min = 1, max = 60) int h, @ForAll long seed) throws IOException {
        byte[] bytes = png(picture(TYPES[kind], w, h, seed));
        int[] slow = pixels(ImageIO.read(new ByteArrayInputStream(bytes)));
        assertThat(pixels(PngFastPath.decode(bytes, Long.MAX_VALUE, 0, new PngFastPath.ImageTarget(), 0))).isEqualTo(slow);
        assertThat(pixels(PngFastPath.decode(bytes, Long.MAX_VALUE, 0, new PngFastPath.ImageTarget(), Long.MAX_VALUE))).isEqualTo(slow);
    }

    @Test
    void libdeflateIsThereWhereAircompressorShipsIt() {
        String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch");
        boolean shipped = (os.contains("linux") && (arch.equals("amd64") || arch.equals("aarch64")))
                || (os.contains("mac") && arch.equals("aarch64"));
        // the whole-buffer path is the point of the speed-up: on JDK 25+ where the library is bundled it must load
        assertThat(WholeInflate.available()).isEqualTo(shipped && Runtime.version().feature() >= 25);
    }

    /** The whole path's row buffers are reused: a small picture after a large one never sees the large one's rows. */
    @Test
    void aReusedRowBufferHoldsNothingOfThePictureBefore() throws IOException {
        byte[] large = png(picture(BufferedImage.TYPE_4BYTE_ABGR, 500, 400, 11));
        byte[] small = png(picture(BufferedImage.TYPE_BYTE_GRAY, 120, 90, 12));
        int[] smallExpected = pixels(ImageIO.read(new ByteArrayInputStream(small)));
        int[] largeExpected = pixels(ImageIO.read(new ByteArrayInputStream(large)));
        for (int i = 0; i < 4; i++) {
            assertThat(pixels(PngFastPath.decode(large, Long.MAX_VALUE, 0, new PngFastPath.ImageTarget(), 0))).isEqualTo(largeExpected);
            assertThat(pixels(PngFastPath.decode(small, Long.MAX_VALUE, 0, new PngFastPath.ImageTarget(), 0))).isEqualTo(smallExpected);
        }
        if (WholeInflate.available()) assertThat(RowBuffers.kept()).isPositive();
    }

    @Test
    void aZlibStreamSplitOverManyChunksIsInflatedWhole() throws IOException {
        BufferedImage noisy = picture(BufferedImage.TYPE_4BYTE_ABGR, 300, 200, 9); // ~100 KB compressed: several IDATs
        byte[] bytes = png(noisy);
        assertThat(idatChunks(bytes)).isGreaterThan(1);
        int[] slow = pixels(ImageIO.read(new ByteArrayInputStream(bytes)));
        assertThat(pixels(PngFastPath.decode(bytes, Long.MAX_VALUE, 0, new PngFastPath.ImageTarget(), 0))).isEqualTo(slow);
        assertThat(pixels(PngFastPath.decode(bytes, Long.MAX_VALUE, 0, new PngFastPath.ImageTarget()))).isEqualTo(slow);
    }

    @Test
    void aStreamThatInflatesToTooMuchOrTooLittleIsNotTakenWhole() throws IOException {
        // the IHDR says one row more (or less) than the data holds: libdeflate's answer is not used
        byte[] bytes = png(picture(BufferedImage.TYPE_BYTE_GRAY, 400, 300, 5));
        for (int delta : new int[] {-1, 1}) {
            byte[] lying = bytes.clone();
            int height = 300 + delta;
            lying[8 + 8 + 4] = (byte) (height >>> 24);
            lying[8 + 8 + 5] = (byte) (height >>> 16);
            lying[8 + 8 + 6] = (byte) (height >>> 8);
            lying[8 + 8 + 7] = (byte) height;
            BufferedImage whole = PngFastPath.decode(lying, Long.MAX_VALUE, 0, new PngFastPath.ImageTarget(), 0);
            BufferedImage rows = PngFastPath.decode(lying, Long.MAX_VALUE, 0, new PngFastPath.ImageTarget(), Long.MAX_VALUE);
            if (delta > 0) { // data for 300 rows, 301 wanted: truncated either way
                assertThat(whole).isNull();
                assertThat(rows).isNull();
            } else { // the rows it wants are there, with data left over: the row path's answer, the first 299 rows
                assertThat(whole).isNotNull();
                assertThat(pixels(whole)).isEqualTo(pixels(rows));
                assertThat(whole.getHeight()).isEqualTo(299);
            }
        }
    }

    @Property(tries = 100)
    void damagedStreamsInflatedWholeNeverThrowAndAgreeWithTheRowPath(@ForAll long seed, @ForAll @IntRange(min = 1, max = 8) int flips)
            throws IOException {
        Random r = new Random(seed);
        byte[] bytes = png(picture(TYPES[r.nextInt(3)], 1 + r.nextInt(120), 1 + r.nextInt(80), seed));
        boolean truncate = r.nextBoolean();
        byte[] bad = truncate ? Arrays.copyOf(bytes, 8 + r.nextInt(bytes.length - 8)) : bytes.clone();
        for (int i = 0; i < flips && !truncate; i++) bad[8 + r.nextInt(bad.length - 8)] = (byte) r.nextInt(256);
        BufferedImage whole = PngFastPath.decode(bad, Long.MAX_VALUE, 0, new PngFastPath.ImageTarget(), 0);
        BufferedImage rows = PngFastPath.decode(bad, Long.MAX_VALUE, 0, new PngFastPath.ImageTarget(), Long.MAX_VALUE);
        if (whole != null && rows != null) assertThat(pixels(whole)).isEqualTo(pixels(rows));
        if (truncate && rows == null) assertThat(whole).isNull(); // cut short: no made-up rows
    }

    private static int[] pixels(BufferedImage img) {
        assertThat(img).isNotNull();
        return img.getRaster().getPixels(0, 0, img.getWidth(), img.getHeight(), (int[]) null);
    }

    private static int idatChunks(byte[] png) {
        int n = 0;
        for (int p = 8; p + 8 <= png.length; ) {
            int length = ((png[p] & 0xff) << 24) | ((png[p + 1] & 0xff) << 16) | ((png[p + 2] & 0xff) << 8) | (png[p + 3] & 0xff);
            if (png[p + 4] == 'I' && png[p + 5] == 'D' && png[p + 6] == 'A' && png[p + 7] == 'T') n++;
            p += 12 + length;
        }
        return n;
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
