package dev.inkwell.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.inkwell.core.InkwellHome;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteConnection;
import org.sqlite.SQLiteDataSource;

/**
 * Where Inkwell keeps its tables: an SQLite file (the embedded default, {@code $INKWELL_HOME/inkwell.db}) or a
 * PostgreSQL database ({@code jdbc:postgresql://host/db?user=…}), shared by every replica of a cluster.
 *
 * <h2>Opening and closing</h2>
 * {@link #open(String)} starts a connection pool (HikariCP) and brings the schema to the newest version this build
 * knows (Flyway migrations, see below); a store already there is only read, so a role that may just read and write
 * rows can open it. A store is safe for many threads; open one per process (a command, a server) and
 * {@link #close()} it when done: closing ends every pooled connection, and a closed store refuses further use.
 * Pools: SQLite 4 connections (WAL mode, so readers never wait for the writer; one writer at a time, a second
 * waits up to 30 s for the first instead of failing; foreign keys on), PostgreSQL 8 (an unreachable server is a
 * {@link StoreException} after at most 10 s).
 *
 * <h2>Running your own statements</h2>
 * Modules with tables of their own write plain JDBC on the pooled connections:
 * <pre>{@code
 * long id = store.inTransaction("register model " + name, c -> {
 *     store.dialect().lockForTransaction(c, "model:" + name);          // replicas take turns on one model
 *     try (PreparedStatement st = c.prepareStatement(store.dialect().upsert("models", List.of("name", "card"), List.of("name")))) {
 *         ...
 *     }
 *     return ...;
 * });
 * Map<String, Long> counts = store.withConnection("count models", c -> { ... });   // auto-commit, for reads
 * }</pre>
 * {@link #inTransaction} commits when the work returns and rolls back when it throws (its exception goes on
 * unchanged; an {@link SQLException} becomes a {@link StoreException} naming the store and {@code what}, never a
 * password). It is a write transaction: on SQLite it takes the single writer lock at its start ({@code BEGIN
 * IMMEDIATE}, waiting up to the busy timeout), so read-then-write work never fails with "database is locked"; on
 * PostgreSQL it is READ COMMITTED, so lock what you read to update ({@link Dialect#forUpdate()},
 * {@link Dialect#forUpdateSkipLocked()}, {@link Dialect#lockForTransaction}). Calls on a thread already inside one
 * join it (one connection, one commit). The work must not commit, roll back or change auto-commit itself. Keep
 * transactions short: on SQLite every other writer waits for them.
 *
 * <h2>Schema migrations</h2>
 * DDL lives in versioned Flyway migrations on the class path, one folder per dialect:
 * {@code db/migration/sqlite/V<N>__<what>.sql} and {@code db/migration/postgresql/V<N>__<what>.sql} in this
 * module, N the next integer (write both files, even where the SQL is the same). A store opened by a build with a
 * new migration applies it once (several processes at once are safe); a store that has a migration this build
 * does not know is refused ("written by a newer Inkwell"). The history is the {@code inkwell_schema_history}
 * table; {@code inkwell_schema} keeps the newest version for Inkwell builds from before migrations. A store written
 * by such a build (schema 1, no history) is adopted as version 1.
 */
public final class Store implements AutoCloseable {
    private static final Pattern CREDENTIALS = Pattern.compile("(?i)([?&;](password|sslpassword)=)[^&;\\s]*");
    private static final Pattern USER_INFO = Pattern.compile("//[^/@\\s]*@");
    /** A URL of another scheme (postgres://…, mysql://…): not a file path, so never an SQLite file by accident. */
    private static final Pattern OTHER_URL = Pattern.compile("(?i)^[a-z][a-z0-9+.-]*://.*");
    private static final int MAX_MESSAGE = 400;
    /** SQLite has one writer at a time: a few connections serve concurrent readers; writers queue on the busy timeout. */
    private static final int SQLITE_POOL = 4;
    private static final Duration SQLITE_BUSY_TIMEOUT = Duration.ofSeconds(30);
    /** Per replica: several replicas share one server, whose connections are a scarce resource. */
    private static final int POSTGRES_POOL = 8;
    private static final Duration POSTGRES_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    private static final AtomicInteger POOLS = new AtomicInteger();
    /** The PostgreSQL driver logs through java.util.logging, URL (and password) included: its errors reach us anyway. */
    private static final Logger PG_DRIVER_LOG = Logger.getLogger("org.postgresql");

    static {
        PG_DRIVER_LOG.setLevel(Level.OFF);
    }

    private final String jdbcUrl;
    private final Dialect dialect;
    private final Properties properties;
    private final HikariDataSource pool;
    /** The connection of the transaction this thread is in, so that nested calls join it. */
    private final ThreadLocal<Connection> transaction = new ThreadLocal<>();
    private volatile boolean closed;

