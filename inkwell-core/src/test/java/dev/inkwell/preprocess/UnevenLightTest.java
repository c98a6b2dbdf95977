package dev.inkwell.preprocess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.inkwell.image.GrayImage;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.FloatRange;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** Thin pen strokes photographed under light that changes across the page by a third or more. */
class UnevenLightTest {
    private static final Color PAPER = new Color(235, 232, 225);
    private static final Color INK = new Color(40, 40, 50);
    private final Preprocessor mnist = new Preprocessor(PreprocessOptions.DEFAULT);

    /** A thin "1" at x 300 and a thin "0" at x 560, both from y 150 to 350, on a 900×500 page. */
    private static BufferedImage barAndRing(Color paper, Color ink, float pen) {
        BufferedImage img = Drawings.canvas(900, 500, paper);
        Drawings.bar(img, 300, 150, 200, pen, ink);
        Drawings.ring(img, 560, 150, 130, 200, pen, ink);
        return img;
    }

    private static void assertBarAndRing(PreprocessResult r) {
        List<Box> boxes = r.digits().stream().map(DigitCrop::box).sorted(Comparator.comparingInt(Box::x)).toList();
        assertThat(boxes).as("digits of %s", r.report()).hasSize(2);
        assertThat(boxes.get(0).x()).isBetween(290, 300);
        assertThat(boxes.get(0).width()).isLessThan(20);
        assertThat(boxes.get(1).x()).isBetween(550, 560);
        assertThat(boxes.get(1).width()).isBetween(130, 150);
        for (Box b : boxes) {
            assertThat(b.y()).isBetween(140, 150);
            assertThat(b.y() + b.height()).isBetween(350, 360);
        }
    }

    @Test
    void aPageLitFromOneCornerKeepsItsInkDark() {
        // the lit corner is brighter than Otsu's threshold of the whole page and the far side darker: the median
        // grey says nothing about which side the ink is on
        BufferedImage photo = Lighting.photo(barAndRing(PAPER, INK, 2), Lighting.lamp(1.1, -0.2, 0.55), 0.03, 3, 1);
        PreprocessResult r = mnist.process(photo);
        assertThat(r.report().polarity()).isEqualTo(Polarity.DARK_ON_LIGHT);
        assertBarAndRing(r);
    }

    @Test
    void aShadowBandIsPaperAndTheStrokesInItAreInk() {
        // the band is a fifth of the page wide: narrower than the window that keeps markers out of the paper level
        Lighting.Field light = Lighting.withShadowBand(Lighting.gradient(0, 0.3), 0.34, 0.2, 0.45);
        PreprocessResult r = mnist.process(Lighting.photo(barAndRing(PAPER, INK, 2.5f), light, 0.03, 3, 2));
        assertBarAndRing(r);
        assertThat(r.report().shadowsFollowed()).isPositive();
    }

    @Test
    void aThinStrokeIsAllThatIsFoundOnGrainyPaperLitFromAbove() {
        // a 1.5-px stroke is a fraction of a percent of the picture: Otsu alone would split the paper's grain; and
        // the page's darkest strip, along the bottom border, must be paper too
        BufferedImage page = Drawings.canvas(1000, 800, PAPER);
        Drawings.bar(page, 500, 300, 220, 1.5f, INK);
        PreprocessResult r = mnist.process(Lighting.photo(page, Lighting.gradient(90, 0.4), 0.03, 5, 3));
        assertThat(r.digits()).as("report %s", r.report()).hasSize(1);
        Box box = r.digits().getFirst().box();
        assertThat(box.x()).isBetween(490, 500);
        assertThat(box.width()).isLessThan(20);
        assertThat(box.height()).isBetween(215, 235);
    }

    @Test
    void aBlankPageUnderAShadowHasNoDigits() {
        Lighting.Field light = Lighting.withShadowBand(Lighting.lamp(0, 0, 0.4), 0.5, 0.25, 0.45);
        PreprocessResult r = mnist.process(Lighting.photo(Drawings.canvas(900, 600, PAPER), light, 0.03, 3, 4));
        assertThat(r.digits()).as("report %s", r.report()).isEmpty();
    }

