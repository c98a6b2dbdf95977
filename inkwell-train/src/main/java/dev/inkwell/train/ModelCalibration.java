package dev.inkwell.train;

import dev.inkwell.core.InkwellException;
import dev.inkwell.inference.ModelCard;
import dev.inkwell.inference.ModelCards;
import dev.inkwell.dataset.Dataset;
import dev.inkwell.model.ModelFiles;
import dev.inkwell.model.ModelRef;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Calibrates a model that was trained without it ({@code train --no-calibrate}, or before calibration existed):
 * rebuilds the exact validation split of its training run from the card's seed and split fraction, fits a
 * temperature on it ({@link Calibration}) and writes the calibrated model folder. The data must be the data the model
 * was trained on (checked by fingerprint), otherwise the "held-out" images could be training images.
 */
public final class ModelCalibration {

    private ModelCalibration() {
    }

    /** @param model a model folder written by {@code train} or a bundled model */
    public static ModelCard run(ModelRef model, Dataset data, Path out, String inkwellVersion) {
        BaseModel base = BaseModel.resolve(model, "calibration");
        ModelCard card = base.card();
        double fraction = option(card, "validationSplit");
        if (!(fraction > 0)) {
            throw new InkwellException(base.label() + " was trained without a validation split: there are no held-out images to calibrate on");
        }
        if (card.seed() == null) throw new InkwellException(base.label() + ": its card has no seed, so its validation split cannot be rebuilt");
        TrainingData all = TrainingData.load(data, "train", (int) option(card, "limit"), card.classNames());
        if (card.datasetFingerprint() != null && !card.datasetFingerprint().equals(all.fingerprint())) {
            throw new InkwellException(data.location() + " is not the data " + card.name() + " was trained on (fingerprint " + all.fingerprint()
                    + ", card says " + card.datasetFingerprint() + "): its validation images cannot be told apart");
        }
        ImageSet validation = all.images().split(fraction, card.seed()).validation();
        Architecture arch = base.architecture();
        InputShape in = new InputShape(card.inputChannels(), card.inputHeight(), card.inputWidth());
        TrainingSession.WarmStart start = new TrainingSession.WarmStart(base.parameters(), (float) card.mean(), (float) card.std(), false, 1);
        try (TrainedModel m = TrainingSession.load(arch, in, card.classNames(), start)) {
            Calibration c = m.calibrate(validation);
            double previous = card.temperature();
            Map<String, Object> metrics = new LinkedHashMap<>(card.metrics());
            metrics.put("temperature", previous * c.temperature());
            if (previous == 1) metrics.put("validationLogLossUncalibrated", c.logLossBefore());
            metrics.put("validationLogLoss", c.logLossAfter());
            metrics.put("calibratedFrom", card.version()); // new weights, new version: a registry must tell them apart
            Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
            ModelCard calibrated = card.newVersion(card.name(), card.datasetFingerprint(), card.seed(), card.epochs(), metrics,
                    now, inkwellVersion);
            ModelFiles files = ModelFiles.in(out);
            m.writeNetwork(files, calibrated, inkwellVersion);
            ModelCards.write(files.card(), calibrated);
            return calibrated;
        }
    }

    /** A training option recorded in the card's metrics ({@code options.NAME}); 0 when absent. */
    private static double option(ModelCard card, String name) {
        return card.metrics().get("options") instanceof Map<?, ?> options && options.get(name) instanceof Number n ? n.doubleValue() : 0;
    }
}
