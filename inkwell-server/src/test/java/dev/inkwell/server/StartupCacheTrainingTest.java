package dev.inkwell.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A server on a training run of the launcher's start-up cache says it went well once it is ready, and only then. */
class StartupCacheTrainingTest {
    @TempDir
    Path dir;

    @AfterEach
    void clear() {
        System.clearProperty(StartupCacheTraining.PROPERTY);
    }

    @Test
    void aServerThatStartedMarksItsCache() throws Exception {
        Path cache = dir.resolve("serve-1-2.aot");
        System.setProperty(StartupCacheTraining.PROPERTY, cache.toString());
        try (TestServer s = TestServer.start()) {
            Path marker = Path.of(cache + StartupCacheTraining.MARKER_SUFFIX);
            assertThat(marker).exists();
            assertThat(Files.size(marker)).isZero();
        }
    }

    @Test
    void aServerThatCouldNotStartDoesNot() throws Exception {
        Path cache = dir.resolve("serve-3-4.aot");
        System.setProperty(StartupCacheTraining.PROPERTY, cache.toString());
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            assertThatThrownBy(() -> TestServer.start(c -> c.http(ServerConfig.Http.defaults().withAddress("127.0.0.1", taken.getLocalPort()))))
                    .hasMessageContaining("cannot listen on");
        }
        assertThat(Path.of(cache + StartupCacheTraining.MARKER_SUFFIX)).doesNotExist();
    }

    @Test
    void outsideATrainingRunOrWithAnUnwritablePlaceNothingHappens() {
        StartupCacheTraining.succeeded(); // no property: no file anywhere, no failure
        System.setProperty(StartupCacheTraining.PROPERTY, dir.resolve("missing/dir/serve.aot").toString());
        StartupCacheTraining.succeeded();
        assertThat(dir.resolve("missing")).doesNotExist();
        System.setProperty(StartupCacheTraining.PROPERTY, "\0bad");
        StartupCacheTraining.succeeded();
        System.setProperty(StartupCacheTraining.PROPERTY, " ");
        StartupCacheTraining.succeeded();
    }
}
