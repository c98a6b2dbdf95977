package dev.inkwell.train;

import dev.inkwell.core.InkwellException;
import dev.inkwell.dataset.Dataset;
import dev.inkwell.inference.ModelCard;
import dev.inkwell.inference.ModelCards;
import dev.inkwell.inference.ModelSource;
import dev.inkwell.inference.TemperatureScaling;
import dev.inkwell.inference.TrainingSettings;
import dev.inkwell.model.ModelFiles;
import dev.inkwell.model.ModelRef;
import dev.inkwell.model.ModelResolvers;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

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
        return run(model, ModelResolvers.defaults(), data, out, inkwellVersion);
    }

    /** As above, finding the model with {@code resolvers} (a command's registry among them). */
    public static ModelCard run(ModelRef model, ModelResolvers resolvers, Dataset data, Path out, String inkwellVersion) {
        BaseModel base = BaseModel.resolve(model, "calibration", resolvers);
        ModelCard card = base.card();
        TrainingSettings options = card.options();
        double fraction = options == null || options.validationSplit() == null ? 0 : options.validationSplit();
        if (!(fraction > 0)) {
            throw new InkwellException(base.label() + " was trained without a validation split: there are no held-out images to calibrate on");
        }
        if (card.seed() == null) throw new InkwellException(base.label() + ": its card has no seed, so its validation split cannot be rebuilt");
        int limit = options.limit() == null ? 0 : options.limit();
        TrainingData all = TrainingData.load(data, "train", limit, card.classNames());
        if (card.datasetFingerprint() != null && !card.datasetFingerprint().equals(all.fingerprint())) {
            throw new InkwellException(data.location() + " is not the data " + card.name() + " was trained on (fingerprint " + all.fingerprint()
                    + ", card says " + card.datasetFingerprint() + "): its validation images cannot be told apart");
        }
        ImageSet validation = all.images().split(fraction, card.seed()).validation();
        Architecture arch = base.architecture();
        InputShape in = new InputShape(card.inputChannels(), card.inputHeight(), card.inputWidth());
        WarmStart start = new WarmStart(base.parameters(), (float) card.mean(), (float) card.std(), false, 1);
        try (TrainedModel m = TrainedModel.load(arch, in, card.classNames(), start)) {
            Calibration c = m.calibrate(validation);
            // a recalibrated model keeps the log loss it had before any calibration
            TemperatureScaling previous = card.calibration();
            Double uncalibrated = previous != null && previous.logLossBefore() != null ? previous.logLossBefore() : c.logLossBefore();
            TemperatureScaling scaling = new TemperatureScaling(card.temperature() * c.temperature(), uncalibrated, c.logLossAfter());
            Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
            // new weights, new version (a registry must tell them apart); the parent records the old one
            ModelCard calibrated = card.newVersion(card.name(), ModelSource.CALIBRATE, model.toString(), now, inkwellVersion)
                    .calibration(scaling).build();
            ModelFiles files = ModelFiles.in(out);
            m.writeNetwork(files, calibrated, inkwellVersion);
            ModelCards.write(files.card(), calibrated);
            return calibrated;
        }
    }
}
