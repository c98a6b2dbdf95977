package dev.inkwell.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.inkwell.core.Progress;
import dev.inkwell.dataset.Sample;
import dev.inkwell.dataset.SampleReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What the store itself must do, beneath the samples tables, on SQLite and on a real PostgreSQL server: adopt old
 * stores, apply later migrations, refuse newer stores, run transactions and share its pool between threads.
 */
abstract class StoreContract {
    private final List<Store> opened = new ArrayList<>();

    /** The JDBC URL of a new, empty database that no other test uses. */
    abstract String newLocation() throws Exception;

    /** Asserts that nothing holds a connection to the database at {@code url} any more. */
    abstract void assertNoConnectionsLeft(String url) throws Exception;

    Store closedAfterTest(Store store) {
        opened.add(store);
        return store;
    }

    Store newStore() throws Exception {
        return closedAfterTest(Store.open(newLocation()));
    }

    @AfterEach
    void closeStores() {
        opened.forEach(Store::close);
    }

    static long count(Store store, String sql) {
        return store.withConnection("count", c -> {
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    static String timestampType(Store store) {
        return store.dialect() == Dialect.SQLITE ? "TEXT" : "TIMESTAMPTZ";
    }

    @Test
    void aStoreWrittenBeforeMigrationsIsAdoptedWithItsRows() throws Exception {
        String url = newLocation();
        StoreBeforeMigrations.create(url, 1, 25);
        try (Store store = Store.open(url)) {
            assertThat(store.tables()).isEqualTo(Map.of("old", Map.of("train", 25L)));
            List<Sample> rows = SampleTableContract.readAll(store.table("old").dataset());
            assertThat(rows).extracting(Sample::uuid).first().isEqualTo("old-0");
            assertThat(rows).extracting(Sample::source).last().isEqualTo("old.csv:25");
            assertThat(rows.get(7).pixels()).containsExactly(7, 1, 2, 3);
            // adopted at version 1: a baseline in the history, nothing re-run
            assertThat(count(store, "SELECT COUNT(*) FROM " + SchemaMigrations.HISTORY_TABLE + " WHERE version = '1' AND type = 'BASELINE'")).isEqualTo(1);
            assertThat(count(store, "SELECT COUNT(*) FROM " + SchemaMigrations.HISTORY_TABLE)).as("the baseline, then each later migration")
                    .isEqualTo(SampleTableContract.KNOWN);
            store.table("old").ingest(SampleReader.of(SampleTableContract.samples(5, "test", 51)), Progress.NONE);
            assertThat(store.table("old").counts()).isEqualTo(Map.of("train", 25L, "test", 5L));
        }
        try (Store again = Store.open(url)) { // the adopted store opens like any other
            assertThat(again.table("old").counts()).isEqualTo(Map.of("train", 25L, "test", 5L));
        }
    }

    @Test
    void anAdoptedStoreTakesTheNextMigrationLikeANewOne() throws Exception {
        String url = newLocation();
        StoreBeforeMigrations.create(url, 1, 3);
        try (Store store = Store.open(url, SampleTableContract.WITH_LATER_MIGRATION)) {
            assertThat(count(store, "SELECT COUNT(*) FROM notes")).isZero();
            assertThat(count(store, "SELECT COUNT(*) FROM samples WHERE table_name = 'old'")).isEqualTo(3);
        }
    }

    @Test
    void aDatabaseWithOnlyOtherApplicationsTablesGetsEveryMigration() throws Exception {
        String url = newLocation();
        if (url.startsWith("jdbc:sqlite:")) Files.createDirectories(Path.of(url.substring("jdbc:sqlite:".length())).getParent());
        try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY, total INTEGER)");
            st.execute("INSERT INTO invoices (id, total) VALUES (1, 100)");
        }
        try (Store store = Store.open(url)) {
            store.table("samples").ingest(SampleReader.of(SampleTableContract.samples(3, "train", 55)), Progress.NONE);
            assertThat(store.tables()).isEqualTo(Map.of("samples", Map.of("train", 3L)));
            assertThat(count(store, "SELECT total FROM invoices")).as("left alone").isEqualTo(100);
            assertThat(count(store, "SELECT COUNT(*) FROM " + SchemaMigrations.HISTORY_TABLE + " WHERE version = '1' AND type = 'SQL' AND success = "
                    + (store.dialect() == Dialect.SQLITE ? "1" : "TRUE"))).isEqualTo(1);
        }
    }

    @Test
    void aStoreFromBeforeMigrationsWithAVersionThisBuildDoesNotKnowIsRefused() throws Exception {
        String url = newLocation();
        StoreBeforeMigrations.create(url, 999, 1);
        assertThatThrownBy(() -> Store.open(url)).isInstanceOf(StoreException.class)
                .hasMessageContaining("written by a newer Inkwell (schema 999, this one knows " + SampleTableContract.KNOWN + "): upgrade Inkwell");
        try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM samples")) {
            rs.next();
            assertThat(rs.getLong(1)).as("left untouched").isEqualTo(1);
        }
    }

