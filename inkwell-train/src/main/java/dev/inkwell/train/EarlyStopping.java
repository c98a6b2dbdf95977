package dev.inkwell.train;

import ai.djl.training.Trainer;
import ai.djl.training.listener.TrainingListenerAdapter;
import java.util.List;

/**
 * Tracks the best validation accuracy and asks the loop to stop after {@code patience} epochs without improvement
 * (0: never stops early, still tracks the best epoch). Its state is a function of the epoch history, so a resumed
 * run rebuilds it with {@link #replay(List)}.
 */
final class EarlyStopping extends TrainingListenerAdapter {
    private final int patience;
    private int bestEpoch;
    private double bestAccuracy = Double.NEGATIVE_INFINITY;
    private int sinceBest;
    private boolean improved;

    EarlyStopping(int patience) {
        this.patience = patience;
    }

    @Override
    public void onEpoch(Trainer trainer) {
        observe(TrainingMetrics.latestEpoch(trainer));
    }

    void replay(List<EpochRecord> history) {
        history.forEach(this::observe);
    }

    private void observe(EpochRecord r) {
        double acc = r.validationAccuracy();
        if (Double.isNaN(acc)) { // no validation split: nothing to judge by, never stop early
            improved = false;
            return;
        }
        improved = acc > bestAccuracy;
        if (improved) {
            bestAccuracy = acc;
            bestEpoch = r.epoch();
            sinceBest = 0;
        } else {
            sinceBest++;
        }
    }

    /** Whether the epoch just observed is the best so far. */
    boolean improved() {
        return improved;
    }

    boolean shouldStop() {
        return patience > 0 && sinceBest >= patience;
    }

    int bestEpoch() {
        return bestEpoch;
    }

    double bestAccuracy() {
        return bestAccuracy;
    }
}
