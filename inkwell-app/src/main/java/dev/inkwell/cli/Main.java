package dev.inkwell.cli;

import dev.inkwell.server.StartupPrefetch;

/** Entry point of the {@code inkwell} command. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("serve")) StartupPrefetch.begin();
        System.exit(Cli.run(args));
    }
}
