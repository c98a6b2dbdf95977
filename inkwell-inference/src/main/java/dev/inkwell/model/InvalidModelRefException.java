package dev.inkwell.model;

import dev.inkwell.core.InkwellException;

/** Text that is no model reference, or one that could mean two models; the message says how to write it. */
public final class InvalidModelRefException extends InkwellException {
    public InvalidModelRefException(String message) {
        super(message);
    }
}
