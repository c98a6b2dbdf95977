package dev.inkwell.cli.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import ch.qos.logback.core.spi.ContextAwareBase;
import java.io.OutputStream;
import java.util.Map;
import java.util.function.Function;

/**
 * Inkwell's logging set up in code, found by logback through {@code META-INF/services}: logs go to stderr (stdout
 * stays the command's), as text lines or, with {@code INKWELL_LOG_FORMAT=json}, one JSON object per line for log
 * collectors; {@code INKWELL_LOG_LEVEL} sets the level. Done in code rather than in a logback.xml because reading the
 * XML loads about 370 classes (logback's Joran and an XML parser) and runs them on every start of every command.
 * A user's own file still wins: with {@code -Dlogback.configurationFile=FILE} this steps aside.
 */
public final class LogConfigurator extends ContextAwareBase implements Configurator {
    /** Libraries that announce routine work at INFO: warnings and errors only. */
    static final Map<String, Level> QUIET = Map.of(
            "org.eclipse.jetty", Level.WARN,
            "io.javalin", Level.WARN,
            "com.zaxxer.hikari", Level.WARN, // one start and one stop line per command
            "org.gaul.s3proxy.CrossOriginResourceSharing", Level.WARN); // its CORS defaults on every start of the S3 API

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        if (System.getProperty("logback.configurationFile") != null) return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        configure(context, System::getenv, null);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    /**
     * Sets {@code context} up from the environment {@code env}; the lines go to {@code out}, or to stderr when it is
     * null. An unknown level is INFO; an unknown format is text.
     */
    public static void configure(LoggerContext context, Function<String, String> env, OutputStream out) {
        OutputStreamAppender<ILoggingEvent> appender;
        if (out == null) {
            ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
            console.setTarget("System.err");
            appender = console;
        } else {
            appender = new OutputStreamAppender<>();
            appender.setOutputStream(out);
        }
        appender.setContext(context);
        appender.setName("inkwell");
        Encoder<ILoggingEvent> encoder = "json".equalsIgnoreCase(env.apply("INKWELL_LOG_FORMAT")) ? json() : text();
        encoder.setContext(context);
        encoder.start();
        appender.setEncoder(encoder);
        appender.start();
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.detachAndStopAllAppenders();
        root.addAppender(appender);
        root.setLevel(Level.toLevel(env.apply("INKWELL_LOG_LEVEL"), Level.INFO));
        QUIET.forEach((name, level) -> context.getLogger(name).setLevel(level));
    }

    private static Encoder<ILoggingEvent> text() {
        LayoutWrappingEncoder<ILoggingEvent> encoder = new LayoutWrappingEncoder<>();
        encoder.setLayout(new TextLineLayout());
        return encoder;
    }

    private static Encoder<ILoggingEvent> json() {
        JsonEncoder encoder = new JsonEncoder();
        encoder.setWithFormattedMessage(true);
        encoder.setWithMessage(false);
        encoder.setWithArguments(false);
        encoder.setWithContext(false);
        encoder.setWithSequenceNumber(false);
        encoder.setWithNanoseconds(false);
        return encoder;
    }
}
