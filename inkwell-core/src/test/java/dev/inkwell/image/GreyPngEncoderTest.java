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

/** The direct grey PNG writer: any standard reader gets back exactly the bytes written. */
class GreyPngEncoderTest {
    @Property(tries = 200)
    void javasOwnReaderGetsBackEveryByte(@ForAll @IntRange(min = 1, max = 80) int width, @ForAll @IntRange(min = 1, max = 80) int height,
                                         @ForAll long seed) throws IOException {
        byte[] grey = new byte[width * height];
        new Random(seed).nextBytes(grey);
        BufferedImage back = ImageIO.read(new ByteArrayInputStream(GreyPngEncoder.encode(grey, width, height)));
        assertThat(back.getType()).isEqualTo(BufferedImage.TYPE_BYTE_GRAY);
        assertThat(back.getWidth()).isEqualTo(width);
        assertThat(back.getHeight()).isEqualTo(height);
        byte[] read = new byte[width * height];
        back.getRaster().getDataElements(0, 0, width, height, read);
        assertThat(read).isEqualTo(grey);
    }

    @Test
    void aGrayImageIsWrittenAsItsClampedBytes() throws IOException {
        float[] px = {-20f, 0f, 127.4f, 127.6f, 255f, 300f};
        BufferedImage back = ImageIO.read(new ByteArrayInputStream(GrayImages.toPng(new GrayImage(3, 2, px))));
        assertThat(GrayImages.luminance(back).pixels()).containsExactly(0f, 0f, 127f, 128f, 255f, 255f);
    }

    @Test
    void aWrongNumberOfBytesIsRefused() {
        assertThatThrownBy(() -> GreyPngEncoder.encode(new byte[5], 2, 3)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs 6 bytes");
        assertThatThrownBy(() -> GreyPngEncoder.encode(new byte[0], 0, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
