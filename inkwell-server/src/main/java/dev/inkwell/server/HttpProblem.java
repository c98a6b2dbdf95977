package dev.inkwell.server;

/**
 * A request the server refuses, with the HTTP status and a message that tells the client what to fix.
 * Handlers throw it; {@link ApiRoutes} turns it into {@code {"error": {...}}}.
 */
public final class HttpProblem extends RuntimeException {
    private final int status;

    public HttpProblem(int status, String message) {
        super(message, null, false, false);
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
