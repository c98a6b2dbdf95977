package dev.inkwell.recognition;

import dev.inkwell.inference.Classification;
import dev.inkwell.preprocess.PreprocessReport;
import java.util.List;
import java.util.Locale;

/**
 * What was read from one picture.
 *
 * @param digits  every digit found, left to right (never empty: a blank picture is refused by the recognizer)
 * @param number  the digits' class names concatenated left to right, e.g. "2024"; for one digit its class name
 * @param report  what preprocessing did; null when the input was already in model space
 * @param timings preprocessing and inference time
 */
public record Recognition(List<DigitReading> digits, String number, PreprocessReport report, Timings timings) {
    /**
     * A reading whose number probability is below this is more likely wrong than right, and says so (see
     * {@link #confidence()}). Misread pictures mostly come with a low probability (every misreading of the photo
     * fixtures and of 180 random photos did), though not always: mnist-8 calls an asterisk an "8" at 88 %.
     */
    public static final double CONFIDENT = 0.5;

    public Recognition {
        digits = List.copyOf(digits);
        if (digits.isEmpty()) throw new IllegalArgumentException("a recognition has at least one digit");
    }

    /**
     * The one reading that answers "which class is this picture?": the only digit, or, when several were found,
     * the one with the largest box. The largest mark is what the writer meant as the symbol; a stray stroke that
     * survived speck removal is smaller, and may well be read with a higher (meaningless) confidence.
     * Ties go to the more confident reading.
     */
    public DigitReading primary() {
        return digits.get(primaryIndex());
    }

    /** Where {@link #primary()} is in {@link #digits()}. */
    public int primaryIndex() {
        int best = 0;
        for (int i = 1; i < digits.size(); i++) {
            if (larger(digits.get(i), digits.get(best))) best = i;
        }
        return best;
    }

    /** A larger box, or as large and more confident (of equal ones, the first). */
    private static boolean larger(DigitReading a, DigitReading b) {
        long areaA = (long) a.box().width() * a.box().height();
        long areaB = (long) b.box().width() * b.box().height();
        if (areaA != areaB) return areaA > areaB;
        return Double.compare(a.classification().probability(), b.classification().probability()) > 0;
    }

    /** Probability that every digit is right (product of the digits' probabilities, read as independent). */
    public double numberProbability() {
        double p = 1;
        for (DigitReading d : digits) p *= d.classification().probability();
        return p;
    }

    /**
     * Confident when the number probability is at least {@link #CONFIDENT} (so is every digit's, the product being
     * at most the least); otherwise the reason names the least sure digit.
     */
    public Confidence confidence() {
        double p = numberProbability();
        if (p >= CONFIDENT) return Confidence.SURE;
        int weakest = 0;
        for (int i = 1; i < digits.size(); i++) {
            if (digits.get(i).classification().probability() < digits.get(weakest).classification().probability()) weakest = i;
        }
        Classification c = digits.get(weakest).classification();
        if (digits.size() == 1) {
            return Confidence.doubtful(String.format(Locale.ROOT, "read as %s with only %s probability", c.name(), percent(p)));
        }
        return Confidence.doubtful(String.format(Locale.ROOT, "number probability %s; least sure: digit %d of %d, read as %s with %s",
                percent(p), weakest + 1, digits.size(), c.name(), percent(c.probability())));
    }

    private static String percent(double p) {
        return String.format(Locale.ROOT, "%.1f %%", 100 * p);
    }
}
