package dev.inkwell.core;

/**
 * The request is well formed but clashes with the current state: the name is taken, the thing is still in use, a
 * concurrent change won. HTTP answers 409.
 */
public class ConflictException extends InkwellException {
    public ConflictException(String message) {
        super(message);
    }

    public ConflictException(String message, Throwable cause) {
        super(message, cause);
    }
}
