package dev.inkwell.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.inkwell.core.StartupCacheTraining;
import dev.inkwell.testing.TrainingRun;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A server on a training run of the launcher's start-up cache says it went well once it is ready, and only then; one
 * that created its store (migrations, once for good) withdraws it.
 */
class ServerStartupCacheTest {
    @TempDir
    Path dir;
    @RegisterExtension
    final TrainingRun training = new TrainingRun();

    @Test
    void aServerOnAnExistingStoreMarksItsCache() throws Exception {
        String store = dir.resolve("inkwell.db").toString();
        try (TestServer first = TestServer.start(c -> c.store(store))) {
            assertThat(first.get("/v1/models").statusCode()).isEqualTo(200); // the store is created and migrated
        }
        Path cache = training.trains(dir.resolve("serve-1-2.aot"));
        try (TestServer s = TestServer.start(c -> c.store(store))) {
            assertThat(s.get("/v1/models").statusCode()).isEqualTo(200);
            assertThat(StartupCacheTraining.markerOf(cache)).exists().isEmptyFile();
        }
    }

    @Test
    void aServerThatCreatedItsStoreDoesNotKeepItsCache() throws Exception {
        Path cache = training.trains(dir.resolve("serve-5-6.aot"));
        try (TestServer s = TestServer.start(c -> c.store(dir.resolve("new.db").toString()))) {
            assertThat(s.get("/v1/models").statusCode()).isEqualTo(200); // read once the store is migrated
            assertThat(StartupCacheTraining.markerOf(cache)).doesNotExist();
        }
    }

    @Test
    void aServerThatCouldNotStartDoesNot() throws Exception {
        Path cache = training.trains(dir.resolve("serve-3-4.aot"));
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            assertThatThrownBy(() -> TestServer.start(c -> c.http(ServerConfig.Http.defaults().withAddress("127.0.0.1", taken.getLocalPort()))))
                    .hasMessageContaining("cannot listen on");
        }
        assertThat(StartupCacheTraining.markerOf(cache)).doesNotExist();
    }
}
