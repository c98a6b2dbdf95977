package dev.inkwell.functions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.inkwell.core.InputLocation;
import dev.inkwell.core.InvalidInputException;

/**
 * An Inkwell function, what AWS calls a Lambda function: named, given a JSON event, answering JSON. Triggers call
 * the ones that take an object event ({@code {"bucket", "key", "etag", …}}); the CLI, the HTTP API and the workflow
 * engine may call any of them. An invocation may be repeated (delivery is at least once), so a function keys its
 * effects by its input — the object's key and ETag, {@link Invocation#idempotencyKey()} — and repeating it changes
 * nothing more.
 */
public interface Function {
    /** How callers name it: a Lambda function name (letters, digits, '-' and '_', starting with a letter). */
    String name();

    /** One line for listings. */
    String description();

    /**
     * Whether a trigger may call it with an object event; its {@linkplain #checkOptions options} then come from the
     * trigger's definition and are merged into each event.
     */
    default boolean takesObjectEvents() {
        return false;
    }

    /**
     * Whether it reads its event's object whole (a picture, not a streamed CSV): a trigger that reads a small object
     * anyway, to see whether there is anything to do, then hands it over ({@link Invocation#object()}).
     */
    default boolean readsObjectWhole() {
        return false;
    }

    /**
     * Checks what a trigger stores for this function (the event fields it adds: an endpoint, a table…) before any event
     * comes, so a mistake shows when the trigger is created. Returns them as they will be merged into events. By
     * default no option is known.
     */
    default ObjectNode checkOptions(ObjectNode options) {
        options.fieldNames().forEachRemaining(name -> {
            throw new InvalidInputException(InputLocation.file("option " + name), "the function " + name() + " takes no such option");
        });
        return options;
    }

    /**
     * Runs the function. Failures are {@link FunctionFailure}s named as Step Functions names errors
     * ({@code Inkwell.InvalidInput}, {@code States.Timeout}…), saying whether trying again may help.
     */
    JsonNode invoke(JsonNode event, Invocation invocation) throws FunctionFailure;
}
