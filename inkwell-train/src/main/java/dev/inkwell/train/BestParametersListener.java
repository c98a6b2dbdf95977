package dev.inkwell.train;

import ai.djl.nn.Block;
import ai.djl.training.Trainer;
import ai.djl.training.listener.TrainingListenerAdapter;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Keeps a copy of the parameters of the best epoch so far (as judged by {@link EarlyStopping}). */
final class BestParametersListener extends TrainingListenerAdapter {
    private final EarlyStopping early;
    private final Block block;
    private byte[] best;
    private int bestEpoch;

    BestParametersListener(EarlyStopping early, Block block) {
        this.early = early;
        this.block = block;
    }

    @Override
    public void onEpoch(Trainer trainer) {
        if (early.improved()) {
            best = snapshot(block);
            bestEpoch = early.bestEpoch();
        }
    }

    void restore(byte[] parameters, int epoch) {
        best = parameters;
        bestEpoch = epoch;
    }

    byte[] best() {
        return best;
    }

    int bestEpoch() {
        return bestEpoch;
    }

    static byte[] snapshot(Block block) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(bytes);
            block.saveParameters(out);
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
