package dev.inkwell.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StartupCacheTrainingTest {
    @TempDir
    Path dir;

    @AfterEach
    void clear() {
        System.clearProperty(StartupCacheTraining.PROPERTY);
    }

    @Test
    void aTrainingRunMarksItsCacheUnlessItDidOneTimeWork() {
        Path cache = dir.resolve("predict-1-2.aot");
        System.setProperty(StartupCacheTraining.PROPERTY, cache.toString());
        StartupCacheTraining.succeeded();
        assertThat(StartupCacheTraining.markerOf(cache)).exists().isEmptyFile();
        StartupCacheTraining.didOneTimeWork("a test's migrations"); // after the marker: it is withdrawn
        assertThat(StartupCacheTraining.markerOf(cache)).doesNotExist();
        StartupCacheTraining.succeeded(); // and stays so
        assertThat(StartupCacheTraining.markerOf(cache)).doesNotExist();

        Path next = dir.resolve("predict-3-4.aot"); // the withdrawal is the cache's, not the JVM's
        System.setProperty(StartupCacheTraining.PROPERTY, next.toString());
        StartupCacheTraining.succeeded();
        assertThat(StartupCacheTraining.markerOf(next)).exists();
    }

    @Test
    void outsideATrainingRunOrWithAnUnwritablePlaceNothingHappens() {
        StartupCacheTraining.succeeded(); // no property: no file anywhere, no failure
        StartupCacheTraining.didOneTimeWork("nothing");
        System.setProperty(StartupCacheTraining.PROPERTY, dir.resolve("missing/dir/serve.aot").toString());
        StartupCacheTraining.succeeded();
        StartupCacheTraining.didOneTimeWork("nothing");
        assertThat(dir.resolve("missing")).doesNotExist();
        for (String bad : new String[] {"\0bad", " ", ""}) {
            System.setProperty(StartupCacheTraining.PROPERTY, bad);
            StartupCacheTraining.succeeded();
            StartupCacheTraining.didOneTimeWork("nothing");
        }
    }
}
