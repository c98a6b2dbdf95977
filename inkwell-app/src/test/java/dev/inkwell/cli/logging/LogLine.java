package dev.inkwell.cli.logging;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A program that logs three lines, for {@link LogConfiguratorTest}'s fresh JVMs. */
public final class LogLine {
    private LogLine() {
    }

    public static void main(String[] args) {
        Logger log = LoggerFactory.getLogger(LogLine.class);
        log.atInfo().addKeyValue("endpoint", "mnist").log("served {} requests", 3);
        log.warn("careful: \"quoted\"\nand a second line", new IllegalStateException("boom"));
        LoggerFactory.getLogger("org.eclipse.jetty.server.Server").info("jetty chatter");
        log.debug("debug detail");
    }
}
