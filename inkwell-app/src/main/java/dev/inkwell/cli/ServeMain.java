package dev.inkwell.cli;

/** Entry point of the serving image's {@code inkwell} command ({@link ServeOnlyCommand}). */
public final class ServeMain {
    private ServeMain() {
    }

    public static void main(String[] args) {
        System.exit(Cli.runServeOnly(args));
    }
}
