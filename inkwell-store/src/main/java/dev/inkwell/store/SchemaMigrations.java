package dev.inkwell.store;

import dev.inkwell.core.StartupCacheTraining;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationInfoService;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.callback.Callback;
import org.flywaydb.core.api.callback.Context;
import org.flywaydb.core.api.callback.Event;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings a store's schema to the newest version this build knows, with Flyway: adopts a store written before
 * versioned migrations (schema 1 in {@code inkwell_schema}, no history) as version 1, refuses one that has a
 * migration this build does not know, and only reads a store that is up to date (so a role without DDL rights
 * can open it).
 */
final class SchemaMigrations {
    static final String HISTORY_TABLE = "inkwell_schema_history";
    /** The advisory lock key Inkwell's migrations have always taken on PostgreSQL. */
    private static final long MIGRATION_LOCK = 7355608;
    private static final Map<String, ReentrantLock> SQLITE_LOCKS = new ConcurrentHashMap<>();
    private static final Logger LOG = LoggerFactory.getLogger(SchemaMigrations.class);

    private final Store store;
    private final MigrationFolders folders;

    SchemaMigrations(Store store, MigrationFolders folders) {
        this.store = store;
        this.folders = folders;
    }

    void apply() {
        try {
            // read only, so that a role without DDL rights opens an up-to-date store
            if (upToDateAtAGlance() || upToDate(flyway(false, 0).info())) return;
            try (var exclusive = exclusive()) {
                for (int attempt = 1; ; attempt++) {
                    try {
                        migrate();
                        return;
                    } catch (FlywayException e) {
                        // SQLite has no lock across processes: another one may have been half-way through the same
                        // migration; what it did is visible now
                        if (store.dialect() != Dialect.SQLITE || attempt == 2) throw e;
                        LOG.debug("{}: migrating failed, trying once more: {}", store.displayName(), Store.oneLine(e));
                        pause();
                    }
                }
            }
        } catch (FlywayException e) {
            throw new StoreException(store.displayName() + ": cannot prepare the store: " + Store.redact(describe(e)), e);
        }
    }

    /**
     * Whether the store is at the newest version, told by one query and the migration files' names, without
     * starting Flyway; throws when the store has a version this build does not know. False when it cannot tell
     * (no history yet, a failed migration, files it cannot list): Flyway looks then.
     */
    private boolean upToDateAtAGlance() {
        Optional<SortedSet<Integer>> files = MigrationFiles.versions(SchemaMigrations.class.getClassLoader(), folders.folders(store.dialect()));
        if (files.isEmpty()) return false;
        int known = files.get().last();
        History history = store.withConnection("cannot read the schema history", History::read);
        if (history == null || history.failed()) return false;
        if (history.newest() > known) throw newer(Integer.toString(history.newest()), Integer.toString(known));
        return files.get().stream().allMatch(v -> v <= history.baseline() || history.applied().contains(v));
    }

    /** What the history table holds, or null when there is none (or a version that is not a plain integer). */
    private record History(Set<Integer> applied, int baseline, boolean failed) {
        int newest() {
            return Math.max(baseline, applied.stream().mapToInt(Integer::intValue).max().orElse(0));
        }

        static History read(Connection c) {
            Set<Integer> applied = new HashSet<>();
            int baseline = 0;
            boolean failed = false;
            try (Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT version, type, success FROM " + HISTORY_TABLE + " WHERE version IS NOT NULL")) {
                while (rs.next()) {
                    int version = Integer.parseInt(rs.getString(1));
                    if ("BASELINE".equals(rs.getString(2))) baseline = Math.max(baseline, version);
                    else applied.add(version);
                    failed |= !rs.getBoolean(3);
                }
            } catch (SQLException | NumberFormatException noHistoryOrNotOurs) {
                return null;
            }
            return new History(applied, baseline, failed);
        }
    }

    /** Whether the store is at the newest version; throws when it has one this build does not know. */
    private boolean upToDate(MigrationInfoService info) {
        MigrationVersion known = newestKnown(info);
        newestApplied(info).filter(v -> v.isNewerThan(known)).ifPresent(v -> {
            throw newer(v.getVersion(), known.getVersion());
        });
        return info.pending().length == 0 && Arrays.stream(info.all()).noneMatch(m -> m.getState().isFailed());
    }

    private void migrate() {
        MigrationInfoService info = flyway(false, 0).info(); // again: another process may have migrated meanwhile
        if (upToDate(info)) return;
        MigrationVersion known = newestKnown(info);
        boolean history = historyExists();
        // no history but a version in inkwell_schema: written before versioned migrations
        int legacy = history ? 0 : legacyVersion();
        if (MigrationVersion.fromVersion(Integer.toString(legacy)).isNewerThan(known)) throw newer(Integer.toString(legacy), known.getVersion());
        // without a history, Flyway baselines a database that holds tables: at the legacy version, or at 0 (then
        // runs every migration) for a database that holds only tables of others
        MigrateResult result = flyway(!history, legacy).migrate();
        if (result.initialSchemaVersion != null && MigrationVersion.fromVersion(result.initialSchemaVersion).isNewerThan(known)) {
            throw newer(result.initialSchemaVersion, known.getVersion());
        }
        // once for good: a start-up cache made of this run would preload Flyway's classes on every later start
        if (result.migrationsExecuted > 0 || legacy > 0) StartupCacheTraining.didOneTimeWork("the store's migrations");
        if (legacy > 0) LOG.info("{}: adopted a store from before versioned migrations at schema {}", store.displayName(), legacy);
        if (result.migrationsExecuted > 0 && result.initialSchemaVersion == null) {
            LOG.info("{}: created the store's schema (version {})", store.displayName(), result.targetSchemaVersion);
        } else if (result.migrationsExecuted > 0) {
            LOG.info("{}: upgraded the store's schema from version {} to {}", store.displayName(), result.initialSchemaVersion,
                    result.targetSchemaVersion);
        }
    }

