package dev.inkwell.train;

import dev.inkwell.dataset.Dataset;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * A training job as the {@code train} command describes it.
 *
 * @param data               the dataset (files or a samples table): its train split, else all of it, trains; its test split
 *                           gets the test report
 * @param name               the model's name in its card (default: the output folder's name)
 * @param validationFraction share of the training split held out for validation and early stopping
 * @param limit              use at most this many images of each split (0: all): for quick trials and tests
 * @param start              {@link TrainingStart#RESUME} continues the run checkpointed in {@code out}
 * @param classNames         names of the classes, or null for "0", "1", …
 * @param calibrate          fit a temperature on the validation images and fold it into the model ({@link Calibration})
 */
public record TrainRequest(Dataset data, Path out, String name, TrainingOptions options, double validationFraction,
                           int limit, TrainingStart start, List<String> classNames, boolean calibrate) {
    public TrainRequest {
        Objects.requireNonNull(start, "start");
        if (!(validationFraction >= 0 && validationFraction < 0.9)) {
            throw new IllegalArgumentException("validation split must be in [0, 0.9), got " + validationFraction);
        }
        if (limit < 0) throw new IllegalArgumentException("limit must be >= 0, got " + limit);
        if (classNames != null) classNames = List.copyOf(classNames);
    }
}
