package dev.inkwell.preprocess;

import java.util.List;

/** The digits found in a picture, left to right (empty when it holds no ink), and what was done to find them. */
public record PreprocessResult(List<DigitCrop> digits, PreprocessReport report) {
    public PreprocessResult {
        digits = List.copyOf(digits);
    }
}
