package dev.inkwell.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A server on a training run of the launcher's start-up cache says it went well once it has warmed up, not before. */
class StartupCacheTrainingTest {
    @TempDir
    Path dir;

    @AfterEach
    void clear() {
        System.clearProperty(StartupCacheTraining.PROPERTY);
    }

    @Test
    void aServerMarksItsCacheOnceWarmAndNotWhenClosedAtOnce() throws Exception {
        Path warm = dir.resolve("serve-1-2.aot");
        System.setProperty(StartupCacheTraining.PROPERTY, warm.toString());
        try (TestServer s = TestServer.start()) {
            Path marker = Path.of(warm + StartupCacheTraining.MARKER_SUFFIX);
            Await.until(Duration.ofSeconds(60), "the marker after the canvas warm-up", () -> Files.exists(marker));
            assertThat(Files.size(marker)).isZero();
        }
        Path stopped = dir.resolve("serve-3-4.aot");
        System.setProperty(StartupCacheTraining.PROPERTY, stopped.toString());
        TestServer.start().close(); // stopped before its warm-up, which begins a second after the start
        Thread.sleep(1500); // long enough for a warm-up thread that ignored the stop to have marked it
        assertThat(Path.of(stopped + StartupCacheTraining.MARKER_SUFFIX)).doesNotExist();
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
