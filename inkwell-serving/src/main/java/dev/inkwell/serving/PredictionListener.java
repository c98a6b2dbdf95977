package dev.inkwell.serving;

/**
 * Told about every answered prediction, after the answer is computed and before it is returned: metrics, traffic
 * capture and shadow variants hook in here. Called on the request's thread, so a listener must be quick (hand work to
 * a queue of its own); one that throws is logged and ignored, never failing the prediction.
 */
@FunctionalInterface
public interface PredictionListener {
    void onPrediction(PredictionEvent event);
}
