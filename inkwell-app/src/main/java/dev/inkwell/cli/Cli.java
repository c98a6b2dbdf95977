package dev.inkwell.cli;

import dev.inkwell.core.InkwellException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import picocli.CommandLine;

/**
 * Builds the command line and maps outcomes to exit codes: 0 success, 1 failure, 2 usage error.
 * Failures print one clear line; {@code --verbose} adds the stack trace.
 */
public final class Cli {
    public static final int OK = 0;
    public static final int FAILURE = 1;
    public static final int USAGE = 2;

    static {
        // picocli's default factory looks for Groovy's Closure class once (for closures in annotations, which Inkwell
        // has none of): a miss that opens and indexes every one of the ~120 jars on the class path, ~50-70 ms of a
        // server's start on the thread that parses the command line, ahead of everything else it starts
        if (System.getProperty("picocli.disable.closures") == null) System.setProperty("picocli.disable.closures", "true");
    }

    private Cli() {
    }

    /** The whole command tree (help, documentation, tests). */
    public static CommandLine commandLine() {
        return build(InkwellCommand.SUBCOMMANDS);
    }

    /**
     * The command line for {@code args}: when they start with a subcommand's name only that subcommand is built
     * (what {@code inkwell serve} starts with decides how fast it answers), none for {@code --version} alone, else the
     * whole tree, so that help, typos and suggestions work as before.
     */
    static CommandLine commandLine(String... args) {
        if (asksForTheVersionOnly(args)) return build(List.of()); // scripts ask often: no tree for one line
        Class<?> named = args.length == 0 ? null : subcommandNamed(args[0]);
        return build(named == null ? InkwellCommand.SUBCOMMANDS : List.of(named));
    }

    private static boolean asksForTheVersionOnly(String... args) {
        return args.length == 1 && (args[0].equals("--version") || args[0].equals("-V"));
    }

    private static Class<?> subcommandNamed(String name) {
        // the class named after the command first (serve: ServeCommand), checked against its annotation, which picocli
        // reads anyway: reading each class's annotation in turn parsed six of them before serve's (~25 ms of a start)
        for (Class<?> c : InkwellCommand.SUBCOMMANDS) {
            if (c.getSimpleName().equalsIgnoreCase(name + "Command") && isNamed(c, name)) return c;
        }
        for (Class<?> c : InkwellCommand.SUBCOMMANDS) { // aliases, and names that differ from their class's
            if (isNamed(c, name)) return c;
        }
        return null;
    }

    private static boolean isNamed(Class<?> subcommand, String name) {
        CommandLine.Command command = subcommand.getAnnotation(CommandLine.Command.class);
        return command.name().equals(name) || List.of(command.aliases()).contains(name);
    }

    /**
     * The command line with {@code root} as its top command, for a root that names its subcommands itself: the lean
     * {@link ServeOnlyCommand} of the serving image.
     */
    public static CommandLine commandLineOf(Object root) {
        return build(root, List.of());
    }

    private static CommandLine build(List<Class<?>> subcommands) {
        return build(new InkwellCommand(), subcommands);
    }

    private static CommandLine build(Object root, List<Class<?>> subcommands) {
        CommandLine cl = new CommandLine(root) {
            @Override
            public int execute(String... args) {
                return super.execute(keepJsonFileArguments(args));
            }
        };
        for (Class<?> c : subcommands) cl.addSubcommand(c); // before the settings below, which only reach those present
        cl.setExecutionStrategy(StoreOptions.closingStores(new CommandLine.RunLast()));
        cl.setExecutionExceptionHandler(Cli::handleFailure);
        cl.setExitCodeExceptionMapper(e -> e instanceof CommandLine.ParameterException ? USAGE : FAILURE);
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        return cl;
    }

    /** Options whose value may be {@code @FILE}, a JSON file read by the command itself. */
    private static final Set<String> JSON_FILE_OPTIONS = Set.of("--input");

    /**
     * Picocli reads an argument starting with '@' as a file of more arguments; the value of {@code --input} is a JSON
     * document ({@code --input @event.json}), so it is passed on as {@code --input=@event.json}, which picocli leaves be.
     */
    static String[] keepJsonFileArguments(String[] args) {
        List<String> out = new ArrayList<>(args.length);
        for (int i = 0; i < args.length; i++) {
            if (JSON_FILE_OPTIONS.contains(args[i]) && i + 1 < args.length && args[i + 1].startsWith("@")) {
                out.add(args[i] + "=" + args[++i]);
            } else {
                out.add(args[i]);
            }
        }
        return out.toArray(String[]::new);
    }

    public static int run(String... args) {
        return commandLine(args).execute(args);
    }

    /** Runs the serving image's command line: every command but those that train (they need PyTorch). */
    public static int runServeOnly(String... args) {
        return commandLineOf(new ServeOnlyCommand()).execute(args);
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
