package dev.inkwell.core;

/**
 * The request names something that exists and is readable, but its content cannot be used: a corrupt model file, a
 * definition that fails validation. HTTP answers 422.
 */
public class UnprocessableException extends InkwellException {
    public UnprocessableException(String message) {
        super(message);
    }

    public UnprocessableException(String message, Throwable cause) {
        super(message, cause);
    }
}
