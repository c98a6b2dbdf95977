package dev.inkwell.cli;

import dev.inkwell.core.InkwellException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import picocli.CommandLine;

/**
 * Builds the command line and maps outcomes to exit codes: 0 success, 1 failure, 2 usage error.
 * Failures print one clear line; {@code --verbose} adds the stack trace.
 */
public final class Cli {
    public static final int OK = 0;
    public static final int FAILURE = 1;
    public static final int USAGE = 2;

    private Cli() {
    }

    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new InkwellCommand());
        cl.setExecutionStrategy(StoreOptions.closingStores(new CommandLine.RunLast()));
        cl.setExecutionExceptionHandler(Cli::handleFailure);
        cl.setExitCodeExceptionMapper(e -> e instanceof CommandLine.ParameterException ? USAGE : FAILURE);
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        return cl;
    }

    public static int run(String... args) {
        return commandLine().execute(args);
    }

    private static int handleFailure(Exception e, CommandLine cl, CommandLine.ParseResult parsed) {
        PrintWriter err = cl.getErr();
        boolean verbose = parsed != null && isVerbose(parsed);
        if (e instanceof CommandLine.ParameterException pe) {
            err.println("inkwell: " + pe.getMessage());
            return USAGE;
        }
        err.println("inkwell: " + describe(e));
        if (verbose) {
            e.printStackTrace(err);
        } else if (!(e instanceof InkwellException) && !(e instanceof UncheckedIOException)) {
            err.println("(run again with --verbose for details)");
        }
        err.flush();
        return FAILURE;
    }

    private static boolean isVerbose(CommandLine.ParseResult parsed) {
        for (CommandLine.ParseResult p = parsed; p != null; p = p.subcommand()) {
            if (p.hasMatchedOption("--verbose")) return true;
        }
        return false;
    }

    static String describe(Throwable e) {
        if (e instanceof InkwellException || e instanceof UncheckedIOException) {
            return e.getMessage();
        }
        String message = e.getMessage();
        return e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }
}
