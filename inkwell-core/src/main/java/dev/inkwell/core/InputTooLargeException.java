package dev.inkwell.core;

/** Input refused for its size (bytes or pixels over a configured cap), not for its content: HTTP answers 413. */
public class InputTooLargeException extends InvalidInputException {
    public InputTooLargeException(String problem) {
        super(problem);
    }

    public InputTooLargeException(InputLocation location, String problem) {
        super(location, problem);
    }
}
