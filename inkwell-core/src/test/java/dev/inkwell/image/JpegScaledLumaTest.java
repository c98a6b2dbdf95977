package dev.inkwell.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.Random;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageOutputStream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Node;

/**
 * The scaled luma against ImageIO's full decode of the same file, averaged over the same cells: equal where it must
 * be (1/8 scale is each block's mean), close where the reduced inverse transform stands in for averaging; and every
 * other JPEG left to ImageIO, every damaged one refused without another exception.
 */
class JpegScaledLumaTest {

    /** A picture like a page photo: a light gradient, dark strokes of a few widths, some sensor noise. */
    record Scene(int width, int height, long seed, boolean colour, float quality, int restartInterval) {
        BufferedImage draw() {
            BufferedImage img = new BufferedImage(width, height, colour ? BufferedImage.TYPE_3BYTE_BGR : BufferedImage.TYPE_BYTE_GRAY);
            Graphics2D g = img.createGraphics();
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            Random r = new Random(seed);
            g.setPaint(new GradientPaint(0, 0, new Color(225, 215, 200), width, height, new Color(150, 145, 140)));
            g.fillRect(0, 0, width, height);
            g.setColor(new Color(40, 40, 60));
            for (int i = 0; i < 4; i++) {
                g.setStroke(new BasicStroke(1 + r.nextInt(Math.max(1, Math.min(width, height) / 20 + 1))));
                g.drawLine(r.nextInt(width), r.nextInt(height), r.nextInt(width), r.nextInt(height));
            }
            g.dispose();
            for (int i = 0; i < width * height / 50; i++) { // noise: a few pixels off by a little
                int x = r.nextInt(width);
                int y = r.nextInt(height);
                int v = img.getRaster().getSample(x, y, 0) + r.nextInt(21) - 10;
                img.getRaster().setSample(x, y, 0, Math.max(0, Math.min(255, v)));
            }
            return img;
        }
    }

    @Provide
    Arbitrary<Scene> scenes() {
        return Combinators.combine(Arbitraries.integers().between(1, 300), Arbitraries.integers().between(1, 300),
                Arbitraries.longs(), Arbitraries.of(true, false), Arbitraries.floats().between(0.5f, 1f),
                Arbitraries.of(0, 0, 1, 3, 7)).as(Scene::new);
    }

    @Property(tries = 60)
    void atOneEighthEachPixelIsItsBlocksMean(@ForAll("scenes") Scene scene) throws IOException {
        byte[] jpeg = jpeg(scene.draw(), scene.quality(), scene.restartInterval(), false);
        BufferedImage mine = decode(jpeg, 8);
        Difference d = Difference.of(mine, ImageIO.read(new ByteArrayInputStream(jpeg)), 8);
        // the mean of a block is its DC coefficient: only the full decode's per-pixel rounding (and clamping) differs
        assertThat(d.max).as("%s: %s", scene, d).isLessThanOrEqualTo(3);
    }

    @Property(tries = 60)
    void atOneHalfAndOneQuarterEachBlockIsItsLowFrequenciesInverseTransformed(@ForAll("scenes") Scene scene, @ForAll boolean quarter)
            throws IOException {
        int scale = quarter ? 4 : 2;
        byte[] jpeg = jpeg(scene.draw(), scene.quality(), scene.restartInterval(), false);
        BufferedImage mine = decode(jpeg, scale);
        BufferedImage full = ImageIO.read(new ByteArrayInputStream(jpeg));
        int w = full.getWidth();
        int n = 8 / scale;
        float[] luma = GrayImages.lumaAndAlpha(full)[0];
        int max = 0;
        for (int by = 0; by < full.getHeight() / 8; by++) {
            for (int bx = 0; bx < w / 8; bx++) {
                double[][] coefficients = forwardDct(luma, w, bx * 8, by * 8);
                for (int y = 0; y < n; y++) {
                    for (int x = 0; x < n; x++) {
                        double expected = reducedInverse(coefficients, n, x, y);
                        int got = mine.getRaster().getSample(bx * n + x, by * n + y, 0);
                        max = Math.max(max, (int) Math.abs(Math.round(Math.max(0, Math.min(255, expected))) - got));
                    }
                }
            }
        }
        // the oracle starts from ImageIO's decoded pixels (its integer transform, colour conversion and rounding)
        assertThat(max).as("%s, 1/%d", scene, scale).isLessThanOrEqualTo(4);
    }

