package dev.inkwell.cli.workflow;

import dev.inkwell.core.InputLocation;
import dev.inkwell.core.InvalidInputException;
import dev.inkwell.store.Store;
import dev.inkwell.workflow.StateMachine;
import dev.inkwell.workflow.runtime.ExecutionStore;
import dev.inkwell.workflow.runtime.WorkflowCatalog;
import java.time.Clock;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The stored workflows and executions the commands work on, and how an execution is named on the command line. */
final class Workflows {
    private static final Pattern ARN = Pattern.compile("arn:aws:states:[a-z0-9-]+:[0-9]{12}:execution:([A-Za-z0-9_.\\-]{1,80}):([A-Za-z0-9_\\-]{1,80})");
    private static final Pattern SHORT = Pattern.compile("([A-Za-z0-9_.\\-]{1,80}):([A-Za-z0-9_\\-]{1,80})");

    private Workflows() {
    }

    /** The catalog, checking each definition and function mapping before it is kept. */
    static WorkflowCatalog catalog(Store store) {
        return new WorkflowCatalog(store, Clock.systemUTC(), FunctionOptions.checking()::check);
    }

    static ExecutionStore executions(Store store) {
        return new ExecutionStore(store);
    }

    static String stateMachineArn(String workflow) {
        return "arn:aws:states:" + StateMachine.DEFAULT_REGION + ":" + StateMachine.DEFAULT_ACCOUNT + ":stateMachine:" + workflow;
    }

    /** An execution's ARN from the command line: the ARN itself, or {@code WORKFLOW:NAME} as the tables show it. */
    static String executionArn(String argument) {
        Matcher full = ARN.matcher(argument);
        if (full.matches()) return argument;
        Matcher shorter = SHORT.matcher(argument);
        if (!argument.startsWith("arn:") && shorter.matches()) {
            return "arn:aws:states:" + StateMachine.DEFAULT_REGION + ":" + StateMachine.DEFAULT_ACCOUNT + ":execution:"
                    + shorter.group(1) + ":" + shorter.group(2);
        }
        throw new InvalidInputException(InputLocation.file("execution"), "'" + argument
                + "' is neither an execution ARN (arn:aws:states:REGION:ACCOUNT:execution:WORKFLOW:NAME) nor WORKFLOW:NAME");
    }

    /** {@code WORKFLOW:NAME}, the short name the tables show. */
    static String shortName(String workflow, String name) {
        return workflow + ":" + name;
    }
}
