package dev.inkwell.core;

/** Something the user named does not exist (a model, an endpoint, a bucket, a key, a table). HTTP answers 404. */
public class NotFoundException extends InkwellException {
    public NotFoundException(String message) {
        super(message);
    }

    public NotFoundException(String message, Throwable cause) {
        super(message, cause);
    }
}
