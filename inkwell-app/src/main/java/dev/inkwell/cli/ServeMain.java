package dev.inkwell.cli;

import dev.inkwell.server.StartupPrefetch;

/** Entry point of the serving image's {@code inkwell} command ({@link ServeOnlyCommand}). */
public final class ServeMain {
    private ServeMain() {
    }

    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("serve")) StartupPrefetch.begin();
        System.exit(Cli.runServeOnly(args));
    }
}
