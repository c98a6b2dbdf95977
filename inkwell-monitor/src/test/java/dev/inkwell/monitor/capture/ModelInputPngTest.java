package dev.inkwell.monitor.capture;

import static org.assertj.core.api.Assertions.assertThat;

import dev.inkwell.image.GrayImage;
import dev.inkwell.image.GrayImages;
import dev.inkwell.image.ImageDecoder;
import dev.inkwell.monitor.TestModels;
import dev.inkwell.testing.SharedData;
import java.io.ByteArrayInputStream;
import java.util.List;
import javax.imageio.ImageIO;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/** The capture's own PNG writer, read back by ImageIO and by Inkwell's decoder: the same pixels, for any grey image. */
class ModelInputPngTest {
    private static final ModelInputPng PNG = new ModelInputPng(); // one writer for every image: its reused buffers must not leak

    @Property(tries = 400)
    void anyImageReadsBackAsItsClampedPixels(@ForAll("images") GrayImage image) throws Exception {
        byte[] png = PNG.encode(image);
        int[] expected = clamped(image);
        int[] back = ImageIO.read(new ByteArrayInputStream(png)).getRaster().getPixels(0, 0, image.width(), image.height(), (int[]) null);
        assertThat(back).containsExactly(expected);
        GrayImage decoded = GrayImages.luminance(ImageDecoder.decode(png));
        for (int i = 0; i < expected.length; i++) assertThat(decoded.pixels()[i]).isEqualTo((float) expected[i]);
    }

    @Example
    void mnistDigitsReadBackAndStaySmall() throws Exception {
        List<GrayImage> digits = TestModels.images(SharedData.mnist(), "test", 0, 300);
        long bytes = 0;
        for (GrayImage g : digits) {
            byte[] png = PNG.encode(g);
            bytes += png.length;
            int[] back = ImageIO.read(new ByteArrayInputStream(png)).getRaster().getPixels(0, 0, 28, 28, (int[]) null);
            assertThat(back).containsExactly(clamped(g));
        }
        // zlib's level 6 makes about 280 bytes of these; stored without compression they would take 880
        assertThat(bytes / digits.size()).isLessThan(450);
    }

    @Example
    void longRunsAndTheirEdgesAreCopiedExactly() throws Exception {
        for (int width : new int[] {1, 2, 3, 4, 257, 258, 259, 600}) {
            float[] px = new float[width * 3];
            for (int i = 0; i < px.length; i++) px[i] = i % 97 == 0 ? 200 : 7; // runs of every length around the 258 limit
            GrayImage g = new GrayImage(width, 3, px);
            int[] back = ImageIO.read(new ByteArrayInputStream(PNG.encode(g))).getRaster().getPixels(0, 0, width, 3, (int[]) null);
            assertThat(back).as("width " + width).containsExactly(clamped(g));
        }
    }

    private static int[] clamped(GrayImage g) {
        float[] px = g.pixels();
        int[] out = new int[px.length];
        for (int i = 0; i < px.length; i++) out[i] = !(px[i] > 0) ? 0 : px[i] >= 255 ? 255 : Math.round(px[i]);
        return out;
    }

    @Provide
    Arbitrary<GrayImage> images() {
        // values from a small set make runs; any float (NaN, negative, over 255) must clamp as GrayImages.toPng does
        Arbitrary<Float> value = Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.of(0f, 0f, 255f, 128f)),
                Tuple.of(3, Arbitraries.floats().between(-10, 300)),
                Tuple.of(1, Arbitraries.floats().withStandardSpecialValues()));
        return Combinators.combine(Arbitraries.integers().between(1, 40), Arbitraries.integers().between(1, 40)).flatAs((w, h) ->
                value.array(float[].class).ofSize(w * h).map(px -> new GrayImage(w, h, px)));
    }
}
