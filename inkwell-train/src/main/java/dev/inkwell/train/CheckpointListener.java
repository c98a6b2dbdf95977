package dev.inkwell.train;

import ai.djl.nn.Block;
import ai.djl.training.Trainer;
import ai.djl.training.listener.TrainingListenerAdapter;
import java.util.function.Supplier;

/** Writes a checkpoint after every epoch (after early stopping and the best-parameter copy have seen it). */
final class CheckpointListener extends TrainingListenerAdapter {
    private final Checkpoints checkpoints;
    private final Supplier<CheckpointState> state;
    private final Block block;
    private final ResumableAdamW optimizer;
    private final BestParametersListener best;

    CheckpointListener(Checkpoints checkpoints, Supplier<CheckpointState> state, Block block, ResumableAdamW optimizer,
                       BestParametersListener best) {
        this.checkpoints = checkpoints;
        this.state = state;
        this.block = block;
        this.optimizer = optimizer;
        this.best = best;
    }

    @Override
    public void onEpoch(Trainer trainer) {
        checkpoints.save(state.get(), block, optimizer, best.best());
    }
}
