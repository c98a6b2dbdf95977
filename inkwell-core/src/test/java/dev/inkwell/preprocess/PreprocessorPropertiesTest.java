package dev.inkwell.preprocess;

import static org.assertj.core.api.Assertions.assertThat;

import dev.inkwell.core.InvalidInputException;
import dev.inkwell.image.GrayImage;
import dev.inkwell.image.ImageDecoder;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.Random;
import javax.imageio.ImageIO;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

class PreprocessorPropertiesTest {
    private static final Preprocessor MNIST = new Preprocessor(PreprocessOptions.DEFAULT);

    /** Decoding then preprocessing: the only failure a caller may see is InvalidInputException. */
    private static void decodeAndProcess(byte[] bytes) {
        try {
            PreprocessResult r = MNIST.process(ImageDecoder.decode(bytes));
            for (DigitCrop d : r.digits()) assertModelSpace(d.image());
        } catch (InvalidInputException expected) {
            assertThat(expected.getMessage()).startsWith("<image>: ");
        }
    }

    static void assertModelSpace(GrayImage g) {
        assertThat(g.width()).isEqualTo(28);
        assertThat(g.height()).isEqualTo(28);
        for (float v : g.pixels()) assertThat(v).isBetween(0f, 255f);
    }

    @Property(tries = 300)
    void randomBytesNeverFailOtherwise(@ForAll @Size(max = 2000) byte[] bytes) {
        decodeAndProcess(bytes);
    }

    @Property(tries = 150)
    void corruptedImagesNeverFailOtherwise(@ForAll("images") byte[] image, @ForAll long seed,
                                           @ForAll @IntRange(min = 1, max = 20) int flips) {
        Random r = new Random(seed);
        byte[] bytes = image.clone();
        for (int i = 0; i < flips; i++) bytes[r.nextInt(bytes.length)] = (byte) r.nextInt(256);
        decodeAndProcess(r.nextBoolean() ? bytes : Arrays.copyOf(bytes, 1 + r.nextInt(bytes.length)));
    }

    @Property(tries = 60)
    void anyPictureGivesModelSpaceDigits(@ForAll("pictures") BufferedImage picture) {
        PreprocessResult r = MNIST.process(picture);
        assertThat(r.report().digitsFound()).isEqualTo(r.digits().size());
        for (DigitCrop d : r.digits()) {
            assertModelSpace(d.image());
            Box b = d.box();
            assertThat(b.x()).isBetween(0, picture.getWidth() - 1);
            assertThat(b.y()).isBetween(0, picture.getHeight() - 1);
            assertThat(b.x() + b.width()).isLessThanOrEqualTo(picture.getWidth());
            assertThat(b.y() + b.height()).isLessThanOrEqualTo(picture.getHeight());
        }
    }

    @Property(tries = 40)
    void translatingTheInkChangesNothing(@ForAll("inkPatches") BufferedImage patch, @ForAll boolean darkOnLight,
                                         @ForAll @IntRange(min = 0, max = 1000) int a, @ForAll @IntRange(min = 0, max = 1000) int b,
                                         @ForAll @IntRange(min = 0, max = 1000) int c, @ForAll @IntRange(min = 0, max = 1000) int d) {
        int w = 420;
        int h = 360;
        int margin = 12; // keeps the ink off the border ring the background is read from
        Color background = darkOnLight ? Color.WHITE : Color.BLACK;
        BufferedImage ink = darkOnLight ? patch : inverted(patch);
        int spanX = w - patch.getWidth() - 2 * margin;
        int spanY = h - patch.getHeight() - 2 * margin;
        BufferedImage one = Drawings.place(ink, w, h, background, margin + a * spanX / 1000, margin + b * spanY / 1000);
        BufferedImage two = Drawings.place(ink, w, h, background, margin + c * spanX / 1000, margin + d * spanY / 1000);
        PreprocessResult r1 = MNIST.process(one);
        PreprocessResult r2 = MNIST.process(two);
        assertThat(r1.digits()).hasSameSizeAs(r2.digits());
        for (int i = 0; i < r1.digits().size(); i++) {
            float[] p1 = r1.digits().get(i).image().pixels();
            float[] p2 = r2.digits().get(i).image().pixels();
            for (int j = 0; j < p1.length; j++) {
                assertThat(Math.abs(p1[j] - p2[j])).as("pixel %d of digit %d", j, i).isLessThanOrEqualTo(1f);
            }
        }
    }

    private static BufferedImage inverted(BufferedImage img) {
        BufferedImage out = new BufferedImage(img.getWidth(), img.getHeight(), BufferedImage.TYPE_INT_ARGB);
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) out.setRGB(x, y, img.getRGB(x, y) ^ 0x00ffffff);
        }
        return out;
    }

    /** Dark scribbles on white, like a digit drawn with a random pen. */
    @Provide
    Arbitrary<BufferedImage> inkPatches() {
        return Combinators.combine(Arbitraries.integers().between(30, 200), Arbitraries.integers().between(30, 200),
                Arbitraries.floats().between(1.5f, 14f), Arbitraries.longs()).as((pw, ph, pen, seed) -> {
                    BufferedImage patch = Drawings.canvas(pw, ph, Color.WHITE);
                    Random r = new Random(seed);
                    double[] xy = new double[2 * (2 + r.nextInt(5))];
                    for (int i = 0; i < xy.length; i += 2) {
                        xy[i] = pen + r.nextDouble() * (pw - 2 * pen);
                        xy[i + 1] = pen + r.nextDouble() * (ph - 2 * pen);
                    }
                    Drawings.polyline(patch, pen, Color.BLACK, xy);
                    return patch;
                });
    }

    @Provide
    Arbitrary<BufferedImage> pictures() {
        return Combinators.combine(Arbitraries.integers().between(1, 300), Arbitraries.integers().between(1, 300),
                Arbitraries.integers().between(0, 3), Arbitraries.longs()).as((w, h, kind, seed) -> {
                    Random r = new Random(seed);
                    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
                    for (int y = 0; y < h; y++) {
                        for (int x = 0; x < w; x++) {
                            int argb = switch (kind) {
                                case 0 -> r.nextInt(); // noise with random alpha
                                case 1 -> 0xff000000 | (r.nextInt(40) * 0x010101); // near-black
                                case 2 -> r.nextInt(10) == 0 ? 0xff000000 : 0xffffffff; // sparse dots
                                default -> (r.nextInt(256) << 24) | 0xffffff; // white with random alpha
                            };
                            img.setRGB(x, y, argb);
                        }
                    }
                    if (w > 20 && h > 20) Drawings.bar(img, w / 2, h / 5, 3 * h / 5, Math.max(1, w / 15f), Color.BLACK);
                    return img;
                });
    }

    @Provide
    Arbitrary<byte[]> images() {
        return Combinators.combine(Arbitraries.of("png", "jpeg", "gif", "bmp"), Arbitraries.integers().between(1, 120))
                .as((format, size) -> {
                    BufferedImage img = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
                    Drawings.ring(img, size / 4, size / 8, size / 2, 3 * size / 4, Math.max(1, size / 10f), Color.WHITE);
                    try {
                        ByteArrayOutputStream out = new ByteArrayOutputStream();
                        ImageIO.write(img, format, out);
                        return out.toByteArray();
                    } catch (IOException e) {
                        throw new IllegalStateException(e);
                    }
                });
    }
}
