package dev.inkwell.core;

/**
 * Bad input, reported with where it was found and what was expected: "{location}: {problem}", or just the problem
 * where the input has no better name than the request itself (a refused image URL).
 */
public class InvalidInputException extends InkwellException {
    private final InputLocation location;
    private final String problem;

    public InvalidInputException(String problem) {
        super(problem);
        this.location = null;
        this.problem = problem;
    }

    public InvalidInputException(InputLocation location, String problem) {
        super(location + ": " + problem);
        this.location = location;
        this.problem = problem;
    }

    public InvalidInputException(InputLocation location, String problem, Throwable cause) {
        super(location + ": " + problem, cause);
        this.location = location;
        this.problem = problem;
    }

    /** Where the problem is; null when the message names it. */
    public InputLocation location() {
        return location;
    }

    public String problem() {
        return problem;
    }
}
