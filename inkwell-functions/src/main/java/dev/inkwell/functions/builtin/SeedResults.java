package dev.inkwell.functions.builtin;

import dev.inkwell.inference.Classification;
import dev.inkwell.inference.ModelCard;
import dev.inkwell.recognition.Recognition;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Seed 001's {@code results.txt}: one line per class, most probable first, {@code class=7 ; probability=0.999981}
 * (six decimals), for the picture's reading (its only digit, or the main one); a picture of several digits adds
 * {@code number=207 ; probability=0.998812} (the digits read left to right, and the chance all are right).
 */
public final class SeedResults {
    private SeedResults() {
    }

    public static String text(ModelCard card, Recognition recognition) {
        Classification c = recognition.primary().classification();
        float[] p = c.probabilities();
        List<Integer> order = new ArrayList<>(p.length);
        for (int i = 0; i < p.length; i++) order.add(i);
        // most probable first; equal probabilities keep class order
        order.sort(Comparator.comparingDouble((Integer i) -> -p[i]).thenComparingInt(i -> i));
        StringBuilder out = new StringBuilder();
        for (int i : order) {
            out.append("class=").append(card.classNames().get(i)).append(" ; probability=").append(decimals(p[i])).append('\n');
        }
        if (recognition.digits().size() > 1) {
            out.append("number=").append(recognition.number()).append(" ; probability=").append(decimals(recognition.numberProbability())).append('\n');
        }
        return out.toString();
    }

    private static String decimals(double v) {
        return String.format(Locale.ROOT, "%.6f", v);
    }
}
