package dev.inkwell.cli;

import dev.inkwell.core.StartupCacheTraining;
import dev.inkwell.server.StartupPrefetch;
import java.util.List;

/** Entry point of the {@code inkwell} command. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        boolean serve = args.length > 0 && args[0].equals("serve");
        if (serve) StartupPrefetch.begin();
        int code = Cli.run(args);
        if (trainsItsCommand(args, code)) StartupCacheTraining.succeeded();
        System.exit(code);
    }

    /**
     * Whether a run that ended with {@code code} loaded what its command's later runs need, so that the launcher keeps
     * the start-up cache made of it: it succeeded, and it was not a request for help (which loads the help's classes
     * only). A server says so itself once it is ready ({@link StartupCacheTraining}): it exits 0 only for help.
     */
    static boolean trainsItsCommand(String[] args, int code) {
        if (code != 0 || args.length == 0) return false;
        if (args[0].equals("serve")) return false;
        if (args[0].startsWith("-")) return true; // --version, --help: the run is the whole command
        List<String> given = List.of(args);
        return !given.contains("--help") && !given.contains("-h");
    }
}