    @Property(tries = 20)
    void thinInkIsFoundUnderAnyLinearLight(@ForAll @IntRange(min = 0, max = 359) int degrees,
                                           @ForAll @DoubleRange(min = 0.35, max = 0.6) double depth,
                                           @ForAll @FloatRange(min = 1.5f, max = 3f) float pen,
                                           @ForAll boolean darkInk, @ForAll long seed) {
        Color paper = darkInk ? PAPER : new Color(45, 50, 48); // or chalk on a blackboard
        Color ink = darkInk ? INK : new Color(230, 230, 225);
        PreprocessResult r = mnist.process(Lighting.photo(barAndRing(paper, ink, pen), Lighting.gradient(degrees, depth), 0.03, 3, seed));
        assertThat(r.report().polarity()).isEqualTo(darkInk ? Polarity.DARK_ON_LIGHT : Polarity.LIGHT_ON_DARK);
        assertBarAndRing(r);
    }

    @Test
    void otsuSplitTellsTwoCleanLevelsFromSpreadOnes() {
        float[] twoLevels = new float[1000];
        for (int i = 0; i < twoLevels.length; i++) twoLevels[i] = i % 10 == 0 ? 20 : 230;
        float[] ramp = new float[256 * 40];
        for (int i = 0; i < ramp.length; i++) ramp[i] = i % 256;
        assertThat(Filters.otsuSplit(twoLevels).separability()).isCloseTo(1, within(1e-9));
        assertThat(Filters.otsuSplit(twoLevels).threshold()).isBetween(20, 229);
        assertThat(Filters.otsuSplit(ramp).separability()).isCloseTo(0.75, within(0.01));
        assertThat(Filters.otsuSplit(new float[100]).separability()).isZero();
    }

    @Test
    void aSoftBlobIsNotInkWhereASharpOneIs() {
        // two blobs above a threshold of 30: a square stroke 100 levels high, and a smooth bump as high
        int w = 200;
        int h = 100;
        float[] signal = new float[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                if (x >= 20 && x < 40 && y >= 20 && y < 80) signal[y * w + x] = 100;
                double d = Math.hypot(x - 140, y - 50);
                signal[y * w + x] += (float) (100 * Math.exp(-d * d / (2 * 25 * 25)));
            }
        }
        boolean[] mask = new boolean[signal.length];
        for (int i = 0; i < mask.length; i++) mask[i] = signal[i] > 30;
        Components components = Components.label(mask, w, h);
        InkBlobs judged = InkBlobs.judge(components, signal, new InkThreshold(30, 30), false, w, h);
        assertThat(components.blobs).hasSize(2);
        Components.Blob square = components.blobs.stream().min(Comparator.comparingInt(Components.Blob::minX)).orElseThrow();
        Components.Blob bump = components.blobs.stream().max(Comparator.comparingInt(Components.Blob::minX)).orElseThrow();
        assertThat(judged.isInk(square.label())).isTrue();
        assertThat(judged.isInk(bump.label())).isFalse();
        assertThat(judged.soft()).isEqualTo(1);
    }

    @Test
    void onNoisyPaperABlobMustRiseWellAboveTheGrain() {
        float[] grain = new float[10_000];
        Random random = new Random(5);
        for (int i = 0; i < grain.length; i++) grain[i] = (float) Math.abs(random.nextGaussian() * 4);
        InkThreshold t = InkThreshold.of(grain, 60);
        assertThat(t.level()).isGreaterThan(InkThreshold.MIN_LEVEL);
        assertThat(t.seeded()).isTrue();
        assertThat(t.seed()).isGreaterThan(t.level());
        // clean pictures have no grain: Otsu's threshold alone, as before
        float[] clean = new float[10_000];
        for (int i = 0; i < 300; i++) clean[i * 33] = 200;
        InkThreshold c = InkThreshold.of(clean, 200);
        assertThat(c.level()).isEqualTo(Math.max(Filters.otsu(clean), InkThreshold.MIN_LEVEL));
        assertThat(c.seeded()).isFalse();
    }

    @Test
    void anEvenlyLitThickMarkerIsJudgedByItsMedianAsBefore() {
        // thick strokes are not thin marks: the clean two-level histogram decides, and a marker is never a shadow
        BufferedImage img = Drawings.canvas(300, 300, Color.WHITE);
        Drawings.ring(img, 70, 30, 160, 240, 40, Color.BLACK);
        PreprocessResult r = mnist.process(img);
        assertThat(r.report().polarity()).isEqualTo(Polarity.DARK_ON_LIGHT);
        assertThat(r.report().shadowsFollowed()).isZero();
        assertThat(r.digits()).hasSize(1);
        GrayImage digit = r.digits().getFirst().image();
        assertThat(digit.at(14, 14)).as("the ring's hole stays empty").isLessThan(60);
    }
}