    private Store(String jdbcUrl, Dialect dialect, Properties properties) {
        this.jdbcUrl = jdbcUrl;
        this.dialect = dialect;
        this.properties = properties;
        try {
            this.pool = openPool();
        } catch (RuntimeException e) {
            throw cannotConnect(e);
        }
    }

    /**
     * The pool, whose first connection is opened at once. On SQLite that connection may meet another process creating
     * the same new file: the driver sets the journal mode before the busy timeout applies, so it gets SQLITE_BUSY at
     * once instead of waiting; it tries again, within the busy timeout, as a write would have waited.
     */
    private HikariDataSource openPool() {
        long deadline = System.nanoTime() + SQLITE_BUSY_TIMEOUT.toNanos();
        for (int attempt = 1; ; attempt++) {
            try {
                return new HikariDataSource(poolConfig());
            } catch (RuntimeException e) {
                if (dialect != Dialect.SQLITE || !sqliteBusy(e) || System.nanoTime() > deadline) throw e;
                try {
                    Thread.sleep(Math.min(200, 10L * attempt));
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    private static boolean sqliteBusy(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (String.valueOf(t.getMessage()).contains("SQLITE_BUSY")) return true;
        }
        return false;
    }

    /** The embedded default: {@code $INKWELL_HOME/inkwell.db}. */
    public static Store embedded() {
        return open(InkwellHome.path().resolve("inkwell.db").toString());
    }

    /** {@link #open(String) open(location)}, or the {@link #embedded() embedded default} when {@code location} is null. */
    public static Store openOrEmbedded(String location) {
        return location == null ? embedded() : open(location);
    }

    /**
     * Opens {@code location}: a {@code jdbc:sqlite:} or {@code jdbc:postgresql:} URL, or a file path (an SQLite
     * database, created with its folder when missing). The caller closes the store.
     */
    public static Store open(String location) {
        return open(location, MigrationFolders.INKWELL);
    }

    /** {@link #open(String)} with the migrations of {@code folders} (tests add later versions). */
    static Store open(String location, MigrationFolders folders) {
        Store store = connect(location);
        try {
            new SchemaMigrations(store, folders).apply();
            return store;
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
    }

    /**
     * Whether {@code location} names an SQLite store by the rules {@link #open(String)} follows (a path or a
     * {@code jdbc:sqlite:} URL); null is the {@link #embedded() embedded default}, an SQLite file too.
     */
    public static boolean isSqlite(String location) {
        if (location == null) return true;
        String lower = location.toLowerCase(Locale.ROOT);
        if (lower.startsWith("jdbc:")) return lower.startsWith("jdbc:sqlite:");
        return !location.isBlank() && !OTHER_URL.matcher(location).matches();
    }

    private static Store connect(String location) {
        if (location == null || location.isBlank()) throw new StoreException("no store given: pass a file path or a jdbc:sqlite: / jdbc:postgresql: URL");
        String lower = location.toLowerCase(Locale.ROOT);
        if (lower.startsWith("jdbc:postgresql:")) return postgresql(location);
        if (lower.startsWith("jdbc:sqlite:")) return sqlite(location.substring("jdbc:sqlite:".length()));
        if (lower.startsWith("jdbc:")) {
            throw new StoreException(redact(location) + ": unsupported store: use an SQLite file (jdbc:sqlite:PATH or a path) or PostgreSQL (jdbc:postgresql://HOST/DB)");
        }
        if (OTHER_URL.matcher(location).matches()) {
            throw new StoreException(redact(location) + ": not a store Inkwell speaks: write PostgreSQL as jdbc:postgresql://HOST:PORT/DB?user=…"
                    + " (a JDBC URL), or give an SQLite file path");
        }
        return sqlite(location);
    }

    private static Store postgresql(String url) {
        // checked here, so that no pool or driver ever logs a URL it cannot parse (user info, a bad port)
        if (org.postgresql.Driver.parseURL(url, null) == null) {
            throw new StoreException(redact(url) + ": malformed PostgreSQL URL: write jdbc:postgresql://HOST:PORT/DB?user=…&password=…");
        }
        Properties p = new Properties();
        p.setProperty("ApplicationName", "inkwell"); // names the connections in pg_stat_activity; the URL may override it
        return new Store(url, Dialect.POSTGRESQL, p);
    }

    private static Store sqlite(String file) {
        if (file.contains("?")) {
            throw new StoreException("jdbc:sqlite:" + file + ": options in an SQLite store URL are not supported (Inkwell sets WAL and a busy timeout itself)");
        }
        if (file.isBlank() || file.startsWith(":memory:") || file.startsWith("file:")) {
            throw new StoreException("jdbc:sqlite:" + file + ": give the SQLite database a file path (an in-memory store would lose every table on exit)");
        }
        Path path = Path.of(file).toAbsolutePath();
        if (Files.isDirectory(path)) throw new StoreException(file + ": is a folder; give the SQLite database file, e.g. " + path.resolve("inkwell.db"));
        try {
            Files.createDirectories(path.getParent());
        } catch (IOException e) {
            throw new StoreException(file + ": cannot create its folder: " + e.getMessage(), e);
        }
        // applied by the driver to every connection it opens, pooled or not
        Properties p = new Properties();
        p.setProperty("journal_mode", "WAL");       // readers (a server) keep reading while an ingest writes
        p.setProperty("busy_timeout", Long.toString(SQLITE_BUSY_TIMEOUT.toMillis())); // a second writer waits instead of failing at once
        p.setProperty("foreign_keys", "true");
        return new Store("jdbc:sqlite:" + path, Dialect.SQLITE, p);
    }

    private HikariConfig poolConfig() {
        HikariConfig config = new HikariConfig();
        config.setPoolName("inkwell-store-" + POOLS.incrementAndGet());
        config.setJdbcUrl(jdbcUrl);
        config.setDataSourceProperties(properties);
        config.setMinimumIdle(1); // a command needs one or two; the pool grows under load and shrinks when idle
        if (dialect == Dialect.SQLITE) {
            config.setDriverClassName("org.sqlite.JDBC");
            config.setMaximumPoolSize(SQLITE_POOL);
            config.setConnectionTimeout(SQLITE_BUSY_TIMEOUT.toMillis());
        } else {
            config.setDriverClassName("org.postgresql.Driver");
            config.setMaximumPoolSize(POSTGRES_POOL);
            config.setConnectionTimeout(POSTGRES_CONNECT_TIMEOUT.toMillis());
        }
        return config;
    }

    /** The store's URL with any password removed, for messages and model cards. */
    public String displayName() {
        return redact(jdbcUrl);
    }

    /** {@code text} (a URL, or a message quoting one) with passwords and user info replaced by {@code ***}. */
    static String redact(String text) {
        return USER_INFO.matcher(CREDENTIALS.matcher(text).replaceAll("$1***")).replaceAll("//***@");
    }

    /** Which database this is: what SQL it speaks beyond the common part. */
    public Dialect dialect() {
        return dialect;
    }

    /**
     * Runs {@code work} in one transaction on a pooled connection (or in the transaction this thread is already in)
     * and returns its result: committed when it returns, rolled back when it throws. See the class comment.
     *
     * @param what what the work does, for the error message ("register model digits")
     */
    public <T> T inTransaction(String what, SqlWork<T> work) {
        Connection joined = transaction.get();
        if (joined != null) return run(what, joined, work);
        try (Connection c = connect()) {
            begin(c);
            transaction.set(c);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException | Error e) {
                rollback(c);
                throw e;
            } finally {
                transaction.remove();
            }
        } catch (SQLException e) {
            throw failure(what, e);
        }
    }

    /** {@link #inTransaction} without a result. */
    public void useTransaction(String what, SqlAction work) {
        inTransaction(what, c -> {
            work.run(c);
            return null;
        });
    }

    /**
     * Runs {@code work} on a pooled connection in auto-commit mode (each statement its own transaction: reads, or a
     * single write), or in the transaction this thread is already in. The connection goes back to the pool after.
     */
    public <T> T withConnection(String what, SqlWork<T> work) {
        Connection joined = transaction.get();
        if (joined != null) return run(what, joined, work);
        try (Connection c = connect()) {
            return work.run(c);
        } catch (SQLException e) {
            throw failure(what, e);
        }
    }

    /** {@link #withConnection} without a result. */
    public void useConnection(String what, SqlAction work) {
        withConnection(what, c -> {
            work.run(c);
            return null;
        });
    }

    private <T> T run(String what, Connection c, SqlWork<T> work) {
        try {
            return work.run(c);
        } catch (SQLException e) {
            throw failure(what, e);
        }
    }

    /**
     * Starts a write transaction. SQLite's default (deferred) transaction would take the writer lock only at its
     * first write, and fail at once ("database is locked") when another writer committed since it first read;
     * {@code BEGIN IMMEDIATE} takes the lock up front, waiting up to the busy timeout.
     */
    private void begin(Connection c) throws SQLException {
        if (dialect != Dialect.SQLITE) {
            c.setAutoCommit(false);
            return;
        }
        var config = c.unwrap(SQLiteConnection.class).getConnectionConfig();
        try {
            config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
            c.setAutoCommit(false); // the driver begins the transaction here, in the mode above
        } catch (SQLException e) {
            discard(c); // its auto-commit state is unknown now
            throw e;
        } finally {
            // the driver begins the next transaction right after a commit: deferred, so it takes no lock
            config.setTransactionMode(SQLiteConfig.TransactionMode.DEFERRED);
        }
    }

    private void rollback(Connection c) {
        try {
            c.rollback();
        } catch (SQLException e) {
            discard(c); // it may still be inside the transaction
        }
    }

    /** A pooled connection; the caller closes it (which hands it back). */
    Connection connect() {
        if (closed) throw closedError();
        try {
            return pool.getConnection();
        } catch (SQLException e) {
            if (closed) throw closedError();
            throw cannotConnect(e);
        }
    }

    /** Makes sure {@code c}, a connection of this pool, is closed instead of lent again (its session state is unknown). */
    void discard(Connection c) {
        pool.evictConnection(c);
    }

    /**
     * A connection of its own (not pooled) for Flyway on SQLite: its transactions begin IMMEDIATE, so two processes
     * that migrate a store at once take turns instead of one failing on the other's changes. PostgreSQL migrations
     * use the pool (Flyway locks with advisory locks there).
     */
    DataSource migrationDataSource() {
        if (dialect != Dialect.SQLITE) return pool;
        SQLiteConfig config = new SQLiteConfig(properties);
        config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
        SQLiteDataSource ds = new SQLiteDataSource(config);
        ds.setUrl(jdbcUrl);
        return ds;
    }

    /** The work queue {@code name} (lower-case letters, digits, '-', '_'), shared by every process of this store. */
    public WorkQueue queue(String name) {
        return new WorkQueue(this, name, Clock.systemUTC());
    }

    /** As {@link #queue(String)}, reading time from {@code clock} (tests move it to expire leases). */
    public WorkQueue queue(String name, Clock clock) {
        return new WorkQueue(this, name, clock);
    }

    /** The labelling queue: captured readings waiting for a person's label, shared by every process of this store. */
    public LabellingQueue labelling() {
        return new LabellingQueue(this, Clock.systemUTC());
    }

    /** As {@link #labelling()}, reading time from {@code clock}. */
    public LabellingQueue labelling(Clock clock) {
        return new LabellingQueue(this, clock);
    }

    /** The samples table {@code name} (created by its first ingest). */
    public SampleTable table(String name) {
        return new SampleTable(this, name);
    }

    /** Every table with rows, and its row count per split. */
    public Map<String, Map<String, Long>> tables() {
        return withConnection("cannot list tables", c -> {
            Map<String, Map<String, Long>> out = new LinkedHashMap<>();
            try (PreparedStatement st = c.prepareStatement(
                    "SELECT table_name, split, COUNT(*) FROM samples GROUP BY table_name, split ORDER BY table_name, split");
                 ResultSet rs = st.executeQuery()) {
                while (rs.next()) out.computeIfAbsent(rs.getString(1), k -> new TreeMap<>(SampleTable.SPLIT_ORDER)).put(rs.getString(2), rs.getLong(3));
            }
            return out;
        });
    }

    /**
     * Ends every pooled connection: call it once the work on this store is done (a connection still in use, such
     * as an unfinished table read, is cut). A closed store refuses further use. Closing twice is harmless.
     */
    @Override
    public void close() {
        if (closed) return;
        closed = true;
        pool.close();
    }

    private StoreException closedError() {
        return new StoreException(displayName() + ": this store was closed; open it again to use it");
    }

    private StoreException cannotConnect(Exception e) {
        Throwable cause = e.getCause() instanceof SQLException && !(e instanceof SQLException) ? e.getCause() : e; // the pool's wrapper says less
        return new StoreException(displayName() + ": cannot connect: " + redact(oneLine(cause)), e);
    }

    StoreException failure(String what, SQLException e) {
        return new StoreException(displayName() + ": " + what + ": " + redact(oneLine(e)), e);
    }

    /**
     * The database's own words, short: for a failed batch the server's error (the next exception) rather than the
     * driver's echo of the statement and its parameters.
     */
    static String oneLine(Throwable e) {
        Throwable cause = e instanceof BatchUpdateException b && b.getNextException() != null ? b.getNextException() : e;
        List<String> parts = new ArrayList<>();
        for (Throwable t = cause; t != null && parts.size() < 3; t = t.getCause()) {
            String m = t.getMessage();
            if (m != null && !m.isBlank() && parts.stream().noneMatch(m::contains)) parts.add(m.strip().replaceAll("\\s+", " "));
        }
        String line = String.join(": ", parts);
        return line.length() <= MAX_MESSAGE ? line : line.substring(0, MAX_MESSAGE) + "…";
    }

    @Override
    public String toString() {
        return displayName();
    }
}
