package dev.inkwell.functions;

import dev.inkwell.core.ConflictException;
import dev.inkwell.core.InputLocation;
import dev.inkwell.core.InputTooLargeException;
import dev.inkwell.core.InvalidInputException;
import dev.inkwell.core.NotFoundException;
import dev.inkwell.core.UnavailableException;
import dev.inkwell.core.UnprocessableException;
import java.io.UncheckedIOException;

/**
 * A function failed: {@code error} names the kind of failure the way Step Functions does (a Retry or Catch matches on
 * it; the trigger runtime retries only what {@link #retryable()} says may pass), {@code getMessage()} is the cause a
 * person reads, and {@link #location()} the place in the input (file, line, column) where the input was at fault.
 */
public final class FunctionFailure extends Exception {
    /** The input is wrong (a corrupt picture, a CSV value of 300): trying again cannot help. */
    public static final String INVALID_INPUT = "Inkwell.InvalidInput";
    /** The input is over a limit. */
    public static final String TOO_LARGE = "Inkwell.TooLarge";
    /** A bucket, object, table or endpoint the event names does not exist. */
    public static final String NOT_FOUND = "Inkwell.NotFound";
    /** The input is there but cannot be used (a model that does not load). */
    public static final String UNPROCESSABLE = "Inkwell.Unprocessable";
    /** It clashes with what is there. */
    public static final String CONFLICT = "Inkwell.Conflict";
    /** Something it needs is down for now (the store, a disk, S3): worth trying again later. */
    public static final String UNAVAILABLE = "Inkwell.Unavailable";
    /** Anything else: a bug, or a failure nobody foresaw; tried again in case it passes. */
    public static final String INTERNAL = "Inkwell.Internal";
    /** No function of that name (Lambda's name for it, which Step Functions definitions catch). */
    public static final String NO_SUCH_FUNCTION = "Lambda.ResourceNotFoundException";
    /** The invocation ran past its deadline. */
    public static final String TIMEOUT = "States.Timeout";

    private final String error;
    private final boolean retryable;
    private final InputLocation location;

    public FunctionFailure(String error, String cause, boolean retryable, InputLocation location, Throwable origin) {
        super(cause, origin);
        this.error = error;
        this.retryable = retryable;
        this.location = location;
    }

    public FunctionFailure(String error, String cause, boolean retryable) {
        this(error, cause, retryable, null, null);
    }

    /** What a failure of Inkwell's own kinds means for a caller: its error name and whether to try again. */
    public static FunctionFailure of(Throwable e) {
        if (e instanceof FunctionFailure f) return f;
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return switch (e) {
            case InputTooLargeException t -> new FunctionFailure(TOO_LARGE, message, false, t.location(), e);
            case InvalidInputException i -> new FunctionFailure(INVALID_INPUT, message, false, i.location(), e);
            case NotFoundException n -> new FunctionFailure(NOT_FOUND, message, false, null, e);
            case UnprocessableException u -> new FunctionFailure(UNPROCESSABLE, message, false, null, e);
            case ConflictException c -> new FunctionFailure(CONFLICT, message, false, null, e);
            case UnavailableException u -> new FunctionFailure(UNAVAILABLE, message, true, null, e);
            case UncheckedIOException u -> new FunctionFailure(UNAVAILABLE, message, true, null, e);
            default -> new FunctionFailure(INTERNAL, e.getClass().getSimpleName() + ": " + message, true, null, e);
        };
    }

    /** Step Functions' error name. */
    public String error() {
        return error;
    }

    public boolean retryable() {
        return retryable;
    }

    /** Where in the input the problem is, or null. */
    public InputLocation location() {
        return location;
    }

    @Override
    public String toString() {
        return error + ": " + getMessage();
    }
}
