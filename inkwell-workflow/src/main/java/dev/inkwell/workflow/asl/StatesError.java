package dev.inkwell.workflow.asl;

/**
 * A runtime failure inside an execution, named the way Step Functions names it ({@code States.TaskFailed},
 * {@code States.Runtime}, or a name a Fail state or a task chose). It travels to the state's Retry and Catch and, if
 * neither handles it, ends the execution with this error and cause. No stack trace: it is control flow.
 */
public final class StatesError extends RuntimeException {
    public static final String ALL = "States.ALL";
    public static final String TASK_FAILED = "States.TaskFailed";
    public static final String TIMEOUT = "States.Timeout";
    public static final String HEARTBEAT_TIMEOUT = "States.HeartbeatTimeout";
    public static final String RUNTIME = "States.Runtime";
    public static final String NO_CHOICE_MATCHED = "States.NoChoiceMatched";
    public static final String INTRINSIC_FAILURE = "States.IntrinsicFailure";
    public static final String RESULT_PATH_MATCH_FAILURE = "States.ResultPathMatchFailure";
    public static final String PARAMETER_PATH_FAILURE = "States.ParameterPathFailure";
    public static final String BRANCH_FAILED = "States.BranchFailed";
    public static final String EXCEED_TOLERATED_FAILURE_THRESHOLD = "States.ExceedToleratedFailureThreshold";
    public static final String QUERY_EVALUATION_ERROR = "States.QueryEvaluationError";
    public static final String ITEM_READER_FAILED = "States.ItemReaderFailed";
    public static final String RESULT_WRITER_FAILED = "States.ResultWriterFailed";
    public static final String DATA_LIMIT_EXCEEDED = "States.DataLimitExceeded";

    private final String error;
    private final String errorCause;
    private final boolean terminal;
    private final boolean unlocated;

    public StatesError(String error, String cause) {
        this(error, cause, false, false);
    }

    private StatesError(String error, String cause, boolean terminal, boolean unlocated) {
        super(error + ": " + cause, null, false, false);
        this.error = error;
        this.errorCause = cause;
        this.terminal = terminal;
        this.unlocated = unlocated;
    }

    /** States.Runtime: ends the execution at once; no Retry or Catch (not even States.ALL) applies. */
    public static StatesError runtime(String message) {
        return new StatesError(RUNTIME, message, true, true);
    }

    /** A JSONata expression failed or gave an unusable value (history records an EvaluationFailed event). */
    public static StatesError queryEvaluation(String message) {
        return new StatesError(QUERY_EVALUATION_ERROR, message, false, true);
    }

    public static StatesError intrinsic(String message) {
        return new StatesError(INTRINSIC_FAILURE, message, false, true);
    }

    /** Any other error raised by the engine itself while a state runs (its cause gets the state prefix). */
    public static StatesError inStateError(String error, String message) {
        return new StatesError(error, message, false, true);
    }

    /**
     * This error with the state prefix Step Functions puts on errors the engine raised while a state ran; errors
     * raised by a Fail state or a task are returned unchanged.
     */
    public StatesError locate(String stateName, long enteredEventId) {
        if (!unlocated) return this;
        return new StatesError(error, inState(stateName, enteredEventId, errorCause), terminal, false);
    }

    /** The error name; null when a Fail state named none. */
    public String error() {
        return error;
    }

    /** The cause text; null when none was given. */
    public String cause() {
        return errorCause;
    }

    /** True for errors no Retry or Catch may handle. */
    public boolean terminal() {
        return terminal;
    }

    /** Step Functions' cause prefix for errors raised while a state ran. */
    public static String inState(String stateName, long enteredEventId, String message) {
        return "An error occurred while executing the state '" + stateName + "' (entered at the event id #"
                + enteredEventId + "). " + message;
    }
}
