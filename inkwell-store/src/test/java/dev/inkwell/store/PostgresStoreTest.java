package dev.inkwell.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import dev.inkwell.core.Progress;
import dev.inkwell.dataset.SampleReader;
import dev.inkwell.testing.PostgresServer;
import java.net.ServerSocket;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** The store on a real PostgreSQL server: a pool per process, advisory locks, passwords kept out of every log line. */
class PostgresStoreTest extends StoreContract {
    private static PostgresServer server;

    @BeforeAll
    static void startServer() throws Exception {
        server = PostgresServer.shared();
    }

    @Override
    String newLocation() throws Exception {
        return server.newDatabase("store");
    }

    /**
     * The server's own list of sessions on that database, seen from outside the store. A closed connection's server
     * process leaves that list a moment after the client has closed it (the store does not wait for it), so the list
     * is read until it is empty, for up to 10 s: a connection the store left open stays in it for good.
     */
    @Override
    void assertNoConnectionsLeft(String url) throws Exception {
        String database = url.substring(url.lastIndexOf('/') + 1, url.indexOf('?'));
        long deadline = System.nanoTime() + 10_000_000_000L;
        long sessions;
        try (var c = DriverManager.getConnection(server.url()); Statement st = c.createStatement()) {
            while (true) {
                try (ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM pg_stat_activity WHERE datname = '" + database + "'")) {
                    rs.next();
                    sessions = rs.getLong(1);
                }
                if (sessions == 0 || System.nanoTime() > deadline) break;
                Thread.sleep(20);
            }
        }
        assertThat(sessions).as("sessions left on " + database).isZero();
    }

    @Test
    void theStoresConnectionsAreNamedAndBounded() throws Exception {
        Store store = newStore();
        StoreContract.runOnThreads(12, () -> store.withConnection("hold", c -> {
            pause(100);
            return null;
        }));
        long sessions = store.withConnection("count sessions", c -> {
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
                    "SELECT COUNT(*) FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'inkwell'")) {
                rs.next();
                return rs.getLong(1);
            }
        });
        assertThat(sessions).isBetween(1L, 8L);
    }

    @Test
    void noLogLineEverHoldsThePassword() throws Exception {
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        Level before = root.getLevel();
        ListAppender<ILoggingEvent> events = new ListAppender<>();
        events.start();
        root.addAppender(events);
        root.setLevel(Level.ALL); // Flyway's and the pool's chatter included
        try {
            String url = server.newDatabase("secret") + "&password=s3cret"; // the test server trusts: the password goes unused
            try (Store store = Store.open(url)) {
                store.table("samples").ingest(SampleReader.of(SampleTableContract.samples(3, "train", 71)), Progress.NONE);
                assertThat(store.displayName()).doesNotContain("s3cret");
            }
            try (Store store = Store.open(url, SampleTableContract.WITH_LATER_MIGRATION)) {
                assertThat(store.tables()).containsOnlyKeys("samples");
            }
            int port;
            try (ServerSocket s = new ServerSocket(0)) {
                port = s.getLocalPort();
            }
            assertThatThrownBy(() -> Store.open("jdbc:postgresql://127.0.0.1:" + port + "/x?user=u&password=s3cret"))
                    .isInstanceOf(StoreException.class).hasMessageNotContaining("s3cret");
        } finally {
            root.detachAppender(events);
            root.setLevel(before);
        }
        List<ILoggingEvent> logged = List.copyOf(events.list);
        assertThat(logged).as("Flyway and the pool logged something").hasSizeGreaterThan(10);
        for (ILoggingEvent e : logged) {
            String text = e.getFormattedMessage() + (e.getThrowableProxy() == null ? "" : ThrowableProxyUtil.asString(e.getThrowableProxy()));
            assertThat(text).as(e.getLoggerName()).doesNotContain("s3cret");
        }
    }
}
