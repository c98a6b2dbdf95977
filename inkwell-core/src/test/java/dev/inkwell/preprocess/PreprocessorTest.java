package dev.inkwell.preprocess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.inkwell.image.GrayImage;
import dev.inkwell.image.GrayImages;
import dev.inkwell.image.ImageDecoder;
import java.awt.AlphaComposite;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

class PreprocessorTest {
    private final Preprocessor mnist = new Preprocessor(PreprocessOptions.DEFAULT);

    static double[] centreOfMass(GrayImage g) {
        double m = 0;
        double mx = 0;
        double my = 0;
        for (int y = 0; y < g.height(); y++) {
            for (int x = 0; x < g.width(); x++) {
                m += g.at(x, y);
                mx += g.at(x, y) * x;
                my += g.at(x, y) * y;
            }
        }
        return new double[] {mx / m, my / m};
    }

    static int[] inkBounds(GrayImage g) {
        int minX = 99;
        int minY = 99;
        int maxX = -1;
        int maxY = -1;
        for (int y = 0; y < g.height(); y++) {
            for (int x = 0; x < g.width(); x++) {
                if (g.at(x, y) > 0) {
                    minX = Math.min(minX, x);
                    minY = Math.min(minY, y);
                    maxX = Math.max(maxX, x);
                    maxY = Math.max(maxY, y);
                }
            }
        }
        return new int[] {minX, minY, maxX - minX + 1, maxY - minY + 1};
    }

    @Test
    void darkInkOnPaperBecomesAnMnistDigit() {
        BufferedImage img = Drawings.canvas(600, 600, Color.WHITE);
        Drawings.ring(img, 100, 150, 200, 300, 24, Color.BLACK);
        PreprocessResult r = mnist.process(img);
        assertThat(r.digits()).hasSize(1);
        GrayImage d = r.digits().getFirst().image();
        assertThat(d.width()).isEqualTo(28);
        assertThat(d.height()).isEqualTo(28);
        int[] bounds = inkBounds(d);
        assertThat(Math.max(bounds[2], bounds[3])).isBetween(19, 21); // longest side fitted to 20
        double[] c = centreOfMass(d);
        assertThat(c[0]).isCloseTo(14, within(0.6));
        assertThat(c[1]).isCloseTo(14, within(0.6));
        PreprocessReport report = r.report();
        assertThat(report.polarity()).isEqualTo(Polarity.DARK_ON_LIGHT);
        assertThat(report.sourceWidth()).isEqualTo(600);
        assertThat(report.alphaFlattened()).isFalse();
        assertThat(report.digitsFound()).isEqualTo(1);
        Box box = r.digits().getFirst().box();
        assertThat(box.x()).isBetween(80, 100);
        assertThat(box.y()).isBetween(130, 150);
        assertThat(box.height()).isBetween(320, 335);
        assertThat(report.scale()).isCloseTo(20.0 / box.height(), within(1e-9));
    }

    @Test
    void lightInkOnDarkIsKeptAsIs() {
        BufferedImage img = Drawings.canvas(100, 100, Color.BLACK);
        Drawings.bar(img, 50, 20, 60, 8, Color.WHITE);
        PreprocessResult r = mnist.process(img);
        assertThat(r.report().polarity()).isEqualTo(Polarity.LIGHT_ON_DARK);
        assertThat(r.digits()).hasSize(1);
        assertThat(r.digits().getFirst().image().at(14, 14)).isGreaterThan(200);
        assertThat(r.digits().getFirst().image().at(2, 2)).isZero();
    }

    @Test
    void transparentCanvasesAreFlattenedOntoTheContrastingSide() {
        for (Color ink : new Color[] {Color.BLACK, Color.WHITE}) {
            BufferedImage img = new BufferedImage(300, 300, BufferedImage.TYPE_INT_ARGB);
            Graphics2D g = img.createGraphics();
            g.setComposite(AlphaComposite.Clear);
            g.fillRect(0, 0, 300, 300);
            g.dispose();
            Drawings.ring(img, 80, 50, 120, 200, 16, ink);
            PreprocessResult r = mnist.process(img);
            assertThat(r.report().alphaFlattened()).isTrue();
            assertThat(r.report().background()).isEqualTo(ink.equals(Color.BLACK) ? 255 : 0);
            assertThat(r.digits()).as("ink %s", ink).hasSize(1);
            assertThat(inkBounds(r.digits().getFirst().image())[3]).isBetween(19, 21);
        }
    }

    @Test
    void aShadowAcrossGreyPaperDoesNotBecomeInk() {
        BufferedImage img = Drawings.canvas(800, 600, new Color(200, 200, 200));
        for (int y = 0; y < 600; y++) { // darkens to the right down to 110: darker than nothing but the ink
            for (int x = 0; x < 800; x++) {
                int v = 200 - 90 * x / 800;
                img.setRGB(x, y, 0xff000000 | v << 16 | v << 8 | v);
            }
        }
        Drawings.bar(img, 400, 150, 300, 14, new Color(30, 30, 30));
        PreprocessResult r = mnist.process(img);
        assertThat(r.digits()).hasSize(1);
        Box box = r.digits().getFirst().box();
        assertThat(box.width()).isLessThan(40);
        assertThat(box.height()).isBetween(300, 330);
    }

