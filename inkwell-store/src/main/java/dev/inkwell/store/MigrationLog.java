package dev.inkwell.store;

import org.flywaydb.core.api.logging.Log;
import org.flywaydb.core.api.logging.LogCreator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Flyway's logging, for the store (Flyway instantiates it by name, hence public; not for other use): its routine
 * chatter (the database it found, each migration it validated) goes to debug on {@code dev.inkwell.store.migration},
 * so a command stays quiet; warnings and errors stay what they are. Every line has passwords removed.
 * The store logs what matters itself: a schema created, upgraded or adopted.
 */
public final class MigrationLog implements LogCreator {
    private static final Logger LOG = LoggerFactory.getLogger("dev.inkwell.store.migration");

    @Override
    public Log createLogger(Class<?> clazz) {
        return new Log() {
            @Override
            public boolean isDebugEnabled() {
                return LOG.isTraceEnabled();
            }

            @Override
            public void debug(String message) {
                if (LOG.isTraceEnabled()) LOG.trace(Store.redact(message));
            }

            @Override
            public void info(String message) {
                if (LOG.isDebugEnabled()) LOG.debug(Store.redact(message));
            }

            @Override
            public void notice(String message) {
                info(message);
            }

            @Override
            public void warn(String message) {
                LOG.warn(Store.redact(message));
            }

            @Override
            public void error(String message) {
                LOG.error(Store.redact(message));
            }

            @Override
            public void error(String message, Exception e) {
                LOG.error(Store.redact(message + ": " + Store.oneLine(e)));
            }
        };
    }
}
