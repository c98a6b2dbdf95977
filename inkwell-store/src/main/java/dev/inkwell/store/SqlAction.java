package dev.inkwell.store;

import java.sql.Connection;
import java.sql.SQLException;

/** Statements run on one of the store's connections ({@link Store#useTransaction}, {@link Store#useConnection}), without a result. */
@FunctionalInterface
public interface SqlAction {
    void run(Connection connection) throws SQLException;
}
