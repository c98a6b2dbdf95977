package dev.inkwell.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.inkwell.core.InputTooLargeException;
import dev.inkwell.core.InvalidInputException;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ImageDecoderTest {
    static byte[] encode(BufferedImage img, String format) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThat(ImageIO.write(img, format, out)).as("writer for %s", format).isTrue();
        return out.toByteArray();
    }

    static BufferedImage sample() {
        BufferedImage img = new BufferedImage(40, 30, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, 40, 30);
        g.setColor(Color.BLACK);
        g.fillRect(10, 5, 5, 20);
        g.dispose();
        return img;
    }

    @ParameterizedTest
    @ValueSource(strings = {"png", "jpeg", "gif", "bmp", "tiff", "webp"})
    void decodesEveryAdvertisedFormat(String format) throws Exception {
        byte[] bytes;
        if (format.equals("webp")) {
            // TwelveMonkeys reads WebP but cannot write it: a 1×1 lossless WebP, hand-assembled
            bytes = HexFormat.of().parseHex(
                    "524946461a000000574542505650384c0d0000002f0000001007101111888808" + "0000");
            BufferedImage img = ImageDecoder.decode(Arrays.copyOf(bytes, 34));
            assertThat(img.getWidth()).isEqualTo(1);
            return;
        }
        bytes = encode(sample(), format);
        BufferedImage img = ImageDecoder.decode(bytes);
        assertThat(img.getWidth()).isEqualTo(40);
        assertThat(img.getHeight()).isEqualTo(30);
        assertThat(img.getRGB(12, 15) & 0xff).isLessThan(60);
        assertThat(img.getRGB(30, 15) & 0xff).isGreaterThan(200);
    }

    @Test
    void turnsPhonePhotosUprightByTheirExifOrientation() throws Exception {
        BufferedImage img = new BufferedImage(60, 40, BufferedImage.TYPE_INT_RGB); // landscape, bright block top-left
        Graphics2D g = img.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, 20, 10);
        g.dispose();
        byte[] jpeg = encode(img, "jpeg");
        for (int orientation = 1; orientation <= 8; orientation++) {
            BufferedImage d = ImageDecoder.decode(withExifOrientation(jpeg, orientation, orientation % 2 == 0));
            boolean swapped = orientation >= 5;
            assertThat(d.getWidth()).as("orientation %d", orientation).isEqualTo(swapped ? 40 : 60);
            // where the bright top-left block ends up, per the EXIF specification
            int[] corner = switch (orientation) {
                case 1 -> new int[] {5, 5};
                case 2 -> new int[] {55, 5};
                case 3 -> new int[] {55, 35};
                case 4 -> new int[] {5, 35};
                case 5 -> new int[] {5, 5};
                case 6 -> new int[] {35, 5};
                case 7 -> new int[] {35, 55};
                default -> new int[] {5, 55};
            };
            assertThat(d.getRGB(corner[0], corner[1]) & 0xff).as("orientation %d", orientation).isGreaterThan(200);
        }
        // a broken EXIF block is ignored, not fatal
        byte[] broken = withExifOrientation(jpeg, 6, false);
        broken[30] = (byte) 0x7f;
        assertThat(ImageDecoder.decode(broken).getWidth()).isIn(40, 60);
    }

    /** Inserts an APP1 EXIF segment with one IFD entry (orientation) right after the JPEG's SOI marker. */
    static byte[] withExifOrientation(byte[] jpeg, int orientation, boolean littleEndian) {
        ByteBuffer tiff = ByteBuffer.allocate(26).order(littleEndian ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
        tiff.put((byte) (littleEndian ? 'I' : 'M')).put((byte) (littleEndian ? 'I' : 'M'));
        tiff.putShort((short) 42).putInt(8); // IFD0 at offset 8
        tiff.putShort((short) 1); // one entry
        tiff.putShort((short) 0x0112).putShort((short) 3).putInt(1).putShort((short) orientation).putShort((short) 0);
        tiff.putInt(0); // no next IFD
        byte[] exif = new byte[6 + tiff.capacity()];
        System.arraycopy("Exif\0\0".getBytes(StandardCharsets.ISO_8859_1), 0, exif, 0, 6);
        System.arraycopy(tiff.array(), 0, exif, 6, tiff.capacity());
        byte[] out = new byte[jpeg.length + 4 + exif.length];
        out[0] = (byte) 0xFF;
        out[1] = (byte) 0xD8;
        out[2] = (byte) 0xFF;
        out[3] = (byte) 0xE1;
        out[4] = (byte) ((exif.length + 2) >> 8);
        out[5] = (byte) (exif.length + 2);
        System.arraycopy(exif, 0, out, 6, exif.length);
        System.arraycopy(jpeg, 2, out, 6 + exif.length, jpeg.length - 2);
        return out;
    }

    @Test
    void refusesEmptyInput() {
        assertThatThrownBy(() -> ImageDecoder.decode(new byte[0], ImageLimits.DEFAULT, "upload.png"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("upload.png: empty input: expected an image (PNG, JPEG, GIF, BMP, WebP or TIFF)");
        assertThatThrownBy(() -> ImageDecoder.decode(null)).isInstanceOf(InvalidInputException.class);
    }

    @Test
    void refusesWhatIsNotAnImage() {
        assertThatThrownBy(() -> ImageDecoder.decode("label,pixel0\n1,0\n".getBytes()))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("not a recognised image")
                .hasMessageContaining("6c 61 62 65");
    }

    @ParameterizedTest
    @ValueSource(strings = {"png", "jpeg", "gif", "bmp"})
    void refusesTruncatedImages(String format) throws Exception {
        byte[] whole = encode(noisy(), format);
        byte[] cut = Arrays.copyOf(whole, whole.length / 2);
        assertThatThrownBy(() -> ImageDecoder.decode(cut, ImageLimits.DEFAULT, "cut." + format))
                .isInstanceOf(InvalidInputException.class).hasMessageStartingWith("cut." + format + ": ");
    }

    @Test
    void refusesMoreBytesThanAllowed() throws Exception {
        byte[] png = encode(sample(), "png");
        assertThatThrownBy(() -> ImageDecoder.decode(png, new ImageLimits(png.length - 1, 1000)))
                .isInstanceOf(InputTooLargeException.class).hasMessageContaining("more than the limit of " + (png.length - 1) + " bytes");
    }

    @Test
    void refusesAHugeCanvasFromItsHeaderWithoutDecodingIt() throws Exception {
        // a valid PNG whose header claims 100000×100000 pixels: 40 GB if decoded
        byte[] png = withDimensions(encode(sample(), "png"), 100_000, 100_000);
        long before = usedMemory();
        assertThatThrownBy(() -> ImageDecoder.decode(png))
                .isInstanceOf(InputTooLargeException.class)
                .hasMessageContaining("100000×100000").hasMessageContaining("more than the limit of 40000000");
        assertThat(usedMemory() - before).isLessThan(512L << 20);
        assertThatThrownBy(() -> ImageDecoder.decode(encode(sample(), "png"), new ImageLimits(1 << 20, 40 * 30 - 1)))
                .hasMessageContaining("40×30");
    }

    private static long usedMemory() {
        Runtime rt = Runtime.getRuntime();
        return rt.totalMemory() - rt.freeMemory();
    }

    static BufferedImage noisy() {
        BufferedImage img = new BufferedImage(120, 90, BufferedImage.TYPE_INT_RGB);
        Random r = new Random(7);
        for (int y = 0; y < 90; y++) for (int x = 0; x < 120; x++) img.setRGB(x, y, r.nextInt(0xffffff));
        return img;
    }

    /** Rewrites the IHDR width and height of a PNG (and its CRC, so the header stays valid). */
    static byte[] withDimensions(byte[] png, int width, int height) {
        byte[] out = png.clone();
        ByteBuffer b = ByteBuffer.wrap(out);
        b.putInt(16, width);
        b.putInt(20, height);
        CRC32 crc = new CRC32();
        crc.update(out, 12, 17); // "IHDR" + 13 data bytes
        b.putInt(29, (int) crc.getValue());
        return out;
    }
}
