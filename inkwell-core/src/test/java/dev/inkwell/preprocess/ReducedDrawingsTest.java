package dev.inkwell.preprocess;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.FloatRange;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** Big clean drawings are analysed reduced (Preprocessor.reduceDrawing): the same invariants as at full size. */
class ReducedDrawingsTest {
    private static final Preprocessor MNIST = new Preprocessor(PreprocessOptions.DEFAULT);

    static BufferedImage scribble(int w, int h, float pen, long seed, int dx, int dy) {
        BufferedImage img = Drawings.canvas(w, h, Color.WHITE);
        Random r = new Random(seed);
        double[] xy = new double[2 * (2 + r.nextInt(5))];
        for (int i = 0; i < xy.length; i += 2) {
            xy[i] = dx + pen + r.nextDouble() * (300 - 2 * pen);
            xy[i + 1] = dy + pen + r.nextDouble() * (360 - 2 * pen);
        }
        Drawings.polyline(img, pen, Color.BLACK, xy);
        return img;
    }

    @Property(tries = 30)
    void outputIsModelSpaceAndBoxesLieInTheSource(@ForAll @FloatRange(min = 1f, max = 40f) float pen, @ForAll long seed,
                                                  @ForAll @IntRange(min = 0, max = 200) int dx, @ForAll @IntRange(min = 0, max = 100) int dy) {
        BufferedImage img = scribble(600 + dx, 520, pen, seed, 20 + dx, 20 + dy / 2);
        PreprocessResult r = MNIST.process(img);
        assertThat(r.digits()).isNotEmpty();
        for (DigitCrop d : r.digits()) {
            PreprocessorPropertiesTest.assertModelSpace(d.image());
            for (float v : d.image().pixels()) assertThat(Float.isNaN(v)).isFalse();
            assertThat(d.box().x() + d.box().width()).isLessThanOrEqualTo(img.getWidth());
            assertThat(d.box().y() + d.box().height()).isLessThanOrEqualTo(img.getHeight());
        }
    }

    @Property(tries = 20)
    void movingTheInkChangesNothing(@ForAll @FloatRange(min = 12f, max = 40f) float pen, @ForAll long seed,
                                    @ForAll @IntRange(min = 0, max = 150) int dx, @ForAll @IntRange(min = 0, max = 100) int dy) {
        PreprocessResult one = MNIST.process(scribble(700, 600, pen, seed, 30, 30));
        PreprocessResult two = MNIST.process(scribble(700, 600, pen, seed, 30 + dx, 30 + dy));
        assertThat(one.report().analysisScale()).isEqualTo(two.report().analysisScale());
        assertThat(one.digits()).hasSameSizeAs(two.digits());
        for (int i = 0; i < one.digits().size(); i++) {
            float[] a = one.digits().get(i).image().pixels();
            float[] b = two.digits().get(i).image().pixels();
            for (int j = 0; j < a.length; j++) assertThat(Math.abs(a[j] - b[j])).as("pixel %d", j).isLessThanOrEqualTo(1f);
        }
    }

    @Test
    void aThickCanvasIsReducedAndAThinOneIsNot() {
        BufferedImage thick = Drawings.canvas(600, 600, Color.WHITE);
        Drawings.polyline(thick, 30, Color.BLACK, 180, 140, 420, 140, 250, 480);
        assertThat(MNIST.process(thick).report().analysisScale()).isGreaterThanOrEqualTo(2);
        BufferedImage thin = Drawings.canvas(600, 600, Color.WHITE);
        Drawings.polyline(thin, 3, Color.BLACK, 180, 140, 420, 140, 250, 480);
        assertThat(MNIST.process(thin).report().analysisScale()).isEqualTo(1);
    }

    @Test
    void aBlankBigCanvasHasNoDigits() {
        assertThat(MNIST.process(Drawings.canvas(800, 600, Color.WHITE)).digits()).isEmpty();
    }
}
