package dev.inkwell.inference;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Provenance and contract of a model, travelling beside it as {@code model.card.json}: what it expects as input,
 * what its classes are, how it was made and how well it did.
 *
 * @param inputScaling how 0–255 model-space pixels become tensor values: {@code "0-1"} (x/255), {@code "0-255"}
 *                     (as is) or {@code "mean-std"} (((x/255)-mean)/std with {@code mean} and {@code std})
 * @param preprocessing which preprocessing profile turns a picture into input: {@code "mnist"} (digits: crop,
 *                     fit 20×20, centre of mass in 28×28) or {@code "resize"} (plain resize, e.g. CIFAR-style RGB)
 */
public record ModelCard(
        String name,
        String version,
        String architecture,
        long parameterCount,
        int inputWidth,
        int inputHeight,
        int inputChannels,
        String inputScaling,
        double mean,
        double std,
        String preprocessing,
        List<String> classNames,
        String datasetFingerprint,
        Long seed,
        Integer epochs,
        Map<String, Object> metrics,
        Instant createdAt,
        String inkwellVersion) {

    public int classCount() {
        return classNames.size();
    }

    /** The calibration temperature folded into the model's last layer ({@code metrics.temperature}); 1 when none. */
    public double temperature() {
        return metrics != null && metrics.get("temperature") instanceof Number t && t.doubleValue() > 0 ? t.doubleValue() : 1;
    }

    /**
     * A model made from this one (fine-tuned, calibrated): the same input contract, classes and architecture, a new
     * version stamped {@code at}, and the provenance of what made it.
     */
    public ModelCard newVersion(String newName, String fingerprint, Long newSeed, Integer newEpochs, Map<String, Object> newMetrics,
                                Instant at, String byInkwellVersion) {
        return new ModelCard(newName, at.toString(), architecture, parameterCount, inputWidth, inputHeight, inputChannels,
                inputScaling, mean, std, preprocessing, classNames, fingerprint, newSeed, newEpochs, newMetrics, at, byInkwellVersion);
    }
}
