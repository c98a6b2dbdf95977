package dev.inkwell.store;

import java.sql.Connection;
import java.sql.SQLException;

/** Statements run on one of the store's connections ({@link Store#inTransaction}, {@link Store#withConnection}), with a result. */
@FunctionalInterface
public interface SqlWork<T> {
    T run(Connection connection) throws SQLException;
}