    @Test
    void specksAreDropped() {
        BufferedImage img = Drawings.canvas(400, 400, Color.WHITE);
        Drawings.ring(img, 120, 80, 150, 240, 18, Color.BLACK);
        for (int i = 0; i < 8; i++) { // dust
            for (int d = 0; d < 9; d++) img.setRGB(20 + 40 * i + d % 3, 370 + d / 3, 0xff000000);
        }
        PreprocessResult r = mnist.process(img);
        assertThat(r.digits()).hasSize(1);
        assertThat(r.report().specksRemoved()).isEqualTo(8);
        assertThat(r.digits().getFirst().box().y()).isGreaterThan(60);
    }

    @Test
    void windowFramesAndRuledLinesAreNotDigits() {
        BufferedImage img = Drawings.canvas(700, 500, new Color(60, 60, 66)); // dark window around a white canvas
        Graphics2D g = img.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(20, 50, 660, 430);
        g.dispose();
        Drawings.polyline(img, 6, new Color(90, 90, 200), 20, 420, 680, 420); // a ruled line across the canvas
        Drawings.bar(img, 350, 100, 250, 20, Color.BLACK);
        PreprocessResult r = mnist.process(img);
        assertThat(r.report().polarity()).isEqualTo(Polarity.DARK_ON_LIGHT);
        assertThat(r.digits()).hasSize(1);
        assertThat(r.digits().getFirst().box().width()).isLessThan(40);
    }

    @Test
    void aTightlyCroppedDigitTouchingEverySideIsKept() {
        BufferedImage img = Drawings.canvas(100, 140, Color.WHITE);
        Drawings.ring(img, 0, 0, 99, 139, 12, Color.BLACK);
        PreprocessResult r = mnist.process(img);
        assertThat(r.digits()).hasSize(1);
        assertThat(r.digits().getFirst().box().height()).isGreaterThan(130);
    }

    @Test
    void aPictureOfThousandsOfDotsIsBoundedWork() {
        BufferedImage img = Drawings.canvas(1000, 1000, Color.WHITE);
        Graphics2D g = img.createGraphics();
        g.setColor(Color.BLACK);
        for (int y = 2; y < 990; y += 8) {
            for (int x = 2; x < 990; x += 8) g.fillRect(x, y, 4, 4); // 15 376 equal blobs
        }
        g.dispose();
        PreprocessResult r = mnist.process(img);
        assertThat(r.report().specksRemoved()).isGreaterThanOrEqualTo(15_376 - Preprocessor.MAX_BLOBS);
        assertThat(r.digits().size()).isLessThanOrEqualTo(PreprocessOptions.DEFAULT.maxDigits());
        for (DigitCrop d : r.digits()) PreprocessorPropertiesTest.assertModelSpace(d.image());
    }

    @Test
    void aBlankPictureHasNoDigits() {
        PreprocessResult r = mnist.process(Drawings.canvas(300, 200, new Color(240, 240, 240)));
        assertThat(r.digits()).isEmpty();
        assertThat(r.report().digitsFound()).isZero();
        assertThat(r.report().inkBox()).isNull();
    }

    @Test
    void severalDigitsAreReadLeftToRight() {
        BufferedImage img = Drawings.canvas(900, 300, Color.WHITE);
        Drawings.ring(img, 500, 50, 120, 200, 16, Color.BLACK);
        Drawings.bar(img, 150, 50, 200, 16, Color.BLACK);
        Drawings.ring(img, 700, 50, 120, 200, 16, Color.BLACK);
        PreprocessResult r = mnist.process(img);
        assertThat(r.digits()).hasSize(3);
        assertThat(r.digits().get(0).box().x()).isLessThan(r.digits().get(1).box().x());
        assertThat(r.digits().get(1).box().x()).isLessThan(r.digits().get(2).box().x());
        assertThat(r.digits().get(0).box().width()).isLessThan(30); // the bar
        assertThat(new Preprocessor(PreprocessOptions.DEFAULT.withSegment(false)).process(img).digits()).hasSize(1);
    }

    @Test
    void aDetachedCapJoinsTheDigitBelowIt() {
        BufferedImage img = Drawings.canvas(600, 600, Color.WHITE);
        Drawings.polyline(img, 20, Color.BLACK, 220, 150, 210, 300, 330, 280, 380, 380, 330, 480, 200, 470); // body of a 5
        Drawings.polyline(img, 20, Color.BLACK, 240, 110, 400, 110); // its cap, not touching
        assertThat(mnist.process(img).digits()).hasSize(1);
    }

