package dev.inkwell.train;

import ai.djl.training.listener.TrainingListener;
import dev.inkwell.core.Progress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Everything a {@link Training} needs: start from {@link #of} and add what applies.
 *
 * @param validation    may be empty: then the last epoch's parameters are kept and nothing stops early
 * @param checkpointDir where to checkpoint every epoch (and what {@link TrainingStart#RESUME} continues); null for none
 * @param warmStart     a trained network to continue from (fine-tuning); null to start from seeded initial parameters
 * @param listeners     notified after Inkwell's own (after the epoch's checkpoint is written)
 */
public record TrainingConfig(TrainingOptions options, ImageSet train, ImageSet validation, Path checkpointDir, TrainingStart start,
                             WarmStart warmStart, Progress progress, List<TrainingListener> listeners) {
    public TrainingConfig {
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(train, "train");
        Objects.requireNonNull(validation, "validation");
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(progress, "progress");
        listeners = List.copyOf(listeners);
        if (start == TrainingStart.RESUME && checkpointDir == null) {
            throw new IllegalArgumentException("resuming needs the folder of the run's checkpoints");
        }
        if (start == TrainingStart.RESUME && warmStart != null) {
            throw new IllegalArgumentException("a run resumes from its checkpoint or starts warm, not both");
        }
    }

    /** A fresh run without checkpoints, progress or listeners of the caller's. */
    public static TrainingConfig of(TrainingOptions options, ImageSet train, ImageSet validation) {
        return new TrainingConfig(options, train, validation, null, TrainingStart.FRESH, null, Progress.NONE, List.of());
    }

    /** Checkpoints every epoch into {@code dir}. */
    public TrainingConfig checkpointingTo(Path dir) {
        return new TrainingConfig(options, train, validation, dir, start, warmStart, progress, listeners);
    }

    /** Starts as {@code how}: {@link TrainingStart#RESUME} continues the checkpoint in the checkpoint folder. */
    public TrainingConfig startingAs(TrainingStart how) {
        return new TrainingConfig(options, train, validation, checkpointDir, how, warmStart, progress, listeners);
    }

    /** Continues training {@code start}'s network (fine-tuning). */
    public TrainingConfig warmStartingFrom(WarmStart start) {
        return new TrainingConfig(options, train, validation, checkpointDir, this.start, start, progress, listeners);
    }

    public TrainingConfig reportingTo(Progress p) {
        return new TrainingConfig(options, train, validation, checkpointDir, start, warmStart, p, listeners);
    }

    /** Adds {@code listener} after those already given. */
    public TrainingConfig withListener(TrainingListener listener) {
        List<TrainingListener> all = new ArrayList<>(listeners);
        all.add(listener);
        return new TrainingConfig(options, train, validation, checkpointDir, start, warmStart, progress, all);
    }
}
