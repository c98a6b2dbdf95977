package dev.inkwell.monitor.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import dev.inkwell.image.GrayImage;
import dev.inkwell.image.GrayImages;
import dev.inkwell.image.ImageDecoder;
import java.util.Arrays;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;

class FeatureExtractorTest {
    private static final float[] CERTAIN = {0, 0, 0, 0, 0, 0, 0, 1, 0, 0};

    private static GrayImage blank() {
        return new GrayImage(28, 28, new float[28 * 28]);
    }

    @Example
    void scoresOfTheProbabilities() {
        FeatureRow certain = FeatureExtractor.of("7", CERTAIN, blank());
        assertThat(certain.get(Feature.TOP_PROBABILITY)).isEqualTo(1);
        assertThat(certain.get(Feature.MARGIN)).isEqualTo(1);
        assertThat(certain.get(Feature.ENTROPY)).isZero();

        float[] uniform = new float[10];
        Arrays.fill(uniform, 0.1f);
        FeatureRow unsure = FeatureExtractor.of("0", uniform, blank());
        assertThat(unsure.get(Feature.TOP_PROBABILITY)).isCloseTo(0.1, offset(1e-6));
        assertThat(unsure.get(Feature.MARGIN)).isCloseTo(0, offset(1e-6));
        assertThat(unsure.get(Feature.ENTROPY)).isCloseTo(Math.log(10), offset(1e-5));

        FeatureRow split = FeatureExtractor.of("3", new float[] {0.6f, 0.3f, 0.1f}, blank());
        assertThat(split.get(Feature.MARGIN)).isCloseTo(0.3, offset(1e-6));
        assertThat(split.predictedClass()).isEqualTo("3");
    }

    @Example
    void aBlankInputHasNoInkBoxOrCentre() {
        FeatureRow row = FeatureExtractor.of("1", CERTAIN, blank());
        assertThat(row.get(Feature.MEAN_INTENSITY)).isZero();
        assertThat(row.get(Feature.INK_FRACTION)).isZero();
        assertThat(row.get(Feature.INK_BOX_WIDTH)).isNaN();
        assertThat(row.get(Feature.CENTER_OF_MASS_X)).isNaN();
    }

    @Example
    void aBarIsMeasured() {
        float[] px = new float[28 * 28];
        for (int y = 4; y < 24; y++) {
            px[y * 28 + 10] = 255;
            px[y * 28 + 11] = 255;
            px[y * 28 + 12] = 40; // anti-aliased edge: in the box (over 20 %), not ink (under 50 %)
        }
        FeatureRow row = FeatureExtractor.of("1", CERTAIN, new GrayImage(28, 28, px));
        assertThat(row.get(Feature.INK_BOX_X)).isEqualTo(10);
        assertThat(row.get(Feature.INK_BOX_Y)).isEqualTo(4);
        assertThat(row.get(Feature.INK_BOX_WIDTH)).isEqualTo(2);
        assertThat(row.get(Feature.INK_BOX_HEIGHT)).isEqualTo(20);
        assertThat(row.get(Feature.INK_FRACTION)).isCloseTo(40.0 / 784, offset(1e-9));
        assertThat(row.get(Feature.MEAN_INTENSITY)).isCloseTo(20 * (255 + 255 + 40) / 255.0 / 784, offset(1e-9));
        assertThat(row.get(Feature.CENTER_OF_MASS_Y)).isCloseTo(14, offset(1e-9));
        assertThat(row.get(Feature.CENTER_OF_MASS_X)).isCloseTo((10.5 * 255 + 11.5 * 255 + 12.5 * 40) / 550, offset(1e-9));
    }

    @Property(tries = 50)
    void featuresSurviveTheCapturesPngRoundTrip(@ForAll @Size(value = 784) float[] values) {
        float[] px = values.clone();
        for (int i = 0; i < px.length; i++) px[i] = Math.abs(px[i]) % 300; // over 255 too: both sides clamp
        GrayImage image = new GrayImage(28, 28, px);
        GrayImage back = GrayImages.luminance(ImageDecoder.decode(GrayImages.toPng(image)));
        FeatureRow a = FeatureExtractor.of("5", CERTAIN, image);
        FeatureRow b = FeatureExtractor.of("5", CERTAIN, back);
        assertThat(b.numbers()).containsExactly(a.numbers(), offset(1e-12));
    }

    @Property(tries = 100)
    void topAndMarginStayInRange(@ForAll @Size(min = 1, max = 20) float[] probabilities) {
        for (int i = 0; i < probabilities.length; i++) probabilities[i] = Math.abs(probabilities[i]) % 1;
        FeatureRow row = FeatureExtractor.of("x", probabilities, blank());
        assertThat(row.get(Feature.TOP_PROBABILITY)).isBetween(0.0, 1.0);
        assertThat(row.get(Feature.MARGIN)).isBetween(0.0, row.get(Feature.TOP_PROBABILITY));
        assertThat(row.get(Feature.ENTROPY)).isGreaterThanOrEqualTo(0);
    }

    @Example
    void namesAreModelMonitorsColumns() {
        assertThat(Feature.byName("top_probability")).contains(Feature.TOP_PROBABILITY);
        assertThat(Feature.NUMERIC).hasSize(11).doesNotContain(Feature.PREDICTED_CLASS);
        assertThat(Feature.PREDICTED_CLASS.type()).isEqualTo(InferredType.STRING);
        assertThat(Feature.INK_BOX_WIDTH.type().jsonName()).isEqualTo("Integral");
    }
}
