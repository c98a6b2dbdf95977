package dev.inkwell.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ServerSocket;
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

    @Override
    String urlOf(Store store) {
        return store.displayName();
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
