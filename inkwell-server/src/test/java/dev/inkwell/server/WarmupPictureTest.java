package dev.inkwell.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.inkwell.image.ImageDecoder;
import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

/** The warm-up's pictures are what the web page's canvas sends: opaque RGBA PNGs, white with a dark stroke. */
class WarmupPictureTest {
    @Test
    void theCanvasWarmUpIsAnOpaqueRgbaPngWithADarkStrokeInTheMiddle() {
        byte[] png = Warmup.png(560, true);
        assertThat(png[25]).as("PNG colour type").isEqualTo((byte) 6);
        BufferedImage image = ImageDecoder.decode(png);
        assertThat(image.getWidth()).isEqualTo(560);
        assertThat(image.getHeight()).isEqualTo(560);
        assertThat(image.getRGB(280, 280)).isEqualTo(0xff000000);
        assertThat(image.getRGB(280, 40)).as("above the stroke").isEqualTo(0xffffffff);
        assertThat(image.getRGB(100, 280)).as("beside the stroke").isEqualTo(0xffffffff);
    }

    @Test
    void theDecoderWarmUpIsOneWhitePixel() {
        BufferedImage image = ImageDecoder.decode(Warmup.png(1, false));
        assertThat(image.getWidth()).isEqualTo(1);
        assertThat(image.getRGB(0, 0)).isEqualTo(0xffffffff);
    }
}
