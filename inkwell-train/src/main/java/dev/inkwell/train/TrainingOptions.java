package dev.inkwell.train;

import dev.inkwell.inference.FineTuneSettings;
import dev.inkwell.inference.TrainingSettings;
import java.util.Locale;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Everything that decides a training run. Two runs with equal options on the same data and machine give the same
 * model (see {@link Training}).
 *
 * @param patience     early stopping: stop after this many epochs without a better validation accuracy (0 = never)
 */
public record TrainingOptions(
        Architecture architecture,
        int epochs,
        int batchSize,
        double maxLearningRate,
        double weightDecay,
        double labelSmoothing,
        LearningRateSchedule schedule,
        Augmentation augmentation,
        long seed,
        int patience) {

    public TrainingOptions {
        if (epochs < 1 || epochs > 10_000) throw new IllegalArgumentException("epochs must be 1..10000, got " + epochs);
        if (batchSize < 1 || batchSize > 65_536) throw new IllegalArgumentException("batch size must be 1..65536, got " + batchSize);
        if (!(maxLearningRate > 0 && maxLearningRate <= 10)) throw new IllegalArgumentException("learning rate must be in (0, 10], got " + maxLearningRate);
        if (!(weightDecay >= 0 && weightDecay < 1)) throw new IllegalArgumentException("weight decay must be in [0, 1), got " + weightDecay);
        if (!(labelSmoothing >= 0 && labelSmoothing < 1)) throw new IllegalArgumentException("label smoothing must be in [0, 1), got " + labelSmoothing);
        if (patience < 0) throw new IllegalArgumentException("patience must be >= 0, got " + patience);
    }

    /**
     * These options as a model card records them, with the job's {@code validationSplit} and {@code limit} and, for a
     * fine-tuning run, how replay was mixed in (else null).
     */
    public TrainingSettings settings(Double validationSplit, Integer limit, FineTuneSettings fineTune) {
        return new TrainingSettings(batchSize, maxLearningRate, weightDecay, labelSmoothing, schedule.name().toLowerCase(Locale.ROOT),
                augmentation.settings(), validationSplit, limit, patience, fineTune);
    }

    /**
     * Every option by name with its value in a canonical text (enums by id, numbers as Java prints them), for the
     * checkpoint key ({@link RunKey}): nested options are named {@code outer.inner}.
     */
    public SortedMap<String, String> canonicalForm() {
        SortedMap<String, String> form = new TreeMap<>();
        form.put("architecture", architecture.id());
        form.put("epochs", Integer.toString(epochs));
        form.put("batchSize", Integer.toString(batchSize));
        form.put("maxLearningRate", Double.toString(maxLearningRate));
        form.put("weightDecay", Double.toString(weightDecay));
        form.put("labelSmoothing", Double.toString(labelSmoothing));
        form.put("schedule", schedule.name().toLowerCase(Locale.ROOT));
        form.put("augmentation.maxRotationDegrees", Double.toString(augmentation.maxRotationDegrees()));
        form.put("augmentation.maxShift", Double.toString(augmentation.maxShift()));
        form.put("augmentation.maxScaleChange", Double.toString(augmentation.maxScaleChange()));
        form.put("augmentation.maxShearDegrees", Double.toString(augmentation.maxShearDegrees()));
        form.put("augmentation.elasticAlpha", Double.toString(augmentation.elasticAlpha()));
        form.put("augmentation.elasticSigma", Double.toString(augmentation.elasticSigma()));
        form.put("seed", Long.toString(seed));
        form.put("patience", Integer.toString(patience));
        return form;
    }

    /** Defaults that reach the README's accuracy figures on MNIST. */
    public static TrainingOptions defaults(Architecture architecture, int epochs, long seed) {
        return new TrainingOptions(architecture, epochs, 128, architecture == Architecture.COMPACT ? 0.01 : 0.003,
                architecture == Architecture.COMPACT ? 1e-4 : 5e-4, 0.1, LearningRateSchedule.ONECYCLE,
                Augmentation.DIGITS, seed, 0);
    }

    public TrainingOptions withBatchSize(int v) {
        return new TrainingOptions(architecture, epochs, v, maxLearningRate, weightDecay, labelSmoothing, schedule, augmentation, seed, patience);
    }

    public TrainingOptions withLearningRate(double v) {
        return new TrainingOptions(architecture, epochs, batchSize, v, weightDecay, labelSmoothing, schedule, augmentation, seed, patience);
    }

    public TrainingOptions withSchedule(LearningRateSchedule v) {
        return new TrainingOptions(architecture, epochs, batchSize, maxLearningRate, weightDecay, labelSmoothing, v, augmentation, seed, patience);
    }

    public TrainingOptions withAugmentation(Augmentation v) {
        return new TrainingOptions(architecture, epochs, batchSize, maxLearningRate, weightDecay, labelSmoothing, schedule, v, seed, patience);
    }

    public TrainingOptions withSeed(long v) {
        return new TrainingOptions(architecture, epochs, batchSize, maxLearningRate, weightDecay, labelSmoothing, schedule, augmentation, v, patience);
    }

    public TrainingOptions withPatience(int v) {
        return new TrainingOptions(architecture, epochs, batchSize, maxLearningRate, weightDecay, labelSmoothing, schedule, augmentation, seed, v);
    }

    public TrainingOptions withWeightDecay(double v) {
        return new TrainingOptions(architecture, epochs, batchSize, maxLearningRate, v, labelSmoothing, schedule, augmentation, seed, patience);
    }

    public TrainingOptions withLabelSmoothing(double v) {
        return new TrainingOptions(architecture, epochs, batchSize, maxLearningRate, weightDecay, v, schedule, augmentation, seed, patience);
    }
}
