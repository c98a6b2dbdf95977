package dev.inkwell.train;

import dev.inkwell.core.InkwellException;

/** Training met a non-finite value; {@link #kind()} says what the diagnosis found it to be. */
public final class TrainingFaultException extends InkwellException {
    private final NonFiniteDiagnosis.Kind kind;

    TrainingFaultException(NonFiniteDiagnosis.Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public NonFiniteDiagnosis.Kind kind() {
        return kind;
    }
}
