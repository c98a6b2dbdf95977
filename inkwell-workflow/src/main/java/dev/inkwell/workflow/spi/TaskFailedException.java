package dev.inkwell.workflow.spi;

/** A task's failure as Step Functions reports it: an error name (matched by Retry and Catch) and a cause text. */
public class TaskFailedException extends RuntimeException {
    private final String error;
    private final String errorCause;

    public TaskFailedException(String error, String cause) {
        super(error + (cause == null ? "" : ": " + cause), null, false, false);
        this.error = error;
        this.errorCause = cause;
    }

    public String error() {
        return error;
    }

    public String errorCause() {
        return errorCause;
    }
}
