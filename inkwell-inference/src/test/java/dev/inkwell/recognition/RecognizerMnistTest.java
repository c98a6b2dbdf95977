package dev.inkwell.recognition;

import static org.assertj.core.api.Assertions.assertThat;

import dev.inkwell.image.GrayImage;
import dev.inkwell.image.GrayImages;
import dev.inkwell.preprocess.PreprocessOptions;
import dev.inkwell.preprocess.PreprocessResult;
import dev.inkwell.preprocess.Preprocessor;
import dev.inkwell.testkit.Mnist8;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** MNIST itself, sent as pictures through the whole pipeline, must come out as MNIST and be read as well. */
class RecognizerMnistTest {
    private static final Logger LOG = LoggerFactory.getLogger(RecognizerMnistTest.class);
    private static final int COUNT = 1000;

    @Test
    void readsTheFirstThousandMnistTestDigitsSentAsPngPictures() {
        List<GrayImage> images = Mnist8.testImages(COUNT);
        int[] labels = Mnist8.testLabels(COUNT);
        Recognizer recognizer = new Recognizer(Mnist8.classifier(), PreprocessOptions.DEFAULT);
        int correct = 0;
        for (int i = 0; i < COUNT; i++) {
            Recognition r = recognizer.recognize(GrayImages.toPng(images.get(i)), "t10k record " + i);
            if (r.number().equals(Integer.toString(labels[i]))) correct++;
        }
        LOG.info("mnist-8 through Inkwell's preprocessing, first {} MNIST test digits as PNG: {} %", COUNT, correct * 100.0 / COUNT);
        assertThat(correct / (double) COUNT).isGreaterThanOrEqualTo(0.985);
    }

    @Test
    void preprocessingLeavesMnistDigitsAsTheyWere() {
        // MNIST digits are already cropped, fitted to 20 px and centred by mass: the recipe must be (nearly) a no-op
        Preprocessor preprocessor = new Preprocessor(PreprocessOptions.DEFAULT);
        List<GrayImage> images = Mnist8.testImages(300);
        double totalDiff = 0;
        int unchanged = 0;
        for (GrayImage original : images) {
            PreprocessResult result = preprocessor.process(original);
            GrayImage processed = result.digits().getFirst().image();
            double diff = 0;
            for (int i = 0; i < 784; i++) diff += Math.abs(processed.pixels()[i] - original.pixels()[i]);
            diff /= 784;
            totalDiff += diff;
            if (diff < 1) unchanged++;
        }
        LOG.info("MNIST through preprocessing: mean |difference| {} grey levels, {} of {} within 1 level",
                totalDiff / images.size(), unchanged, images.size());
        assertThat(totalDiff / images.size()).isLessThan(2.0);
        assertThat(unchanged).isGreaterThan(270);
    }
}
