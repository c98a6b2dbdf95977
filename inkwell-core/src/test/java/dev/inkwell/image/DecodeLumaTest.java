package dev.inkwell.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.inkwell.core.InputTooLargeException;
import dev.inkwell.core.InvalidInputException;
import dev.inkwell.testing.SharedData;
import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.color.ICC_Profile;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.WritableRaster;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import javax.imageio.ImageIO;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * A PNG decoded straight to luma and opacity ({@link ImageDecoder#decodeLumaAtMost}) has exactly, to the bit, the
 * values the ImageIO route gives ({@link GrayImages#lumaAndAlpha} of {@code ImageIO.read}), whichever way its rows
 * are split into IDAT chunks; the pictures the fast path does not take still decode, and bad input is refused
 * as before.
 */
class DecodeLumaTest {
    /** Grey, BGR, ABGR, and grey with alpha (PNG colour type 4). */
    private static final int KINDS = 4;

    private static BufferedImage picture(int kind, int w, int h, long seed) {
        if (kind < 3) {
            int[] types = {BufferedImage.TYPE_BYTE_GRAY, BufferedImage.TYPE_3BYTE_BGR, BufferedImage.TYPE_4BYTE_ABGR};
            return PngFastPathTest.picture(types[kind], w, h, seed);
        }
        ComponentColorModel cm = new ComponentColorModel(ColorSpace.getInstance(ColorSpace.CS_GRAY), true, false,
                Transparency.TRANSLUCENT, DataBuffer.TYPE_BYTE);
        WritableRaster raster = cm.createCompatibleWritableRaster(w, h);
        Random r = new Random(seed);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                raster.setSample(x, y, 0, r.nextInt(3) == 0 ? r.nextInt(256) : (x * 5 + y) & 0xff);
                raster.setSample(x, y, 1, r.nextInt(4) == 0 ? 255 : (y * 40 + x) & 0xff);
            }
        }
        return new BufferedImage(cm, raster, false, null);
    }

    private static LumaImage throughImageIo(byte[] png) throws IOException {
        return LumaImage.of(ImageIO.read(new ByteArrayInputStream(png)));
    }

    private static void assertSameBits(LumaImage fast, LumaImage slow) {
        assertThat(fast.width()).isEqualTo(slow.width());
        assertThat(fast.height()).isEqualTo(slow.height());
        assertThat(Arrays.equals(fast.luma(), slow.luma())).as("luma").isTrue();
        if (fast.alpha() == null && slow.alpha() != null) { // the fast path leaves out an all-opaque RGBA picture's ones
            for (float a : slow.alpha()) assertThat(a).as("alpha left out, so every pixel must be opaque").isEqualTo(1f);
        } else {
            assertThat(fast.alpha() == null).isEqualTo(slow.alpha() == null);
            if (fast.alpha() != null) assertThat(Arrays.equals(fast.alpha(), slow.alpha())).as("alpha").isTrue();
        }
    }

    @Property(tries = 80)
    void sameValuesAsImageIoToTheBit(@ForAll @IntRange(min = 0, max = KINDS - 1) int kind, @ForAll @IntRange(min = 1, max = 90) int w,
                                     @ForAll @IntRange(min = 1, max = 60) int h, @ForAll long seed) throws IOException {
        byte[] png = PngFastPathTest.png(picture(kind, w, h, seed));
        LumaImage fast = PngFastPath.decode(png, Long.MAX_VALUE, 0, new PngFastPath.LumaTarget());
        assertThat(fast).as("taken by the fast path").isNotNull();
        assertSameBits(fast, throughImageIo(png));
    }

    /**
     * An RGBA picture opaque up to some pixel (or to the end, as most canvases are), then not: the fast path makes
     * its opacity array only at the first pixel that is not opaque, and has ImageIO's values from there on.
     */
    @Property(tries = 60)
    void opacityLeftOutOnlyWhileEveryPixelIsOpaque(@ForAll @IntRange(min = 1, max = 90) int w, @ForAll @IntRange(min = 1, max = 60) int h,
                                                   @ForAll @IntRange(min = 0, max = 100) int opaquePercent, @ForAll long seed,
                                                   @ForAll boolean wholeInflation) throws IOException {
        Random r = new Random(seed);
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_4BYTE_ABGR);
        int opaque = (int) ((long) w * h * opaquePercent / 100); // pixels opaque before the first that is not
        for (int i = 0; i < w * h; i++) {
            int alpha = i < opaque ? 255 : i == opaque ? r.nextInt(255) : r.nextInt(256);
            img.setRGB(i % w, i / w, alpha << 24 | r.nextInt(1 << 24));
        }
        byte[] png = PngFastPathTest.png(img);
        LumaImage fast = PngFastPath.decode(png, Long.MAX_VALUE, 0, new PngFastPath.LumaTarget(), wholeInflation ? 0 : Long.MAX_VALUE);
        assertThat(fast).isNotNull();
        assertThat(fast.alpha() == null).as("left out exactly when every pixel is opaque").isEqualTo(opaque == w * h);
        assertSameBits(fast, throughImageIo(png));
    }

    @Property(tries = 40)
    void rowsSplitAcrossManySmallIdatChunksDecodeTheSame(@ForAll @IntRange(min = 0, max = KINDS - 1) int kind,
                                                         @ForAll @IntRange(min = 1, max = 13) int chunkBytes, @ForAll long seed) throws IOException {
        Random r = new Random(seed);
        byte[] png = PngFastPathTest.png(picture(kind, 1 + r.nextInt(50), 1 + r.nextInt(30), seed));
        byte[] split = rechunk(png, chunkBytes);
        LumaImage fast = PngFastPath.decode(split, Long.MAX_VALUE, 0, new PngFastPath.LumaTarget());
        assertThat(fast).isNotNull();
        assertSameBits(fast, throughImageIo(png));
        assertSameBits(ImageDecoder.decodeLumaAtMost(split, ImageLimits.DEFAULT, "split.png", 1024).image(), throughImageIo(png));
    }

    @Test
    void aColourProfileIsTakenAndReadAsImageIoReadsIt() throws IOException {
        byte[] plain = PngFastPathTest.png(picture(2, 40, 30, 7));
        byte[] profiled = withChunkAfterHeader(plain, "iCCP", iccp(ICC_Profile.getInstance(ColorSpace.CS_LINEAR_RGB)));
        LumaImage fast = PngFastPath.decode(profiled, Long.MAX_VALUE, 0, new PngFastPath.LumaTarget());
        assertThat(fast).isNotNull();
        assertSameBits(fast, throughImageIo(profiled));
        assertSameBits(fast, throughImageIo(plain)); // ImageIO ignores the profile: so do we
    }

    @Test
    void theSharedPhoneSamplesWithTheirProfilesReadAsThroughImageIo() throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(SharedData.handwritten28px())) {
            files = s.filter(p -> p.toString().endsWith(".png")).sorted().toList();
        }
        assertThat(files).hasSizeGreaterThanOrEqualTo(10);
        for (Path f : files) {
            byte[] png = Files.readAllBytes(f);
            LumaImage fast = PngFastPath.decode(png, Long.MAX_VALUE, 0, new PngFastPath.LumaTarget());
            assertThat(fast).as(f.toString()).isNotNull();
            assertSameBits(fast, throughImageIo(png));
        }
    }

    @Test
    void transparencyChunksPalettesAndSixteenBitsGoThroughImageIoWithTheSameResult() throws IOException {
        byte[] grey = PngFastPathTest.png(picture(0, 30, 20, 3));
        byte[] keyed = withChunkAfterHeader(grey, "tRNS", new byte[] {0, 42}); // grey 42 is transparent
        BufferedImage indexed = new BufferedImage(20, 10, BufferedImage.TYPE_BYTE_INDEXED);
        indexed.setRGB(3, 4, 0xff0000);
        BufferedImage deep = new BufferedImage(20, 10, BufferedImage.TYPE_USHORT_GRAY);
        deep.getRaster().setSample(5, 5, 0, 40_000);
        for (byte[] png : List.of(keyed, PngFastPathTest.png(indexed), PngFastPathTest.png(deep))) {
            assertThat(PngFastPath.decode(png, Long.MAX_VALUE, 0, new PngFastPath.LumaTarget())).isNull();
            assertSameBits(ImageDecoder.decodeLumaAtMost(png, ImageLimits.DEFAULT, "x.png", 1024).image(), throughImageIo(png));
        }
        assertThat(throughImageIo(keyed).alpha()).as("ImageIO applies the key").isNotNull();
    }

    @Test
    void bigPicturesAreLeftToTheSubsamplingDecoderWithTheirSourceSize() throws IOException {
        byte[] png = PngFastPathTest.png(picture(1, 3000, 2000, 4));
        assertThat(PngFastPath.decode(png, Long.MAX_VALUE, 1000, new PngFastPath.LumaTarget())).isNull();
        ImageDecoder.DecodedLuma d = ImageDecoder.decodeLumaAtMost(png, ImageLimits.DEFAULT, "big.png", 1000);
        assertThat(d.sourceWidth()).isEqualTo(3000);
        assertThat(d.sourceHeight()).isEqualTo(2000);
        assertThat(d.image().width()).isEqualTo(1000);
        ImageDecoder.DecodedLuma whole = ImageDecoder.decodeLumaAtMost(png, ImageLimits.DEFAULT, "big.png", 1600);
        assertThat(whole.image().width()).isEqualTo(3000); // less than twice: decoded whole, by the fast path
    }

    @Test
    void limitsAreCheckedBeforeAnythingIsDecoded() throws IOException {
        byte[] png = PngFastPathTest.png(picture(1, 40, 30, 5));
        assertThatThrownBy(() -> ImageDecoder.decodeLumaAtMost(png, new ImageLimits(100, 1_000_000), "a.png", 1024))
                .isInstanceOf(InputTooLargeException.class).hasMessageContaining("a.png");
        assertThatThrownBy(() -> ImageDecoder.decodeLumaAtMost(png, new ImageLimits(1 << 20, 1199), "a.png", 1024))
                .isInstanceOf(InputTooLargeException.class).hasMessageContaining("1199");
        assertThatThrownBy(() -> ImageDecoder.decodeLumaAtMost(new byte[0], ImageLimits.DEFAULT, "a.png", 1024))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("empty input");
    }

    @Property(tries = 150)
    void damagedPngsAreReadOrRefusedWithAReasonNeverCrash(@ForAll long seed, @ForAll @IntRange(min = 1, max = 8) int flips) throws IOException {
        Random r = new Random(seed);
        byte[] png = PngFastPathTest.png(picture(r.nextInt(KINDS), 1 + r.nextInt(60), 1 + r.nextInt(40), seed));
        boolean truncate = r.nextBoolean();
        byte[] bad = truncate ? Arrays.copyOf(png, 8 + r.nextInt(png.length - 8)) : png.clone();
        for (int i = 0; i < flips && !truncate; i++) bad[8 + r.nextInt(bad.length - 8)] = (byte) r.nextInt(256);
        try {
            LumaImage l = ImageDecoder.decodeLumaAtMost(bad, ImageLimits.DEFAULT, "bad.png", 1024).image();
            assertThat(l.luma()).hasSize(l.width() * l.height());
        } catch (InvalidInputException expected) {
            assertThat(expected.getMessage()).startsWith("bad.png: ");
        }
    }

    /** {@code png} with its image data re-split into IDAT chunks of {@code size} bytes (the last one shorter). */
    private static byte[] rechunk(byte[] png, int size) {
        ByteArrayOutputStream idat = new ByteArrayOutputStream();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(png, 0, 8);
        int p = 8;
        boolean written = false;
        while (p + 12 <= png.length) {
            int length = ByteBuffer.wrap(png, p, 4).getInt();
            String type = new String(png, p + 4, 4, StandardCharsets.ISO_8859_1);
            if (type.equals("IDAT")) {
                idat.write(png, p + 8, length);
            } else {
                if (!written && idat.size() > 0) {
                    byte[] all = idat.toByteArray();
                    for (int i = 0; i < all.length; i += size) writeChunk(out, "IDAT", Arrays.copyOfRange(all, i, Math.min(all.length, i + size)));
                    written = true;
                }
                out.write(png, p, length + 12);
            }
            p += length + 12;
        }
        return out.toByteArray();
    }

    private static byte[] withChunkAfterHeader(byte[] png, String type, byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(png, 0, 8 + 25); // signature, IHDR
        writeChunk(out, type, data);
        out.write(png, 33, png.length - 33);
        return out.toByteArray();
    }

    private static byte[] iccp(ICC_Profile profile) {
        Deflater d = new Deflater();
        d.setInput(profile.getData());
        d.finish();
        byte[] buf = new byte[1 << 16];
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes("linear\0\0".getBytes(StandardCharsets.ISO_8859_1)); // name, NUL, compression method 0
        while (!d.finished()) out.write(buf, 0, d.deflate(buf));
        d.end();
        return out.toByteArray();
    }

    private static void writeChunk(ByteArrayOutputStream out, String type, byte[] data) {
        byte[] t = type.getBytes(StandardCharsets.ISO_8859_1);
        out.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
        out.writeBytes(t);
        out.writeBytes(data);
        CRC32 crc = new CRC32();
        crc.update(t);
        crc.update(data);
        out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }
}