    /**
     * Makes this process the only Inkwell that migrates the store until closed, so that the decision to adopt or
     * create a schema and the migration itself happen as one: a PostgreSQL session advisory lock (every replica,
     * and Inkwell builds from before migrations, which used the same key); on SQLite a lock within this process
     * (Flyway's own transactions take turns across processes there).
     */
    private Unlock exclusive() {
        if (store.dialect() == Dialect.SQLITE) {
            ReentrantLock lock = SQLITE_LOCKS.computeIfAbsent(store.displayName(), k -> new ReentrantLock());
            lock.lock();
            return lock::unlock;
        }
        Connection c = store.connect();
        try (Statement st = c.createStatement()) {
            st.execute("SELECT pg_advisory_lock(" + MIGRATION_LOCK + ")");
        } catch (SQLException e) {
            close(c);
            throw store.failure("cannot lock the store for migrating", e);
        }
        return () -> {
            try (Statement st = c.createStatement()) {
                st.execute("SELECT pg_advisory_unlock(" + MIGRATION_LOCK + ")");
            } catch (SQLException e) {
                store.discard(c); // ending the session is what releases the lock then
            } finally {
                close(c);
            }
        };
    }

    /** Ends a lock; never fails. */
    private interface Unlock extends AutoCloseable {
        @Override
        void close();
    }

    private static void close(Connection c) {
        try {
            c.close();
        } catch (SQLException ignored) {
            // handing a connection back to the pool does not fail in ways that matter here
        }
    }

    private static void pause() {
        try {
            Thread.sleep(500);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private boolean historyExists() {
        return store.withConnection("cannot read the schema history", c -> {
            try (ResultSet rs = c.getMetaData().getTables(null, c.getSchema(), HISTORY_TABLE, null)) {
                return rs.next();
            }
        });
    }

    private Flyway flyway(boolean baselineOnMigrate, int baseline) {
        return Flyway.configure(SchemaMigrations.class.getClassLoader())
                .dataSource(store.migrationDataSource())
                .locations(folders.locations(store.dialect()))
                .table(HISTORY_TABLE)
                .baselineOnMigrate(baselineOnMigrate)
                .baselineVersion(Integer.toString(baseline))
                .baselineDescription(baseline == 0 ? "history started in a database with other tables" : "adopted from inkwell_schema")
                .validateMigrationNaming(true) // a misnamed file is an error, not a migration silently skipped
                .placeholderReplacement(false) // DDL means what it says, ${…} included
                .cleanDisabled(true)
                .callbacks(new LegacyVersionMarker())
                .loggers(MigrationLog.class.getName())
                .load();
    }

    private static MigrationVersion newestKnown(MigrationInfoService info) {
        return Arrays.stream(info.all())
                .filter(m -> m.isVersioned() && m.getState().isResolved())
                .map(MigrationInfo::getVersion)
                .max(Comparator.naturalOrder())
                .orElseThrow(() -> new StoreException("no schema migrations on the class path (db/migration): a broken Inkwell build"));
    }

    private static Optional<MigrationVersion> newestApplied(MigrationInfoService info) {
        return Arrays.stream(info.applied()).filter(MigrationInfo::isVersioned).map(MigrationInfo::getVersion).max(Comparator.naturalOrder());
    }

    /** The version in {@code inkwell_schema} (the table Inkwell kept before migrations), or 0 when there is none. */
    private int legacyVersion() {
        return store.withConnection("cannot read the schema version", c -> {
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT MAX(version) FROM inkwell_schema")) {
                return rs.next() ? rs.getInt(1) : 0;
            } catch (SQLException noSuchTable) {
                return 0;
            }
        });
    }

    private StoreException newer(String version, String known) {
        return new StoreException(store.displayName() + ": written by a newer Inkwell (schema " + version
                + ", this one knows " + known + "): upgrade Inkwell");
    }

    /** Flyway's headline (its first line) and the database's own words, on one line. */
    private static String describe(FlywayException e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().strip();
        String headline = message.lines().findFirst().orElse(message);
        for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
            if (t instanceof SQLException sql) return headline + ": " + Store.oneLine(sql);
        }
        return Store.oneLine(e);
    }

    /**
     * Writes each applied version into {@code inkwell_schema}, in the migration's own transaction, so that an
     * Inkwell build from before versioned migrations (which reads only that table) refuses a store it cannot read.
     */
    private static final class LegacyVersionMarker implements Callback {
        @Override
        public boolean supports(Event event, Context context) {
            return event == Event.AFTER_EACH_MIGRATE && context.getMigrationInfo() != null && context.getMigrationInfo().isVersioned();
        }

        @Override
        public boolean canHandleInTransaction(Event event, Context context) {
            return true;
        }

        @Override
        public void handle(Event event, Context context) {
            int version = context.getMigrationInfo().getVersion().getMajor().intValueExact();
            try (PreparedStatement st = context.getConnection().prepareStatement(
                    "INSERT INTO inkwell_schema (version) SELECT ? WHERE NOT EXISTS (SELECT 1 FROM inkwell_schema WHERE version >= ?)")) {
                st.setInt(1, version);
                st.setInt(2, version);
                st.executeUpdate();
            } catch (SQLException e) {
                throw new FlywayException("cannot record schema version " + version + " in inkwell_schema", e);
            }
        }

        @Override
        public String getCallbackName() {
            return "inkwell_schema";
        }
    }
}
