package dev.inkwell.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.inkwell.core.Progress;
import dev.inkwell.dataset.Sample;
import dev.inkwell.dataset.SampleReader;
import dev.inkwell.testing.PostgresServer;
import java.net.ServerSocket;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The same contract on a real PostgreSQL server (the cluster store). */
class PostgresSampleTableTest extends SampleTableContract {
    private static PostgresServer server;

    @BeforeAll
    static void startServer() throws Exception {
        server = PostgresServer.shared();
    }

    @Override
    String newLocation() throws Exception {
        return server.newDatabase("inkwell");
    }

    @Test
    void twoProcessesOpeningANewStoreAtOnceBothSucceed() throws Exception {
        String url = server.newDatabase("race");
        var pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Store>> opens = new ArrayList<>();
            for (int i = 0; i < 4; i++) opens.add(pool.submit(() -> closedAfterTest(Store.open(url))));
            for (var f : opens) assertThat(f.get().tables()).isEmpty();
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void aDriverThatRewritesBatchesStillCountsWhatItAdded() throws Exception {
        Store store = closedAfterTest(Store.open(server.newDatabase("rewrite") + "&reWriteBatchedInserts=true"));
        List<Sample> in = samples(700, "train", 21);
        assertThat(store.table("samples").ingest(SampleReader.of(in), Progress.NONE).added()).isEqualTo(700);
        List<Sample> more = new ArrayList<>(in);
        more.addAll(samples(50, "train", 22));
        IngestResult again = store.table("samples").ingest(SampleReader.of(more), Progress.NONE);
        assertThat(again.added()).isEqualTo(50);
        assertThat(again.existing()).isEqualTo(700);
    }

    @Test
    void concurrentIngestsIntoOneTableNeitherDeadlockNorInterleave() throws Exception {
        Store store = newStore();
        List<Sample> a = samples(1_500, "train", 31);
        List<Sample> b = new ArrayList<>(a.subList(0, 700)); // overlapping keys, other order
        Collections.reverse(b);
        b.addAll(samples(800, "train", 32));
        var pool = Executors.newFixedThreadPool(2);
        try {
            var fa = pool.submit(() -> store.table("samples").ingest(SampleReader.of(a), Progress.NONE));
            var fb = pool.submit(() -> store.table("samples").ingest(SampleReader.of(b), Progress.NONE));
            assertThat(fa.get().added() + fb.get().added()).isEqualTo(2_300);
        } finally {
            pool.shutdown();
        }
        List<String> order = readAll(store.table("samples").dataset()).stream().map(Sample::source).toList();
        List<String> aFirst = new ArrayList<>(a.stream().map(Sample::source).toList());
        b.subList(700, 1_500).forEach(s -> aFirst.add(s.source()));
        List<String> bFirst = new ArrayList<>(b.stream().map(Sample::source).toList());
        a.subList(700, 1_500).forEach(s -> bFirst.add(s.source()));
        assertThat(order).isIn(aFirst, bFirst); // each ingest's rows stay together, in its order
    }

    @Test
    void aRoleThatMayOnlyReadAndWriteRowsOpensAnExistingStore() throws Exception {
        String url = server.newDatabase("roles");
        try (Store owner = Store.open(url)) {
            owner.table("samples").ingest(SampleReader.of(samples(3, "train", 41)), Progress.NONE);
        }
        try (var c = DriverManager.getConnection(url); var st = c.createStatement()) {
            st.execute("CREATE ROLE replica LOGIN");
            st.execute("GRANT SELECT ON samples, inkwell_schema, " + SchemaMigrations.HISTORY_TABLE + " TO replica");
            st.execute("REVOKE CREATE ON SCHEMA public FROM PUBLIC");
        }
        Store replica = closedAfterTest(Store.open(url.replace("user=inkwell", "user=replica")));
        assertThat(replica.tables()).isEqualTo(Map.of("samples", Map.of("train", 3L)));
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
                .hasMessageContaining("password=***&connectTimeout=2: cannot connect: ").hasMessageContaining("127.0.0.1:" + port)
                .hasMessageNotContaining("s3cret");
        assertThat(Store.redact("jdbc:postgresql://bob:pw@db/x?password=pw&user=bob")).doesNotContain("pw");
    }
}
