package dev.inkwell.server;

import dev.inkwell.core.InkwellException;

/**
 * A request the server refuses, with the HTTP status and a message that tells the client what to fix.
 * Handlers throw it (so does the CLI's URL fetch, where the message alone is shown); {@link ApiRoutes} turns it into {@code {"error": {...}}}.
 */
public final class HttpProblem extends InkwellException {
    private final int status;

    public HttpProblem(int status, String message) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
    }

    public static HttpProblem badRequest(String message) {
        return new HttpProblem(400, message);
    }

    public static HttpProblem tooLarge(String message) {
        return new HttpProblem(413, message);
    }

    public static HttpProblem unsupportedType(String message) {
        return new HttpProblem(415, message);
    }

    public static HttpProblem notFound(String message) {
        return new HttpProblem(404, message);
    }
}
