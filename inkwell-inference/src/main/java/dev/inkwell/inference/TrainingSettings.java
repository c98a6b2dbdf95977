package dev.inkwell.inference;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The options a model was trained with, as recorded in its card; null where a card does not record one (cards written
 * before the option existed).
 *
 * @param schedule        {@code onecycle} or {@code cosine}
 * @param validationSplit share of the training split held out for validation (what {@code calibrate} rebuilds)
 * @param limit           at most this many images of each split were used (0: all)
 * @param fineTune        how replay was mixed in; only for fine-tuned models
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TrainingSettings(Integer batchSize, Double learningRate, Double weightDecay, Double labelSmoothing, String schedule,
                               AugmentationSettings augmentation, Double validationSplit, Integer limit, Integer patience,
                               FineTuneSettings fineTune) {
}
