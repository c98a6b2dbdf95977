package dev.inkwell.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ServerSocket;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The same contract on a real PostgreSQL server (the cluster store). */
class PostgresSampleTableTest extends SampleTableContract {
    private static PostgresServer server;
    private static final AtomicInteger databases = new AtomicInteger();

    @BeforeAll
    static void startServer() throws Exception {
        server = PostgresServer.start();
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (server != null) server.close();
    }

    @Override
    Store newStore() throws Exception {
        return Store.open(server.newDatabase("inkwell_" + databases.incrementAndGet()));
    }

    @Test
    void twoProcessesOpeningANewStoreAtOnceBothSucceed() throws Exception {
        String url = server.newDatabase("race");
        var pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            var opens = new java.util.ArrayList<java.util.concurrent.Future<Store>>();
            for (int i = 0; i < 4; i++) opens.add(pool.submit(() -> Store.open(url)));
            for (var f : opens) assertThat(f.get().tables()).isEmpty();
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void aDriverThatRewritesBatchesStillCountsWhatItAdded() throws Exception {
        Store store = Store.open(server.newDatabase("rewrite") + "&reWriteBatchedInserts=true");
        List<dev.inkwell.dataset.Sample> in = samples(700, "train", 21);
        assertThat(store.table("samples").ingest(dev.inkwell.dataset.SampleReader.of(in), dev.inkwell.core.Progress.NONE).added()).isEqualTo(700);
        List<dev.inkwell.dataset.Sample> more = new java.util.ArrayList<>(in);
        more.addAll(samples(50, "train", 22));
        IngestResult again = store.table("samples").ingest(dev.inkwell.dataset.SampleReader.of(more), dev.inkwell.core.Progress.NONE);
        assertThat(again.added()).isEqualTo(50);
        assertThat(again.existing()).isEqualTo(700);
    }

    @Test
    void concurrentIngestsIntoOneTableNeitherDeadlockNorInterleave() throws Exception {
        Store store = Store.open(server.newDatabase("concurrent"));
        List<dev.inkwell.dataset.Sample> a = samples(1_500, "train", 31);
        List<dev.inkwell.dataset.Sample> b = new java.util.ArrayList<>(a.subList(0, 700)); // overlapping keys, other order
        java.util.Collections.reverse(b);
        b.addAll(samples(800, "train", 32));
        var pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            var fa = pool.submit(() -> store.table("samples").ingest(dev.inkwell.dataset.SampleReader.of(a), dev.inkwell.core.Progress.NONE));
            var fb = pool.submit(() -> store.table("samples").ingest(dev.inkwell.dataset.SampleReader.of(b), dev.inkwell.core.Progress.NONE));
            assertThat(fa.get().added() + fb.get().added()).isEqualTo(2_300);
        } finally {
            pool.shutdown();
        }
        List<String> order = readAll(store.table("samples").dataset()).stream().map(dev.inkwell.dataset.Sample::source).toList();
        List<String> aFirst = new java.util.ArrayList<>(a.stream().map(dev.inkwell.dataset.Sample::source).toList());
        b.subList(700, 1_500).forEach(s -> aFirst.add(s.source()));
        List<String> bFirst = new java.util.ArrayList<>(b.stream().map(dev.inkwell.dataset.Sample::source).toList());
        a.subList(700, 1_500).forEach(s -> bFirst.add(s.source()));
        assertThat(order).isIn(aFirst, bFirst); // each ingest's rows stay together, in its order
    }

    @Test
    void aRoleThatMayOnlyReadAndWriteRowsOpensAnExistingStore() throws Exception {
        String url = server.newDatabase("roles");
        Store.open(url).table("samples").ingest(dev.inkwell.dataset.SampleReader.of(samples(3, "train", 41)), dev.inkwell.core.Progress.NONE);
        try (var c = java.sql.DriverManager.getConnection(url); var st = c.createStatement()) {
            st.execute("CREATE ROLE replica LOGIN");
            st.execute("GRANT SELECT ON samples, inkwell_schema TO replica");
            st.execute("REVOKE CREATE ON SCHEMA public FROM PUBLIC");
        }
        Store replica = Store.open(url.replace("user=inkwell", "user=replica"));
        assertThat(replica.tables()).isEqualTo(java.util.Map.of("samples", java.util.Map.of("train", 3L)));
        assertThat(readAll(replica.table("samples").dataset())).hasSize(3);
    }

    @Test
    void aMalformedUrlDoesNotEchoThePassword() {
        for (String url : new String[] {"jdbc:postgresql://bob:s3cret@db.example/x",
                "jdbc:postgresql://127.0.0.1:notaport/db?user=u&password=s3cret"}) {
            assertThatThrownBy(() -> Store.open(url)).as(url).isInstanceOf(StoreException.class).hasMessageNotContaining("s3cret");
        }
    }

    @Test
    void anUnreachableServerIsAClearErrorWithoutThePassword() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        String url = "jdbc:postgresql://127.0.0.1:" + port + "/inkwell?user=ink&password=s3cret&connectTimeout=2";
        assertThatThrownBy(() -> Store.open(url)).isInstanceOf(StoreException.class)
                .hasMessageContaining("cannot connect").hasMessageContaining("127.0.0.1:" + port)
                .hasMessageNotContaining("s3cret");
        assertThat(Store.redact("jdbc:postgresql://bob:pw@db/x?password=pw&user=bob")).doesNotContain("pw");
    }
}
