package dev.inkwell.monitor;

import dev.inkwell.core.InkwellException;
import dev.inkwell.core.InputLocation;
import dev.inkwell.core.InvalidInputException;
import dev.inkwell.core.Progress;
import dev.inkwell.dataset.Dataset;
import dev.inkwell.dataset.Sample;
import dev.inkwell.dataset.SampleReader;
import dev.inkwell.image.GrayImage;
import dev.inkwell.inference.Classification;
import dev.inkwell.inference.ModelCard;
import dev.inkwell.monitor.features.FeatureExtractor;
import dev.inkwell.monitor.stats.Constraints;
import dev.inkwell.monitor.stats.StatisticsBuilder;
import dev.inkwell.recognition.DigitReading;
import dev.inkwell.recognition.Recognition;
import dev.inkwell.recognition.Recognizer;
import java.util.ArrayList;
import java.util.List;

/**
 * Makes a {@link Baseline}: runs a model over a dataset whose images are in model space (MNIST-style), through the
 * recognizer's model-input path (the one pixel-row requests take), and computes the features of every reading.
 */
public final class BaselineBuilder {
    private static final int BATCH = 256;

    private BaselineBuilder() {
    }

    /**
     * @param dataset the images to read, all of them (narrow it to a split first)
     * @param limit   at most this many (0: all)
     */
    public static Baseline build(Recognizer recognizer, Dataset dataset, int limit, Progress progress) {
        ModelCard card = recognizer.classifier().card();
        StatisticsBuilder stats = new StatisticsBuilder();
        progress.start("baseline of " + card.name() + " on " + dataset.shortName(), limit > 0 ? limit : dataset.expectedCount());
        try (SampleReader reader = dataset.open()) {
            List<GrayImage> batch = new ArrayList<>(BATCH);
            long read = 0;
            for (Sample s = reader.next(); s != null && (limit <= 0 || read < limit); s = reader.next()) {
                batch.add(image(s, card));
                read++;
                if (batch.size() == BATCH) add(recognizer, batch, stats, progress);
            }
            add(recognizer, batch, stats, progress);
        } finally {
            progress.close();
        }
        if (stats.items() == 0) throw new InkwellException(dataset.location() + ": no images to make a baseline from");
        var statistics = stats.build();
        return new Baseline(statistics, Constraints.suggest(statistics));
    }

    private static void add(Recognizer recognizer, List<GrayImage> batch, StatisticsBuilder stats, Progress progress) {
        if (batch.isEmpty()) return;
        for (Recognition r : recognizer.recognizeModelInputs(batch)) {
            DigitReading d = r.primary();
            Classification c = d.classification();
            stats.add(FeatureExtractor.of(c.name(), c.probabilities(), d.modelInput()));
        }
        progress.advance(batch.size());
        batch.clear();
    }

    private static GrayImage image(Sample s, ModelCard card) {
        InputLocation where = InputLocation.file(s.source());
        if (s.channels() != 1) throw new InvalidInputException(where, "image has " + s.channels() + " channels: a baseline reads grey images");
        if (s.width() != card.inputWidth() || s.height() != card.inputHeight()) {
            throw new InvalidInputException(where, "image is " + s.width() + "×" + s.height() + " but model " + card.name() + " takes "
                    + card.inputWidth() + "×" + card.inputHeight() + " (a baseline reads images already in model space)");
        }
        float[] px = new float[s.pixels().length];
        for (int i = 0; i < px.length; i++) px[i] = s.pixels()[i] & 0xff;
        return new GrayImage(s.width(), s.height(), px);
    }
}
