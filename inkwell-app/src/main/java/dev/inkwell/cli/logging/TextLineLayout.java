package dev.inkwell.cli.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.CoreConstants;
import ch.qos.logback.core.LayoutBase;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/**
 * One log line as Inkwell has always written it: {@code 09:26:44.447 INFO  MonitorScheduler - message}, then the
 * stack trace of an exception, if any (what logback's {@code %d{HH:mm:ss.SSS} %-5level %logger{0} - %msg%n} wrote,
 * without its pattern machinery).
 */
final class TextLineLayout extends LayoutBase<ILoggingEvent> {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS").withZone(ZoneId.systemDefault());

    @Override
    public String doLayout(ILoggingEvent event) {
        String logger = event.getLoggerName();
        String level = event.getLevel().toString();
        StringBuilder line = new StringBuilder(64 + event.getFormattedMessage().length());
        TIME.formatTo(Instant.ofEpochMilli(event.getTimeStamp()), line);
        line.append(' ').append(level);
        for (int pad = level.length(); pad < 5; pad++) line.append(' ');
        line.append(' ').append(logger, logger.lastIndexOf('.') + 1, logger.length()).append(" - ")
                .append(event.getFormattedMessage()).append(CoreConstants.LINE_SEPARATOR);
        IThrowableProxy thrown = event.getThrowableProxy();
        if (thrown != null) line.append(ThrowableProxyUtil.asString(thrown)).append(CoreConstants.LINE_SEPARATOR);
        return line.toString();
    }
}
