package dev.inkwell.inference;

import dev.inkwell.image.GrayImage;
import dev.inkwell.preprocess.*;
import dev.inkwell.testing.SharedData;
import dev.inkwell.testkit.Mnist8;
import java.util.*;

public class ScalingProbe {
    public static void main(String[] a) throws Exception {
        int n = Integer.parseInt(a[0]);
        List<GrayImage> imgs = Mnist8.testImages(n);
        int[] labels = Mnist8.testLabels(n);
        ModelCard card = new ModelCard("mnist-8", null, null, 0, 28, 28, 1, "0-1", 0, 1, "mnist", null, null, null, null, Map.of(), null, null);
        try (OnnxImageClassifier c = OnnxImageClassifier.load(SharedData.mnist8Onnx(), card, 1)) {
            for (PreprocessOptions o : List.of(PreprocessOptions.DEFAULT, PreprocessOptions.DEFAULT.withNormalizeStroke(false), PreprocessOptions.DEFAULT.withSegment(false))) {
                Preprocessor p = new Preprocessor(o);
                List<GrayImage> pre = new ArrayList<>(); for (GrayImage g : imgs) pre.add(p.process(g).digits().get(0).image());
                List<Classification> r = c.classify(pre);
                List<Classification> raw = c.classify(imgs);
                int ok = 0, flips = 0; 
                for (int i = 0; i < r.size(); i++) { if (r.get(i).index() == labels[i]) ok++; if (raw.get(i).index() == labels[i] && r.get(i).index() != labels[i]) flips++; }
                System.out.printf("n=%d %s accuracy %.2f%% lostVsRaw %d%n", n, o, ok * 100.0 / n, flips);
            }
        }
    }
}
