package dev.inkwell.store;

import dev.inkwell.core.InkwellException;

/** The store cannot be reached, opened or written: one line naming the store (never its password) and why. */
public class StoreException extends InkwellException {
    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }

    public StoreException(String message) {
        super(message);
    }
}
