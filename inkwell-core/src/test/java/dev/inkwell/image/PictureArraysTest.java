package dev.inkwell.image;

import static org.assertj.core.api.Assertions.assertThat;

import dev.inkwell.preprocess.DigitCrop;
import dev.inkwell.preprocess.PreprocessOptions;
import dev.inkwell.preprocess.PreprocessResult;
import dev.inkwell.preprocess.Preprocessor;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.BeforeTry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Decoded pictures' arrays are reused ({@link PictureArrays}): a reused array, whatever its last user left in it,
 * decodes to the bit what a new one does; an array is handed back once however often its reading is closed; and
 * preprocessing keeps nothing that shares it, so the next picture overwriting it changes no earlier answer.
 */
class PictureArraysTest {
    private static final int SIDE = 300; // 90,000 pixels: pooled

    @BeforeEach
    @BeforeTry
    void emptyPool() {
        PictureArrays.clear();
    }

    private static byte[] png(BufferedImage img) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThat(ImageIO.write(img, "png", out)).isTrue();
        return out.toByteArray();
    }

    /** A canvas with a stroked digit-like path on white (or on transparency: the drawing page's clear canvas). */
    private static BufferedImage canvas(int w, int h, long seed, boolean transparent) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        if (!transparent) {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, w, h);
        }
        Random r = new Random(seed);
        g.setColor(transparent ? Color.BLACK : new Color(17, 17, 17));
        g.setStroke(new BasicStroke(8 + r.nextInt(20), BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        int x = w / 4 + r.nextInt(w / 4);
        int y = h / 5 + r.nextInt(h / 5);
        for (int i = 0; i < 3 + r.nextInt(3); i++) {
            int nx = w / 5 + r.nextInt(3 * w / 5);
            int ny = h / 5 + r.nextInt(3 * h / 5);
            g.drawLine(x, y, nx, ny);
            x = nx;
            y = ny;
        }
        g.dispose();
        return img;
    }

    /** {@code img} with every pixel from some way down the picture on made partly transparent. */
    private static BufferedImage opaqueThenNot(BufferedImage img, long seed) {
        int w = img.getWidth();
        int from = new Random(seed).nextInt(w * img.getHeight());
        for (int i = from; i < w * img.getHeight(); i++) {
            int x = i % w;
            int y = i / w;
            img.setRGB(x, y, (img.getRGB(x, y) & 0xffffff) | ((x * 3 + y) & 0xff) << 24);
        }
        return img;
    }

    private static float[] dirty(int length, long seed) {
        float[] a = new float[length];
        Random r = new Random(seed);
        for (int i = 0; i < length; i++) a[i] = r.nextInt(5) == 0 ? Float.NaN : r.nextFloat() * 1000 - 500;
        return a;
    }

    /**
     * Grey, RGB, RGBA opaque and RGBA with transparency from some pixel on (its opacity array taken mid-picture), each
     * decoded into kept arrays full of garbage: the same bits as ImageIO's route.
     */
    @Property(tries = 24)
    void aReusedArrayDecodesToTheBitAsANewOne(@ForAll @IntRange(min = 0, max = 3) int kind,
                                               @ForAll @IntRange(min = 260, max = 360) int w,
                                               @ForAll @IntRange(min = 256, max = 300) int h, @ForAll long seed) throws IOException {
        BufferedImage img = switch (kind) {
            case 0 -> PngFastPathTest.picture(BufferedImage.TYPE_BYTE_GRAY, w, h, seed);
            case 1 -> PngFastPathTest.picture(BufferedImage.TYPE_3BYTE_BGR, w, h, seed);
            case 2 -> canvas(w, h, seed, false);
            default -> opaqueThenNot(canvas(w, h, seed, false), seed);
        };
        byte[] png = png(img);
        float[] first = dirty(w * h, seed);
        float[] second = dirty(w * h, seed + 1);
        PictureArrays.give(first);
        PictureArrays.give(second);
        try (ImageDecoder.DecodedLuma d = ImageDecoder.decodeLumaAtMost(png, ImageLimits.DEFAULT, "x.png", 1024)) {
            LumaImage fast = d.image();
            assertThat(fast.luma()).as("the kept array is reused").isSameAs(first);
            if (fast.alpha() != null) assertThat(fast.alpha()).isSameAs(second);
            LumaImage slow = LumaImage.of(ImageIO.read(new ByteArrayInputStream(png)));
            assertThat(Arrays.equals(fast.luma(), slow.luma())).as("luma").isTrue();
            if (fast.alpha() == null) {
                if (slow.alpha() != null) for (float a : slow.alpha()) assertThat(a).isEqualTo(1f);
            } else {
                assertThat(Arrays.equals(fast.alpha(), slow.alpha())).as("alpha").isTrue();
            }
        }
    }

    @Test
    void closingTwiceHandsTheArraysBackOnce() throws IOException {
        byte[] png = png(canvas(SIDE, SIDE, 3, true));
        ImageDecoder.DecodedLuma d = ImageDecoder.decodeLumaAtMost(png, ImageLimits.DEFAULT, "c.png", 1024);
        assertThat(d.image().alpha()).as("a transparent canvas has opacity").isNotNull();
        assertThat(PictureArrays.kept()).isZero();
        d.close();
        d.close();
        assertThat(PictureArrays.kept()).isEqualTo(2L * SIDE * SIDE);
        float[] a = PictureArrays.take(SIDE * SIDE);
        float[] b = PictureArrays.take(SIDE * SIDE);
        float[] c = PictureArrays.take(SIDE * SIDE);
        assertThat(List.of(a, b)).containsExactlyInAnyOrder(d.image().luma(), d.image().alpha());
        assertThat(c).as("only two were handed back").isNotSameAs(a).isNotSameAs(b);
        assertThat(PictureArrays.kept()).isZero();
    }

    @Test
    void onlyPictureSizedArraysWithinTheBudgetAreKept() {
        PictureArrays.give(new float[PictureArrays.MIN_POOLED - 1]);
        PictureArrays.give(new float[PictureArrays.MAX_KEPT + 1]);
        PictureArrays.give(null);
        assertThat(PictureArrays.kept()).isZero();
        assertThat(PictureArrays.take(PictureArrays.MIN_POOLED - 1)).hasSize(PictureArrays.MIN_POOLED - 1);

        for (int i = 0; i < 40; i++) PictureArrays.give(new float[PictureArrays.MAX_KEPT]);
        assertThat(PictureArrays.kept()).isPositive().isLessThanOrEqualTo(PictureArrays.BUDGET);
        PictureArrays.clear();
        assertThat(PictureArrays.kept()).isZero();

        float[] small = new float[70_000];
        float[] large = new float[80_000];
        PictureArrays.give(small);
        PictureArrays.give(large);
        assertThat(PictureArrays.take(80_000)).as("found past one of another size").isSameAs(large);
        assertThat(PictureArrays.kept()).as("the other size stays kept").isEqualTo(70_000);
        assertThat(PictureArrays.take(75_000)).as("never one of another length").hasSize(75_000).isNotSameAs(small);
        assertThat(PictureArrays.take(70_000)).isSameAs(small);
    }

    /**
     * Both profiles' results (the digits' crops, boxes and the report) are unchanged when the decoded arrays are
     * overwritten after the reading is closed, as the next picture's decoding does: they share none of them.
     */
    @Test
    void preprocessingKeepsNothingThatSharesTheDecodedArrays() throws IOException {
        List<Preprocessor> profiles = List.of(Preprocessor.mnist(PreprocessOptions.DEFAULT), Preprocessor.resize(28, 28),
                Preprocessor.resize(SIDE, SIDE));
        for (Preprocessor p : profiles) {
            for (boolean transparent : new boolean[] {false, true}) {
                for (int side : new int[] {SIDE, 600}) {
                    byte[] png = png(canvas(side, side, side + (transparent ? 1 : 0), transparent));
                    PreprocessResult result;
                    float[] luma;
                    float[] alpha;
                    try (ImageDecoder.DecodedLuma d = ImageDecoder.decodeLumaAtMost(png, ImageLimits.DEFAULT, "c.png", p.neededSide())) {
                        luma = d.image().luma();
                        alpha = d.image().alpha();
                        result = p.process(d.image(), d.sourceWidth(), d.sourceHeight());
                    }
                    assertThat(result.digits()).as(p.profile()).isNotEmpty();
                    List<float[]> before = new ArrayList<>();
                    for (DigitCrop c : result.digits()) {
                        assertThat(c.image().pixels()).isNotSameAs(luma).isNotSameAs(alpha);
                        before.add(c.image().pixels().clone());
                    }
                    String report = String.valueOf(result.report());
                    Arrays.fill(luma, Float.NaN); // what the next picture of this size would write over it
                    if (alpha != null) Arrays.fill(alpha, -7f);
                    for (int i = 0; i < before.size(); i++) {
                        assertThat(Arrays.equals(result.digits().get(i).image().pixels(), before.get(i)))
                                .as("%s, digit %d", p.profile(), i).isTrue();
                    }
                    assertThat(String.valueOf(result.report())).isEqualTo(report);
                }
            }
        }
    }
}
