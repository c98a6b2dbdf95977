package dev.inkwell.inference;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The calibration folded into a model's last layer: its logits are divided by {@code temperature}.
 *
 * @param logLossBefore mean log loss of the held-out validation images without any calibration; null when not measured
 * @param logLossAfter  the same with this temperature; null when not measured
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TemperatureScaling(double temperature, Double logLossBefore, Double logLossAfter) {
    public TemperatureScaling {
        if (!(temperature > 0 && Double.isFinite(temperature))) {
            throw new IllegalArgumentException("calibration temperature must be positive, got " + temperature);
        }
    }
}
