package dev.inkwell.evaluation;

import dev.inkwell.core.InkwellException;
import dev.inkwell.core.InputLocation;
import dev.inkwell.core.InvalidInputException;
import dev.inkwell.core.Progress;
import dev.inkwell.dataset.Dataset;
import dev.inkwell.dataset.Datasets;
import dev.inkwell.dataset.ImageSamples;
import dev.inkwell.dataset.Sample;
import dev.inkwell.dataset.SampleReader;
import dev.inkwell.image.GrayImage;
import dev.inkwell.image.RgbImage;
import dev.inkwell.inference.Classification;
import dev.inkwell.inference.ImageClassifier;
import dev.inkwell.inference.ModelCard;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * Evaluates a classifier (ONNX Runtime, no training stack) on a labelled dataset whose images are already in model
 * space (MNIST-style IDX, CSV, image folders of model-sized images): the test split when the dataset has one,
 * else all of it.
 */
public final class ModelEvaluator {
    private static final int BATCH = 256;

    private ModelEvaluator() {
    }

    /** What was evaluated and how it went; {@code image(i)} draws sample i (for the mistakes grid). */
    public record Result(Evaluation evaluation, String split, List<Sample> samples) {
        public BufferedImage image(int index) {
            return ImageSamples.toBufferedImage(samples.get(index));
        }
    }

    /** @param limit at most this many samples (0: all) */
    public static Result evaluate(ImageClassifier classifier, Path data, int limit, Progress progress) {
        return evaluate(classifier, Datasets.open(data), limit, progress);
    }

    /**
     * As {@link #evaluate(ImageClassifier, Path, int, Progress)}, on any dataset (files or a samples table). Grey
     * images go to the classifier as they are, RGB ones in colour (a grey model sees their luma).
     */
    public static Result evaluate(ImageClassifier classifier, Dataset dataset, int limit, Progress progress) {
        String split = dataset.splits().contains("test") ? "test" : "all";
        ModelCard card = classifier.card();
        int k = card.classNames().size();
        List<Sample> samples = new ArrayList<>();
        float[] probabilities = new float[1024 * k];
        long expected = limit > 0 ? limit : -1;
        progress.start("evaluating " + card.name(), expected);
        try (SampleReader reader = "test".equals(split) ? dataset.open(Set.of("test")) : dataset.open()) {
            List<Sample> batch = new ArrayList<>(BATCH);
            Sample first = null;
            for (Sample s = reader.next(); s != null && (limit <= 0 || samples.size() + batch.size() < limit); s = reader.next()) {
                if (first == null) first = s;
                check(s, card, k, first);
                batch.add(s);
                if (batch.size() == BATCH) {
                    probabilities = classify(classifier, batch, samples, probabilities, k);
                    progress.advance(BATCH);
                }
            }
            int last = batch.size();
            probabilities = classify(classifier, batch, samples, probabilities, k);
            progress.advance(last);
        } finally {
            progress.close();
        }
        if (samples.isEmpty()) throw new InkwellException(dataset.location() + ": no labelled images to evaluate");
        int n = samples.size();
        int[] labels = samples.stream().mapToInt(Sample::label).toArray();
        Evaluation e = Evaluation.of(labels, Arrays.copyOf(probabilities, n * k), card.classNames(), 32);
        return new Result(e, split, samples);
    }

    /** Classifies {@code batch}, moves it to {@code done} and returns the (possibly grown) probabilities array. */
    private static float[] classify(ImageClassifier classifier, List<Sample> batch, List<Sample> done, float[] probabilities, int k) {
        if (batch.isEmpty()) return probabilities;
        List<Classification> results = batch.getFirst().channels() == 3
                ? classifier.classifyRgb(batch.stream().map(x -> new RgbImage(x.width(), x.height(), values(x))).toList())
                : classifier.classify(batch.stream().map(x -> new GrayImage(x.width(), x.height(), values(x))).toList());
        int needed = (done.size() + results.size()) * k;
        if (needed > probabilities.length) probabilities = Arrays.copyOf(probabilities, Math.max(needed, probabilities.length * 2));
        for (int i = 0; i < results.size(); i++) {
            System.arraycopy(results.get(i).probabilities(), 0, probabilities, (done.size() + i) * k, k);
        }
        done.addAll(batch);
        batch.clear();
        return probabilities;
    }

    private static void check(Sample s, ModelCard card, int k, Sample first) {
        InputLocation where = InputLocation.file(s.source());
        if (s.label() == null) throw new InvalidInputException(where, "sample has no label: evaluation needs labelled data");
        if (s.label() >= k) {
            throw new InvalidInputException(where, "label " + s.label() + " but the model has " + k + " classes");
        }
        if (s.channels() != first.channels()) {
            throw new InvalidInputException(where, "image has " + s.channels() + " channels but " + first.source() + " has "
                    + first.channels() + ": a dataset is all grey or all RGB");
        }
        if (s.width() != card.inputWidth() || s.height() != card.inputHeight()) {
            throw new InvalidInputException(where, "image is " + s.width() + "×" + s.height() + " but the model takes "
                    + card.inputWidth() + "×" + card.inputHeight() + " (evaluate expects images already in model space)");
        }
    }

    /** The sample's bytes as 0–255 floats, channels interleaved as they are. */
    private static float[] values(Sample s) {
        float[] px = new float[s.pixels().length];
        for (int i = 0; i < px.length; i++) px[i] = s.pixels()[i] & 0xff;
        return px;
    }
}
