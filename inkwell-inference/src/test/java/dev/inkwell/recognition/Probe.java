package dev.inkwell.recognition;

import dev.inkwell.image.GrayImage;
import dev.inkwell.preprocess.*;
import dev.inkwell.testkit.Mnist8;
import java.util.*;

public class Probe {
    public static void main(String[] a) {
        int n = Integer.parseInt(a[0]);
        List<GrayImage> imgs = Mnist8.testImages(n);
        int[] labels = Mnist8.testLabels(n);
        Preprocessor p = new Preprocessor(PreprocessOptions.DEFAULT.withNormalizeStroke(false));
        List<Double> widths = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            PreprocessResult r = p.process(imgs.get(i));
            widths.add(r.report().strokeWidth());
            if (r.digits().size() > 1) {
                StringBuilder s = new StringBuilder("#" + i + " label " + labels[i] + ":");
                for (DigitCrop d : r.digits()) s.append(" ").append(d.box());
                System.out.println(s);
            }
        }
        Collections.sort(widths);
        System.out.printf("width p1 %.2f p5 %.2f p50 %.2f p95 %.2f p99 %.2f%n", widths.get(n/100), widths.get(n/20), widths.get(n/2), widths.get(95*n/100), widths.get(99*n/100));
    }
}
