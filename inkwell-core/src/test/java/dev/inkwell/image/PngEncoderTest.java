package dev.inkwell.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Random;
import javax.imageio.ImageIO;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** The direct PNG writer: any standard reader gets back exactly the bytes written, grey or RGBA. */
class PngEncoderTest {
    @Property(tries = 200)
    void javasOwnReaderGetsBackEveryGreyByte(@ForAll @IntRange(min = 1, max = 80) int width, @ForAll @IntRange(min = 1, max = 80) int height,
                                             @ForAll long seed) throws IOException {
        byte[] grey = new byte[width * height];
        new Random(seed).nextBytes(grey);
        BufferedImage back = ImageIO.read(new ByteArrayInputStream(PngEncoder.grey(grey, width, height)));
        assertThat(back.getType()).isEqualTo(BufferedImage.TYPE_BYTE_GRAY);
        assertThat(back.getWidth()).isEqualTo(width);
        assertThat(back.getHeight()).isEqualTo(height);
        byte[] read = new byte[width * height];
        back.getRaster().getDataElements(0, 0, width, height, read);
        assertThat(read).isEqualTo(grey);
    }

    @Property(tries = 100)
    void javasOwnReaderGetsBackEveryRgbaByte(@ForAll @IntRange(min = 1, max = 60) int width, @ForAll @IntRange(min = 1, max = 60) int height,
                                             @ForAll long seed) throws IOException {
        byte[] rgba = new byte[width * height * 4];
        new Random(seed).nextBytes(rgba);
        BufferedImage back = ImageIO.read(new ByteArrayInputStream(PngEncoder.rgba(rgba, width, height)));
        assertThat(back.getType()).isEqualTo(BufferedImage.TYPE_4BYTE_ABGR);
        assertThat(back.getWidth()).isEqualTo(width);
        assertThat(back.getHeight()).isEqualTo(height);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int i = 4 * (y * width + x);
                int argb = (rgba[i + 3] & 0xff) << 24 | (rgba[i] & 0xff) << 16 | (rgba[i + 1] & 0xff) << 8 | rgba[i + 2] & 0xff;
                assertThat(back.getRGB(x, y)).as("pixel (%d, %d)", x, y).isEqualTo(argb);
            }
        }
    }

    @Test
    void aGrayImageIsWrittenAsItsClampedBytes() throws IOException {
        float[] px = {-20f, 0f, 127.4f, 127.6f, 255f, 300f};
        BufferedImage back = ImageIO.read(new ByteArrayInputStream(GrayImages.toPng(new GrayImage(3, 2, px))));
        assertThat(GrayImages.luminance(back).pixels()).containsExactly(0f, 0f, 127f, 128f, 255f, 255f);
    }

    @Test
    void anOpaqueRgbaPictureOfAGrayImageReadsBackAsItsGreyLevels() throws IOException {
        float[] px = {-20f, 0f, 127.4f, 127.6f, 255f, 300f};
        byte[] png = GrayImages.toOpaqueRgbaPng(new GrayImage(3, 2, px));
        BufferedImage back = ImageIO.read(new ByteArrayInputStream(png));
        assertThat(back.getColorModel().hasAlpha()).isTrue();
        assertThat(back.getRGB(0, 0)).isEqualTo(0xff000000);
        assertThat(back.getRGB(2, 0)).isEqualTo(0xff7f7f7f);
        assertThat(back.getRGB(0, 1)).isEqualTo(0xff808080);
        assertThat(back.getRGB(2, 1)).isEqualTo(0xffffffff);
        // what a prediction reads from it: the same levels, through the server's own decoder
        assertThat(GrayImages.luminance(ImageDecoder.decode(png)).pixels()).containsExactly(0f, 0f, 127f, 128f, 255f, 255f);
    }

    @Test
    void aWrongNumberOfBytesIsRefused() {
        assertThatThrownBy(() -> PngEncoder.grey(new byte[5], 2, 3)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs 6 bytes");
        assertThatThrownBy(() -> PngEncoder.grey(new byte[0], 0, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PngEncoder.rgba(new byte[23], 2, 3)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("RGBA image needs 24 bytes");
    }
}
