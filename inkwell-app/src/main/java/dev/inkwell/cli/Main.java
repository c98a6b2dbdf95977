package dev.inkwell.cli;

/** Entry point of the {@code inkwell} command. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.exit(Cli.run(args));
    }
}