    @Test
    void twoTouchingDigitsAreCutAtTheirThinnestColumn() {
        BufferedImage img = Drawings.canvas(600, 300, Color.WHITE);
        Drawings.ring(img, 100, 50, 130, 200, 16, Color.BLACK);
        Drawings.ring(img, 270, 50, 130, 200, 16, Color.BLACK);
        Drawings.polyline(img, 12, Color.BLACK, 230, 170, 270, 140); // joined by a pen stroke, as in running writing
        PreprocessResult r = mnist.process(img);
        assertThat(r.digits()).hasSize(2);
        assertThat(r.digits().get(0).box().x() + r.digits().get(0).box().width()).isBetween(238, 275);
    }

    @Test
    void hairlinesAndBlobsEndUpWithMnistStrokeWidth() {
        for (float pen : new float[] {3, 150}) { // 0.13 and 6.2 px once the digit is 20 px tall; MNIST: 1.4–5.0
            BufferedImage img = Drawings.canvas(600, 600, Color.WHITE);
            Drawings.polyline(img, pen, Color.BLACK, 150, 120, 450, 120, 300, 450); // a 7
            PreprocessResult r = mnist.process(img);
            GrayImage digit = r.digits().getFirst().image();
            GrayImage raw = new Preprocessor(PreprocessOptions.DEFAULT.withNormalizeStroke(false)).process(img).digits().getFirst().image();
            double width = Preprocessor.strokeWidth(digit);
            double rawWidth = Preprocessor.strokeWidth(raw);
            assertThat(r.report().strokeAdjustment()).as("pen %s", pen).isNotZero();
            assertThat(width).as("pen %s: raw %s, report %s", pen, rawWidth, r.report()).isBetween(1.6, 4.0);
            assertThat(Math.abs(width - 2.5)).as("pen %s", pen).isLessThan(Math.abs(rawWidth - 2.5));
        }
    }

    @Test
    void deskewStraightensASlantedBar() {
        BufferedImage img = Drawings.canvas(400, 400, Color.WHITE);
        Drawings.polyline(img, 20, Color.BLACK, 150, 50, 250, 350); // leans right-down: 18°
        PreprocessResult straight = new Preprocessor(PreprocessOptions.DEFAULT.withDeskew(true)).process(img);
        assertThat(straight.report().deskewDegrees()).isCloseTo(18.4, within(3.0));
        int[] bounds = inkBounds(straight.digits().getFirst().image());
        int[] slanted = inkBounds(mnist.process(img).digits().getFirst().image());
        assertThat(bounds[2]).isLessThan(slanted[2]);
        assertThat(mnist.process(img).report().deskewDegrees()).isZero();
    }

    @Test
    void hugePicturesAreAnalysedShrunkAndBoxesComeBackInSourcePixels() {
        BufferedImage img = Drawings.canvas(3000, 2000, Color.WHITE);
        Drawings.bar(img, 1500, 400, 1200, 60, Color.BLACK);
        PreprocessResult r = mnist.process(img);
        // at most 1024 px, and a clean drawing with a 60-px bar less still (see Preprocessor.reduceDrawing)
        assertThat(r.report().analysisScale()).isGreaterThanOrEqualTo(3000 / 1024.0);
        Box box = r.digits().getFirst().box();
        assertThat(box.x()).isBetween(1450, 1480);
        assertThat(box.height()).isBetween(1230, 1280);
    }

    @Test
    void resizeProfileKeepsTheWholePicture() {
        BufferedImage img = Drawings.canvas(64, 64, Color.WHITE);
        Drawings.bar(img, 10, 0, 64, 4, Color.BLACK);
        PreprocessResult r = Preprocessor.resize(32, 32).process(img);
        assertThat(r.digits()).hasSize(1);
        GrayImage out = r.digits().getFirst().image();
        assertThat(out.width()).isEqualTo(32);
        assertThat(out.at(20, 16)).isGreaterThan(250); // white paper stays white: no inversion
        assertThat(out.at(5, 16)).isLessThan(40);
        assertThat(r.report().profile()).isEqualTo("resize");
    }

    @Test
    void greyPngsRoundTripWithoutGammaShift() {
        float[] px = new float[16];
        for (int i = 0; i < px.length; i++) px[i] = i * 17;
        GrayImage g = new GrayImage(4, 4, px);
        GrayImage back = GrayImages.luminance(ImageDecoder.decode(GrayImages.toPng(g)));
        assertThat(back.pixels()).containsExactly(px, within(0.01f));
        assertThat(GrayImages.luminance(ImageDecoder.decode(GrayImages.toPng(g, 3))).width()).isEqualTo(12);
    }

    @Test
    void areaAveragingKeepsTheMeanAndSpreadsThinLines() {
        float[] px = new float[100 * 100];
        for (int y = 0; y < 100; y++) px[y * 100 + 50] = 255; // a 1-px line
        GrayImage small = Resampler.resize(new GrayImage(100, 100, px), 10, 10);
        double mean = 0;
        for (float v : small.pixels()) mean += v;
        assertThat(mean / 100).isCloseTo(2.55, within(0.01));
        assertThat(small.at(5, 5)).isCloseTo(25.5f, within(0.01f)); // grey, not dropped as nearest would
    }
}
