package dev.inkwell.store;

import dev.inkwell.core.UnavailableException;

/**
 * The store cannot be reached, opened or written: one line naming the store (never its password) and why. To a client
 * of the server this is the store being unavailable (503): nothing it sent was wrong.
 */
public class StoreException extends UnavailableException {
    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }

    public StoreException(String message) {
        super(message);
    }
}
