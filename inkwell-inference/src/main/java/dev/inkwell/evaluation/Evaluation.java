package dev.inkwell.evaluation;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How well a classifier did on a labelled set: accuracy, per-class precision/recall/F1, the confusion matrix
 * (rows: true class, columns: predicted) and the most confident mistakes.
 */
public record Evaluation(List<String> classNames, int count, double accuracy, double macroF1, int[][] confusion,
                         List<ClassMetrics> perClass, List<Mistake> mostConfidentMistakes) {

    /**
     * @param labels        true class per sample
     * @param probabilities {@code labels.length × classNames.size()} class probabilities, row-major
     * @param keepMistakes  how many of the most confident mistakes to keep
     */
    public static Evaluation of(int[] labels, float[] probabilities, List<String> classNames, int keepMistakes) {
        int k = classNames.size();
        if (probabilities.length != labels.length * k) {
            throw new IllegalArgumentException("expected " + labels.length + "×" + k + " probabilities, got " + probabilities.length);
        }
        int[][] confusion = new int[k][k];
        List<Mistake> mistakes = new ArrayList<>();
        int correct = 0;
        for (int i = 0; i < labels.length; i++) {
            int predicted = argMax(probabilities, i * k, k);
            int label = labels[i];
            if (label < 0 || label >= k) throw new IllegalArgumentException("sample " + i + " has label " + label + " outside 0.." + (k - 1));
            confusion[label][predicted]++;
            if (predicted == label) {
                correct++;
            } else {
                mistakes.add(new Mistake(i, label, predicted, probabilities[i * k + predicted]));
            }
        }
        mistakes.sort(Comparator.comparingDouble(Mistake::confidence).reversed().thenComparingInt(Mistake::index));
        List<ClassMetrics> perClass = new ArrayList<>(k);
        double f1Sum = 0;
        int f1Count = 0;
        for (int c = 0; c < k; c++) {
            int tp = confusion[c][c];
            int predictedC = 0;
            int actualC = 0;
            for (int j = 0; j < k; j++) {
                predictedC += confusion[j][c];
                actualC += confusion[c][j];
            }
            double precision = predictedC == 0 ? Double.NaN : (double) tp / predictedC;
            double recall = actualC == 0 ? Double.NaN : (double) tp / actualC;
            double f1 = Double.isNaN(precision) || Double.isNaN(recall) ? Double.NaN
                    : precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
            if (!Double.isNaN(f1)) {
                f1Sum += f1;
                f1Count++;
            }
            perClass.add(new ClassMetrics(classNames.get(c), precision, recall, f1, actualC));
        }
        double accuracy = labels.length == 0 ? Double.NaN : (double) correct / labels.length;
        return new Evaluation(List.copyOf(classNames), labels.length, accuracy, f1Count == 0 ? Double.NaN : f1Sum / f1Count,
                confusion, List.copyOf(perClass), List.copyOf(mistakes.subList(0, Math.min(keepMistakes, mistakes.size()))));
    }

    public int errors() {
        int e = 0;
        for (int i = 0; i < confusion.length; i++) {
            for (int j = 0; j < confusion.length; j++) if (i != j) e += confusion[i][j];
        }
        return e;
    }

    /** The figures as plain maps, for JSON (NaN becomes null). */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("count", count);
        m.put("accuracy", finite(accuracy));
        m.put("errors", errors());
        m.put("macroF1", finite(macroF1));
        List<Map<String, Object>> classes = new ArrayList<>();
        for (ClassMetrics c : perClass) {
            Map<String, Object> cm = new LinkedHashMap<>();
            cm.put("name", c.name());
            cm.put("precision", finite(c.precision()));
            cm.put("recall", finite(c.recall()));
            cm.put("f1", finite(c.f1()));
            cm.put("support", c.support());
            classes.add(cm);
        }
        m.put("perClass", classes);
        m.put("confusion", confusion);
        return m;
    }

    /** A text report: accuracy, the per-class table and the confusion matrix. */
    public String toText() {
        StringBuilder s = new StringBuilder();
        s.append(String.format("accuracy %.2f%% (%d of %d wrong), macro F1 %.4f%n%n", 100 * accuracy, errors(), count, macroF1));
        int w = Math.max(5, classNames.stream().mapToInt(String::length).max().orElse(5));
        s.append(String.format("%-" + w + "s  precision  recall      f1  support%n", "class"));
        for (ClassMetrics c : perClass) {
            s.append(String.format("%-" + w + "s  %9.4f  %6.4f  %6.4f  %7d%n", c.name(), c.precision(), c.recall(), c.f1(), c.support()));
        }
        s.append(String.format("%nconfusion matrix (rows: true class, columns: predicted)%n"));
        int cell = Math.max(5, String.valueOf(count).length() + 1);
        s.append(" ".repeat(w));
        for (String n : classNames) s.append(String.format("%" + cell + "s", abbreviate(n, cell - 1)));
        s.append(System.lineSeparator());
        for (int i = 0; i < confusion.length; i++) {
            s.append(String.format("%-" + w + "s", classNames.get(i)));
            for (int j = 0; j < confusion.length; j++) s.append(String.format("%" + cell + "d", confusion[i][j]));
            s.append(System.lineSeparator());
        }
        return s.toString();
    }

    private static String abbreviate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max);
    }

    private static Object finite(double v) {
        return Double.isFinite(v) ? v : null;
    }

    static int argMax(float[] p, int offset, int k) {
        int best = 0;
        for (int j = 1; j < k; j++) {
            if (p[offset + j] > p[offset + best]) best = j;
        }
        return best;
    }
}
