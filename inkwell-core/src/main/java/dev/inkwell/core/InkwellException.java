package dev.inkwell.core;

/**
 * A failure the user can act on: its message is one clear line shown as is by the CLI and the API.
 * Anything else escaping to the top is a bug and is reported with a trace under {@code --verbose}.
 */
public class InkwellException extends RuntimeException {
    public InkwellException(String message) {
        super(message);
    }

    public InkwellException(String message, Throwable cause) {
        super(message, cause);
    }
}
