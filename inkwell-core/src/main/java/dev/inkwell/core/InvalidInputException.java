package dev.inkwell.core;

/** Bad input, reported with where it was found and what was expected: "{location}: {problem}". */
public class InvalidInputException extends InkwellException {
    private final InputLocation location;
    private final String problem;

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

    public InputLocation location() {
        return location;
    }

    public String problem() {
        return problem;
    }
}