    @Test
    void addingMigration2UpgradesAVersion1StoreOnce() throws Exception {
        String url = newLocation();
        try (Store v1 = Store.open(url)) {
            v1.table("digits").ingest(SampleReader.of(SampleTableContract.samples(40, "train", 52)), Progress.NONE);
        }
        Instant at = Instant.parse("2026-01-02T03:04:05.123456Z");
        try (Store v2 = Store.open(url, SampleTableContract.WITH_LATER_MIGRATION)) {
            v2.useTransaction("write a note", c -> {
                try (PreparedStatement st = c.prepareStatement("INSERT INTO notes (table_name, text, created_at) VALUES ('digits', 'checked', ?)")) {
                    v2.dialect().setTimestamp(st, 1, at);
                    st.executeUpdate();
                }
            });
            assertThat(v2.table("digits").counts()).isEqualTo(Map.of("train", 40L));
            assertThat(count(v2, "SELECT COUNT(*) FROM samples WHERE reviewed = " + (v2.dialect() == Dialect.SQLITE ? "0" : "FALSE"))).isEqualTo(40);
            // builds from before versioned migrations read only inkwell_schema: it must say the newest, so that they refuse
            assertThat(count(v2, "SELECT MAX(version) FROM inkwell_schema")).isEqualTo(999);
            v2.table("digits").ingest(SampleReader.of(SampleTableContract.samples(2, "train", 53)), Progress.NONE);
        }
        try (Store again = Store.open(url, SampleTableContract.WITH_LATER_MIGRATION)) {
            assertThat(count(again, "SELECT COUNT(*) FROM " + SchemaMigrations.HISTORY_TABLE)).as("each migration once").isEqualTo(SampleTableContract.KNOWN + 1);
            Instant noted = again.withConnection("read the note", c -> {
                try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT created_at FROM notes")) {
                    rs.next();
                    return again.dialect().getTimestamp(rs, 1);
                }
            });
            assertThat(noted).isEqualTo(at);
            assertThat(again.table("digits").counts()).isEqualTo(Map.of("train", 42L));
        }
    }

    @Test
    void readersAndWritersOnSeveralThreadsShareThePool() throws Exception {
        Store store = newStore();
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> work = new ArrayList<>();
            for (int w = 0; w < 4; w++) {
                String table = "writer-" + w;
                int seed = w;
                work.add(threads.submit(() -> {
                    for (int round = 0; round < 3; round++) {
                        store.table(table).ingest(SampleReader.of(SampleTableContract.samples(150, "train", seed * 10L + round)), Progress.NONE);
                    }
                    return null;
                }));
            }
            for (int r = 0; r < 4; r++) {
                work.add(threads.submit(() -> {
                    for (int round = 0; round < 15; round++) {
                        for (var table : store.tables().keySet()) {
                            long rows = SampleTableContract.readAll(store.table(table).dataset()).size();
                            assertThat(rows % 150).as("a table is read between whole ingests").isZero();
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : work) f.get(120, TimeUnit.SECONDS);
        } finally {
            threads.shutdownNow();
        }
        Map<String, Map<String, Long>> tables = store.tables();
        assertThat(tables).hasSize(4);
        tables.values().forEach(splits -> assertThat(splits).isEqualTo(Map.of("train", 450L)));
    }

    @Test
    void readThenWriteTransactionsOnSeveralThreadsLoseNoUpdate() throws Exception {
        Store store = newStore();
        store.useConnection("create counters", c -> {
            try (Statement st = c.createStatement()) {
                st.execute("CREATE TABLE counters (id INTEGER PRIMARY KEY, n INTEGER NOT NULL)");
                st.execute("INSERT INTO counters (id, n) VALUES (1, 0)");
            }
        });
        int threads = 6;
        int increments = 20;
        runOnThreads(threads, () -> {
            for (int i = 0; i < increments; i++) {
                store.useTransaction("increment", c -> {
                    int n;
                    try (Statement st = c.createStatement();
                         ResultSet rs = st.executeQuery("SELECT n FROM counters WHERE id = 1" + store.dialect().forUpdate())) {
                        rs.next();
                        n = rs.getInt(1);
                    }
                    try (PreparedStatement st = c.prepareStatement("UPDATE counters SET n = ? WHERE id = 1")) {
                        st.setInt(1, n + 1);
                        st.executeUpdate();
                    }
                });
            }
            return null;
        });
        assertThat(count(store, "SELECT n FROM counters WHERE id = 1")).isEqualTo(threads * increments);
    }

    @Test
    void workersClaimingAQueueGetEachRowOnce() throws Exception {
        Store store = newStore();
        int jobs = 60;
        store.useTransaction("fill the queue", c -> {
            try (Statement st = c.createStatement()) {
                st.execute("CREATE TABLE jobs (id INTEGER PRIMARY KEY, claimed_by TEXT)");
            }
            try (PreparedStatement st = c.prepareStatement("INSERT INTO jobs (id) VALUES (?)")) {
                for (int i = 1; i <= jobs; i++) {
                    st.setInt(1, i);
                    st.addBatch();
                }
                st.executeBatch();
            }
        });
        Map<Integer, String> claims = new ConcurrentHashMap<>();
        runOnThreads(4, () -> {
            String worker = Thread.currentThread().getName();
            while (true) {
                Integer job = store.inTransaction("claim a job", c -> {
                    Integer id = null;
                    try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
                            "SELECT id FROM jobs WHERE claimed_by IS NULL ORDER BY id LIMIT 1" + store.dialect().forUpdateSkipLocked())) {
                        if (rs.next()) id = rs.getInt(1);
                    }
                    if (id == null) return null;
                    try (PreparedStatement st = c.prepareStatement("UPDATE jobs SET claimed_by = ? WHERE id = ?")) {
                        st.setString(1, worker);
                        st.setInt(2, id);
                        st.executeUpdate();
                    }
                    return id;
                });
                if (job == null) return null;
                assertThat(claims.put(job, worker)).as("job %d claimed twice", job).isNull();
            }
        });
        assertThat(claims).hasSize(jobs);
        assertThat(count(store, "SELECT COUNT(*) FROM jobs WHERE claimed_by IS NULL")).isZero();
    }

    @Test
    void aTransactionThatThrowsLeavesNothingAndItsExceptionGoesOn() throws Exception {
        Store store = newStore();
        store.useConnection("create", c -> {
            try (Statement st = c.createStatement()) {
                st.execute("CREATE TABLE things (name TEXT PRIMARY KEY)");
            }
        });
        IllegalStateException boom = new IllegalStateException("boom");
        assertThatThrownBy(() -> store.useTransaction("add a thing", c -> {
            insertThing(c, "half-done");
            throw boom;
        })).isSameAs(boom);
        assertThatThrownBy(() -> store.useTransaction("add things twice", c -> {
            insertThing(c, "twice");
            insertThing(c, "twice");
        })).isInstanceOf(StoreException.class).hasMessageStartingWith(store.displayName() + ": add things twice: ");
        assertThat(count(store, "SELECT COUNT(*) FROM things")).isZero();
        // the pool's connections are clean afterwards: a plain statement commits on its own
        store.useConnection("add one", c -> insertThing(c, "kept"));
        assertThat(count(store, "SELECT COUNT(*) FROM things")).isEqualTo(1);
    }

    @Test
    void aTransactionInsideATransactionJoinsIt() throws Exception {
        Store store = newStore();
        store.useConnection("create", c -> {
            try (Statement st = c.createStatement()) {
                st.execute("CREATE TABLE things (name TEXT PRIMARY KEY)");
            }
        });
        assertThatThrownBy(() -> store.useTransaction("outer", outer -> {
            insertThing(outer, "outer");
            long seen = store.inTransaction("inner", inner -> {
                assertThat(inner).isSameAs(outer);
                insertThing(inner, "inner");
                return count(store, "SELECT COUNT(*) FROM things");
            });
            assertThat(seen).isEqualTo(2);
            throw new IllegalStateException("undo both");
        })).hasMessage("undo both");
        assertThat(count(store, "SELECT COUNT(*) FROM things")).isZero();
    }

    @Test
    void upsertsAndTimestampsMeanTheSameOnEveryStore() throws Exception {
        Store store = newStore();
        Dialect d = store.dialect();
        store.useConnection("create", c -> {
            try (Statement st = c.createStatement()) {
                st.execute("CREATE TABLE models (name TEXT PRIMARY KEY, card TEXT NOT NULL, at " + timestampType(store) + " NOT NULL)");
            }
        });
        String upsert = d.upsert("models", List.of("name", "card", "at"), List.of("name"));
        assertThat(upsert).isEqualTo("INSERT INTO models (name, card, at) VALUES (?, ?, ?) ON CONFLICT (name) DO UPDATE SET card = excluded.card, at = excluded.at");
        // whole seconds and fractions: Instant.toString() would write them with different widths
        Instant[] times = {Instant.parse("2026-03-01T10:00:00Z"), Instant.parse("2026-03-01T10:00:00.5Z"), Instant.parse("2026-03-01T10:00:00.000001Z")};
        String[] names = {"b", "c", "a"};
        store.useTransaction("write models", c -> {
            for (int i = 0; i < names.length; i++) {
                try (PreparedStatement st = c.prepareStatement(upsert)) {
                    st.setString(1, names[i]);
                    st.setString(2, "first");
                    d.setTimestamp(st, 3, times[i]);
                    st.executeUpdate();
                }
            }
            try (PreparedStatement st = c.prepareStatement(upsert)) {
                st.setString(1, "a");
                st.setString(2, "second");
                d.setTimestamp(st, 3, times[2]);
                st.executeUpdate();
            }
        });
        List<String> rows = store.withConnection("read models", c -> {
            List<String> out = new ArrayList<>();
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT name, card, at FROM models ORDER BY at")) {
                while (rs.next()) out.add(rs.getString(1) + " " + rs.getString(2) + " " + d.getTimestamp(rs, 3));
            }
            return out;
        });
        assertThat(rows).containsExactly("b first " + times[0], "a second " + times[2], "c first " + times[1]);
        assertThat(d.upsert("seen", List.of("key"), List.of("key"))).endsWith("ON CONFLICT (key) DO NOTHING");
        assertThatThrownBy(() -> d.upsert("models; DROP TABLE samples", List.of("name"), List.of("name"))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void closingTheStoreEndsEveryConnectionAndAClosedStoreSaysSo() throws Exception {
        String url = newLocation();
        Store store = Store.open(url);
        // make the pool grow: several threads hold connections at once
        runOnThreads(3, () -> store.withConnection("hold", c -> {
            pause(200);
            return null;
        }));
        store.table("samples").ingest(SampleReader.of(SampleTableContract.samples(5, "train", 54)), Progress.NONE);
        store.close();
        assertNoConnectionsLeft(url);
        for (Callable<?> use : List.<Callable<?>>of(store::tables, () -> store.table("samples").counts(),
                () -> store.withConnection("read", c -> 1), () -> store.table("samples").ingest(SampleReader.of(List.of()), Progress.NONE))) {
            assertThatThrownBy(use::call).isInstanceOf(StoreException.class)
                    .hasMessage(store.displayName() + ": this store was closed; open it again to use it");
        }
        store.close(); // twice is harmless
    }

    private static void insertThing(Connection c, String name) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("INSERT INTO things (name) VALUES (?)")) {
            st.setString(1, name);
            st.executeUpdate();
        }
    }

    static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Runs {@code work} on {@code n} threads at once and fails with the first failure. */
    static void runOnThreads(int n, Callable<?> work) throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(n);
        try {
            List<Future<?>> all = new ArrayList<>();
            for (int i = 0; i < n; i++) all.add(threads.submit(work));
            for (Future<?> f : all) f.get(120, TimeUnit.SECONDS);
        } finally {
            threads.shutdownNow();
        }
    }
}