    /** The JPEG forward DCT of the 8×8 block at (x0, y0) of {@code luma}, level-shifted: F[v][u]. */
    private static double[][] forwardDct(float[] luma, int w, int x0, int y0) {
        double[][] f = new double[8][8];
        for (int v = 0; v < 8; v++) {
            for (int u = 0; u < 8; u++) {
                double s = 0;
                for (int y = 0; y < 8; y++) {
                    for (int x = 0; x < 8; x++) {
                        s += (luma[(y0 + y) * w + x0 + x] - 128) * Math.cos((2 * x + 1) * u * Math.PI / 16) * Math.cos((2 * y + 1) * v * Math.PI / 16);
                    }
                }
                f[v][u] = s / 4 * c(u) * c(v);
            }
        }
        return f;
    }

    /** The n×n low-frequency coefficients' inverse transform at cell (x, y) of n×n: what 1/(8/n) scale keeps. */
    private static double reducedInverse(double[][] f, int n, int x, int y) {
        double s = 0;
        for (int v = 0; v < n; v++) {
            for (int u = 0; u < n; u++) {
                s += c(u) * c(v) / 4 * f[v][u] * Math.cos((2 * x + 1) * u * Math.PI / (2 * n)) * Math.cos((2 * y + 1) * v * Math.PI / (2 * n));
            }
        }
        return s + 128;
    }

    private static double c(int u) {
        return u == 0 ? Math.sqrt(0.5) : 1;
    }

    @Test
    void aPagePhotoAtAQuarterIsTheAveragedFullDecode() throws IOException {
        Scene photo = new Scene(1600, 1200, 7, true, 0.9f, 0);
        byte[] jpeg = jpeg(photo.draw(), 0.9f, 0, false);
        BufferedImage mine = decode(jpeg, 4);
        assertThat(mine.getWidth()).isEqualTo(400);
        assertThat(mine.getHeight()).isEqualTo(300);
        Difference d = Difference.of(mine, ImageIO.read(new ByteArrayInputStream(jpeg)), 4);
        assertThat(d.mean).as("%s", d).isLessThan(0.6);
    }

    @Test
    void otherJpegsAreLeftToImageIo() throws Exception {
        BufferedImage picture = new Scene(120, 90, 3, true, 0.8f, 0).draw();
        assertThat(JpegScaledLuma.decode(jpeg(picture, 0.8f, 0, true), 2, Long.MAX_VALUE)).as("progressive").isNull();
        byte[] png = GrayImages.toPng(picture);
        assertThat(JpegScaledLuma.decode(png, 2, Long.MAX_VALUE)).as("not a JPEG").isNull();
        byte[] baseline = jpeg(picture, 0.8f, 0, false);
        assertThat(JpegScaledLuma.decode(baseline, 2, 100)).as("more pixels than allowed: the caller refuses it").isNull();
        byte[] twelveBit = baseline.clone();
        int sof = indexOfMarker(twelveBit, 0xc0);
        twelveBit[sof + 4] = 12;
        assertThat(JpegScaledLuma.decode(twelveBit, 2, Long.MAX_VALUE)).as("12-bit samples").isNull();
    }

    @Test
    void everyTruncationIsBrokenOrLeftToImageIoNeverAnotherFailure() throws IOException {
        byte[] jpeg = jpeg(new Scene(64, 48, 5, true, 0.9f, 2).draw(), 0.9f, 2, false);
        for (int n = 0; n < jpeg.length - 2; n++) { // the last two bytes are the end marker, which the luma never needs
            byte[] cut = Arrays.copyOf(jpeg, n);
            assertThat(outcome(cut, 2)).as("%d of %d bytes", n, jpeg.length).isIn("null", "broken");
        }
        assertThat(outcome(jpeg, 2)).isEqualTo("image");
    }

    @Property(tries = 300)
    void damagedBytesNeverFailOtherwise(@ForAll @IntRange(min = 0, max = 4000) int position, @ForAll byte value,
                                        @ForAll @IntRange(min = 1, max = 3) int shift) throws IOException {
        byte[] jpeg = jpeg(new Scene(96, 64, position, true, 0.85f, position % 3).draw(), 0.85f, position % 3, false);
        byte[] damaged = jpeg.clone();
        damaged[position % damaged.length] = value;
        damaged[(position * 7 + shift) % damaged.length] ^= (byte) (1 << shift);
        assertThat(outcome(damaged, 1 << shift)).isIn("null", "broken", "image");
    }

