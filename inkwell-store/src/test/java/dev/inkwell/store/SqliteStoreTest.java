package dev.inkwell.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.inkwell.core.Progress;
import dev.inkwell.dataset.SampleReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store on SQLite: one file, WAL mode, one writer at a time. */
class SqliteStoreTest extends StoreContract {
    private final AtomicInteger stores = new AtomicInteger();

    @TempDir
    Path tmp;

    @Override
    String newLocation() {
        return "jdbc:sqlite:" + tmp.resolve("store-" + stores.incrementAndGet()).resolve("inkwell.db");
    }

    /** SQLite removes the write-ahead log when the last connection to the file closes. */
    @Override
    void assertNoConnectionsLeft(String url) {
        Path file = Path.of(url.substring("jdbc:sqlite:".length()));
        assertThat(file).exists();
        assertThat(Path.of(file + "-wal")).as("the WAL file outlives only open connections").doesNotExist();
    }

    private static String pragma(Connection c, String name) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("PRAGMA " + name)) {
            rs.next();
            return rs.getString(1);
        }
    }

    @Test
    void everyPooledConnectionHasWalABusyTimeoutAndForeignKeys() throws Exception {
        Store store = newStore();
        List<Connection> held = new ArrayList<>();
        try {
            for (int i = 0; i < 4; i++) held.add(store.connect()); // the whole pool, each a different connection
            assertThat(held).doesNotHaveDuplicates();
            for (Connection c : held) {
                assertThat(pragma(c, "journal_mode")).isEqualToIgnoringCase("wal");
                assertThat(pragma(c, "busy_timeout")).isEqualTo("30000");
                assertThat(pragma(c, "foreign_keys")).isEqualTo("1");
            }
        } finally {
            for (Connection c : held) c.close();
        }
    }

    @Test
    void aSecondWriterWaitsForTheFirstInsteadOfFailing() throws Exception {
        Store store = newStore();
        CountDownLatch firstWrites = new CountDownLatch(1);
        var threads = Executors.newFixedThreadPool(2);
        try {
            Future<?> first = threads.submit(() -> store.useTransaction("hold the writer lock", c -> {
                try (Statement st = c.createStatement()) {
                    st.execute("CREATE TABLE slow (id INTEGER)");
                }
                firstWrites.countDown();
                pause(1_500);
            }));
            assertThat(firstWrites.await(30, TimeUnit.SECONDS)).isTrue();
            long started = System.nanoTime();
            IngestResult second = threads.submit(() -> store.table("samples")
                    .ingest(SampleReader.of(SampleTableContract.samples(10, "train", 61)), Progress.NONE)).get(60, TimeUnit.SECONDS);
            assertThat(second.added()).isEqualTo(10);
            assertThat((System.nanoTime() - started) / 1e6).as("waited for the first writer (ms)").isGreaterThan(800);
            first.get();
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void severalJvmsOpeningANewStoreAtOnceAllSucceed() throws Exception {
        String url = newLocation();
        Files.createDirectories(Path.of(url.substring("jdbc:sqlite:".length())).getParent());
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<Process> processes = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            processes.add(new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), OpenStoreProcess.class.getName(), url, "process-" + i)
                    .redirectErrorStream(true).start());
        }
        for (Process p : processes) {
            String output = new String(p.getInputStream().readAllBytes());
            assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as(output).isZero();
        }
        try (Store store = Store.open(url)) {
            assertThat(store.tables()).containsOnlyKeys("process-0", "process-1", "process-2");
            assertThat(count(store, "SELECT COUNT(*) FROM " + SchemaMigrations.HISTORY_TABLE)).as("each migration applied once").isEqualTo(SampleTableContract.KNOWN);
        }
    }

    @Test
    void severalProcessesOpeningANewStoreAtOnceAllSucceed() throws Exception {
        String url = newLocation();
        List<Store> opened = new ArrayList<>();
        StoreContract.runOnThreads(4, () -> {
            Store store = closedAfterTest(Store.open(url)); // a pool and a Flyway run each, as in separate processes
            synchronized (opened) {
                opened.add(store);
            }
            store.table("samples").ingest(SampleReader.of(SampleTableContract.samples(5, "train", 62)), Progress.NONE);
            return null;
        });
        assertThat(opened).hasSize(4);
        assertThat(opened.get(0).tables()).isEqualTo(Map.of("samples", Map.of("train", 5L)));
        assertThat(count(opened.get(0), "SELECT COUNT(*) FROM " + SchemaMigrations.HISTORY_TABLE)).isEqualTo(SampleTableContract.KNOWN);
        assertThat(Files.size(Path.of(url.substring("jdbc:sqlite:".length())))).isPositive();
    }
}
