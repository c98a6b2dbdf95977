package dev.inkwell.evaluation;

/** Precision, recall and F1 of one class; NaN where undefined (no predictions or no samples of that class). */
public record ClassMetrics(String name, double precision, double recall, double f1, int support) {
}
