package dev.inkwell.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.inkwell.core.InvalidInputException;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
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
            bytes = java.util.HexFormat.of().parseHex(
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
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("more than the limit of " + (png.length - 1) + " bytes");
    }

    @Test
    void refusesAHugeCanvasFromItsHeaderWithoutDecodingIt() throws Exception {
        // a valid PNG whose header claims 100000×100000 pixels: 40 GB if decoded
        byte[] png = withDimensions(encode(sample(), "png"), 100_000, 100_000);
        long before = usedMemory();
        assertThatThrownBy(() -> ImageDecoder.decode(png))
                .isInstanceOf(InvalidInputException.class)
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
        java.util.Random r = new java.util.Random(7);
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
