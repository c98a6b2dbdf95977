package dev.inkwell.cli;

import picocli.CommandLine.Option;

/** Options every command takes (a picocli mixin): {@code --verbose} and {@code --json}. */
public final class CommonOptions {
    @Option(names = "--verbose", description = "Print stack traces and debug logs.")
    boolean verbose;

    @Option(names = "--json", description = "Print results as JSON.")
    boolean json;

    public boolean verbose() {
        return verbose;
    }

    public boolean json() {
        return json;
    }
}
