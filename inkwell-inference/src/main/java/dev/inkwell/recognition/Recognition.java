package dev.inkwell.recognition;

import dev.inkwell.preprocess.PreprocessReport;
import java.util.Comparator;
import java.util.List;

/**
 * What was read from one picture.
 *
 * @param digits  every digit found, left to right (never empty: a blank picture is refused by the recognizer)
 * @param number  the digits' class names concatenated left to right, e.g. "2024"; for one digit its class name
 * @param report  what preprocessing did; null when the input was already in model space
 * @param timings preprocessing and inference time
 */
public record Recognition(List<DigitReading> digits, String number, PreprocessReport report, Timings timings) {
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
        if (digits.size() == 1) return digits.getFirst();
        return digits.stream().max(Comparator
                        .comparingLong((DigitReading d) -> (long) d.box().width() * d.box().height())
                        .thenComparingDouble(d -> d.classification().probability()))
                .orElseThrow();
    }

    /** Probability that every digit is right (product of the digits' probabilities, read as independent). */
    public double numberProbability() {
        double p = 1;
        for (DigitReading d : digits) p *= d.classification().probability();
        return p;
    }
}