    @Test
    void theDecoderReadsLargeJpegsThisWayWithTheirSourceSizeAndOrientation() throws IOException {
        byte[] jpeg = jpeg(new Scene(3200, 2400, 11, true, 0.85f, 0).draw(), 0.85f, 0, false);
        ImageDecoder.Decoded d = ImageDecoder.decodeAtMost(jpeg, ImageLimits.DEFAULT, "photo.jpg", 1024);
        assertThat(d.image().getType()).isEqualTo(BufferedImage.TYPE_BYTE_GRAY); // the scaled luma, not ImageIO's colour
        assertThat(d.image().getWidth()).isEqualTo(800);
        assertThat(d.image().getHeight()).isEqualTo(600);
        assertThat(d.sourceWidth()).isEqualTo(3200);
        assertThat(d.sourceHeight()).isEqualTo(2400);
        ImageDecoder.Decoded turned = ImageDecoder.decodeAtMost(ImageDecoderTest.withExifOrientation(jpeg, 6, false),
                ImageLimits.DEFAULT, "photo.jpg", 1024);
        assertThat(turned.image().getWidth()).isEqualTo(600);
        assertThat(turned.sourceWidth()).isEqualTo(2400);
        assertThat(turned.sourceHeight()).isEqualTo(3200);
        ImageDecoder.Decoded progressive = ImageDecoder.decodeAtMost(jpeg(new Scene(3200, 2400, 11, true, 0.85f, 0).draw(), 0.85f, 0, true),
                ImageLimits.DEFAULT, "photo.jpg", 1024);
        assertThat(progressive.image().getWidth()).as("ImageIO, subsampled").isEqualTo(1067);
    }

    private static String outcome(byte[] bytes, int scale) {
        try {
            return JpegScaledLuma.decode(bytes, scale, 1 << 22) == null ? "null" : "image";
        } catch (JpegScaledLuma.Broken e) {
            return "broken";
        }
    }

    private static BufferedImage decode(byte[] jpeg, int scale) {
        try {
            BufferedImage image = JpegScaledLuma.decode(jpeg, scale, Long.MAX_VALUE);
            assertThat(image).isNotNull();
            return image;
        } catch (JpegScaledLuma.Broken e) {
            throw new AssertionError(e.getMessage(), e);
        }
    }

    /**
     * |scaled − mean of the full decode's luma over the same cell|, over the output pixels of the blocks that lie wholly
     * inside the picture (an edge block also holds the encoder's padding, which its coefficients describe too).
     */
    record Difference(double mean, int max) {
        static Difference of(BufferedImage scaled, BufferedImage full, int scale) {
            int w = full.getWidth();
            int h = full.getHeight();
            assertThat(scaled.getWidth()).isEqualTo((w + scale - 1) / scale);
            assertThat(scaled.getHeight()).isEqualTo((h + scale - 1) / scale);
            float[] luma = GrayImages.lumaAndAlpha(full)[0];
            long sum = 0;
            int max = 0;
            int count = 0;
            for (int y = 0; y < scaled.getHeight(); y++) {
                for (int x = 0; x < scaled.getWidth(); x++) {
                    if ((x * scale / 8 + 1) * 8 > w || (y * scale / 8 + 1) * 8 > h) continue;
                    double s = 0;
                    int n = 0;
                    for (int yy = y * scale; yy < Math.min(h, (y + 1) * scale); yy++) {
                        for (int xx = x * scale; xx < Math.min(w, (x + 1) * scale); xx++) {
                            s += luma[yy * w + xx];
                            n++;
                        }
                    }
                    int d = (int) Math.abs(Math.round(s / n) - scaled.getRaster().getSample(x, y, 0));
                    sum += d;
                    max = Math.max(max, d);
                    count++;
                }
            }
            return new Difference(count == 0 ? 0 : (double) sum / count, max);
        }
    }

    /** ImageIO's baseline (or progressive) JPEG of {@code image}, with a restart interval when one is given. */
    static byte[] jpeg(BufferedImage image, float quality, int restartInterval, boolean progressive) throws IOException {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        try (ByteArrayOutputStream out = new ByteArrayOutputStream(); ImageOutputStream ios = ImageIO.createImageOutputStream(out)) {
            writer.setOutput(ios);
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(quality);
            if (progressive) param.setProgressiveMode(ImageWriteParam.MODE_DEFAULT);
            IIOMetadata metadata = writer.getDefaultImageMetadata(ImageTypeSpecifier.createFromRenderedImage(image), param);
            if (restartInterval > 0) {
                IIOMetadataNode root = (IIOMetadataNode) metadata.getAsTree("javax_imageio_jpeg_image_1.0");
                Node markers = root.getElementsByTagName("markerSequence").item(0);
                IIOMetadataNode dri = new IIOMetadataNode("dri");
                dri.setAttribute("interval", Integer.toString(restartInterval));
                markers.insertBefore(dri, markers.getFirstChild());
                metadata.setFromTree("javax_imageio_jpeg_image_1.0", root);
            }
            writer.write(null, new IIOImage(image, null, metadata), param);
            ios.flush();
            return out.toByteArray();
        } finally {
            writer.dispose();
        }
    }

    private static int indexOfMarker(byte[] bytes, int marker) {
        for (int i = 0; i + 1 < bytes.length; i++) {
            if ((bytes[i] & 0xff) == 0xff && (bytes[i + 1] & 0xff) == marker) return i;
        }
        throw new AssertionError("no marker " + Integer.toHexString(marker));
    }
}
