package dev.inkwell.model;

import dev.inkwell.core.InvalidInputException;

/** Text that is no model reference, or one that could mean two models; the message says how to write it. */
public final class InvalidModelRefException extends InvalidInputException {
    public InvalidModelRefException(String message) {
        super(message);
    }
}
