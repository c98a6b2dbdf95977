package dev.inkwell.inference;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.Objects;

/**
 * How a model's weights were made.
 *
 * @param parent          the model it was made from (fine-tuning, calibration); null for one trained from scratch
 * @param dataFingerprint SHA-256 of the training samples, independent of their file format
 * @param epochs          the epochs run
 * @param bestEpoch       the epoch whose weights were kept (best validation accuracy)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"source", "parent", "dataFingerprint", "seed", "epochs", "bestEpoch", "stoppedEarly", "options", "engine"})
public record TrainingProvenance(ModelSource source, ParentModel parent, String dataFingerprint, Long seed, Integer epochs,
                                 Integer bestEpoch, Boolean stoppedEarly, TrainingSettings options, TrainingEngine engine) {
    public TrainingProvenance {
        Objects.requireNonNull(source, "source");
    }

    /** This provenance as made by {@code source} from {@code parent}. */
    public TrainingProvenance derived(ModelSource newSource, ParentModel newParent) {
        return new TrainingProvenance(newSource, newParent, dataFingerprint, seed, epochs, bestEpoch, stoppedEarly, options, engine);
    }
}
