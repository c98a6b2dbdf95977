package dev.inkwell.store;

import dev.inkwell.core.InkwellHome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Pattern;

/**
 * Where Inkwell keeps its tables: an SQLite file (the embedded default, {@code $INKWELL_HOME/inkwell.db}) or a
 * PostgreSQL database ({@code jdbc:postgresql://host/db?user=…}). Opening it creates or upgrades the schema.
 * It holds no connection: each operation opens one and closes it, so a store can be shared by threads and readers.
 */
public final class Store {
    static final int SCHEMA_VERSION = 1;
    private static final Pattern CREDENTIALS = Pattern.compile("(?i)([?&;](password|sslpassword)=)[^&;\\s]*");
    private static final Pattern USER_INFO = Pattern.compile("//[^/@\\s]*@");
    /** A URL of another scheme (postgres://…, mysql://…): not a file path, so never an SQLite file by accident. */
    private static final Pattern OTHER_URL = Pattern.compile("(?i)^[a-z][a-z0-9+.-]*://.*");
    private static final int MAX_MESSAGE = 400;
    /** The PostgreSQL driver logs through java.util.logging, URL (and password) included: its errors reach us anyway. */
    private static final java.util.logging.Logger PG_DRIVER_LOG = java.util.logging.Logger.getLogger("org.postgresql");

    static {
        PG_DRIVER_LOG.setLevel(java.util.logging.Level.OFF);
    }

    private final String jdbcUrl;
    private final Dialect dialect;
    private final Properties properties;

    private Store(String jdbcUrl, Dialect dialect, Properties properties) {
        this.jdbcUrl = jdbcUrl;
        this.dialect = dialect;
        this.properties = properties;
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
     * database, created with its folder when missing).
     */
    public static Store open(String location) {
        if (location == null || location.isBlank()) throw new StoreException("no store given: pass a file path or a jdbc:sqlite: / jdbc:postgresql: URL");
        String lower = location.toLowerCase(Locale.ROOT);
        Store store;
        if (lower.startsWith("jdbc:postgresql:")) {
            store = new Store(location, Dialect.POSTGRESQL, new Properties());
        } else if (lower.startsWith("jdbc:sqlite:")) {
            store = sqlite(location.substring("jdbc:sqlite:".length()));
        } else if (lower.startsWith("jdbc:")) {
            throw new StoreException(redact(location) + ": unsupported store: use an SQLite file (jdbc:sqlite:PATH or a path) or PostgreSQL (jdbc:postgresql://HOST/DB)");
        } else if (OTHER_URL.matcher(location).matches()) {
            throw new StoreException(redact(location) + ": not a store Inkwell speaks: write PostgreSQL as jdbc:postgresql://HOST:PORT/DB?user=…"
                    + " (a JDBC URL), or give an SQLite file path");
        } else {
            store = sqlite(location);
        }
        store.migrate();
        return store;
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
        } catch (java.io.IOException e) {
            throw new StoreException(file + ": cannot create its folder: " + e.getMessage(), e);
        }
        Properties p = new Properties();
        p.setProperty("journal_mode", "WAL");       // readers (a server) keep reading while an ingest writes
        p.setProperty("busy_timeout", "30000");     // a second writer waits instead of failing at once
        p.setProperty("foreign_keys", "true");
        return new Store("jdbc:sqlite:" + path, Dialect.SQLITE, p);
    }

    /** The store's URL with any password removed, for messages and model cards. */
    public String displayName() {
        return redact(jdbcUrl);
    }

    /** {@code text} (a URL, or a message quoting one) with passwords and user info replaced by {@code ***}. */
    static String redact(String text) {
        return USER_INFO.matcher(CREDENTIALS.matcher(text).replaceAll("$1***")).replaceAll("//***@");
    }

    Dialect dialect() {
        return dialect;
    }

    /** A new connection; the caller closes it. */
    Connection connect() {
        try {
            return DriverManager.getConnection(jdbcUrl, properties);
        } catch (SQLException e) {
            throw new StoreException(redact(displayName() + ": cannot connect: " + oneLine(e)), e);
        }
    }

    /** The samples table {@code name} (created by its first ingest). */
    public SampleTable table(String name) {
        return new SampleTable(this, name);
    }

    /** Every table with rows, and its row count per split. */
    public Map<String, Map<String, Long>> tables() {
        Map<String, Map<String, Long>> out = new LinkedHashMap<>();
        try (Connection c = connect();
             PreparedStatement st = c.prepareStatement(
                     "SELECT table_name, split, COUNT(*) FROM samples GROUP BY table_name, split ORDER BY table_name, split")) {
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) out.computeIfAbsent(rs.getString(1), k -> new java.util.TreeMap<>(SampleTable.SPLIT_ORDER)).put(rs.getString(2), rs.getLong(3));
            }
        } catch (SQLException e) {
            throw failure("cannot list tables", e);
        }
        return out;
    }

    /**
     * Creates or upgrades the schema. A store already at this version is only read, so a role that may just read and
     * write rows (a serving replica, a training job) can open it.
     */
    private void migrate() {
        try (Connection c = connect()) {
            int version = version(c);
            if (version == SCHEMA_VERSION) return;
            checkNotNewer(version);
            c.setAutoCommit(false);
            try (Statement st = c.createStatement()) {
                if (dialect.migrationLock() != null) st.execute(dialect.migrationLock());
                st.execute("CREATE TABLE IF NOT EXISTS inkwell_schema (version INTEGER NOT NULL)");
                version = 0;
                try (ResultSet rs = st.executeQuery("SELECT MAX(version) FROM inkwell_schema")) {
                    if (rs.next()) version = rs.getInt(1);
                }
                checkNotNewer(version);
                if (version < 1) {
                    for (String ddl : dialect.schemaV1) st.execute(ddl);
                    st.execute("INSERT INTO inkwell_schema (version) VALUES (1)");
                }
            }
            c.commit();
        } catch (SQLException e) {
            throw failure("cannot prepare the store", e);
        }
    }

    /** The schema version, or -1 when the store has none yet (read outside a transaction: a failure aborts nothing). */
    private static int version(Connection c) {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT MAX(version) FROM inkwell_schema")) {
            return rs.next() ? rs.getInt(1) : -1;
        } catch (SQLException e) {
            return -1;
        }
    }

    private void checkNotNewer(int version) {
        if (version > SCHEMA_VERSION) {
            throw new StoreException(displayName() + ": written by a newer Inkwell (schema " + version
                    + ", this one knows " + SCHEMA_VERSION + "): upgrade Inkwell");
        }
    }

    StoreException failure(String what, SQLException e) {
        return new StoreException(redact(displayName() + ": " + what + ": " + oneLine(e)), e);
    }

    /**
     * The database's own words, short: for a failed batch the server's error (the next exception) rather than the
     * driver's echo of the statement and its parameters.
     */
    static String oneLine(SQLException e) {
        SQLException cause = e instanceof java.sql.BatchUpdateException && e.getNextException() != null ? e.getNextException() : e;
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
