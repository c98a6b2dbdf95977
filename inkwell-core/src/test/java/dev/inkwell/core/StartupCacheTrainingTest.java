package dev.inkwell.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.inkwell.testing.TrainingRun;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class StartupCacheTrainingTest {
    @TempDir
    Path dir;
    @RegisterExtension
    final TrainingRun training = new TrainingRun();

    @Test
    void aTrainingRunMarksItsCacheUnlessItDidOneTimeWork() {
        Path cache = training.trains(dir.resolve("predict-1-2.aot"));
        StartupCacheTraining.succeeded();
        assertThat(StartupCacheTraining.markerOf(cache)).exists().isEmptyFile();
        StartupCacheTraining.didOneTimeWork("a test's migrations"); // after the marker: it is withdrawn
        assertThat(StartupCacheTraining.markerOf(cache)).doesNotExist();
        StartupCacheTraining.succeeded(); // and stays so
        assertThat(StartupCacheTraining.markerOf(cache)).doesNotExist();

        Path next = training.trains(dir.resolve("predict-3-4.aot")); // the withdrawal is the cache's, not the JVM's
        StartupCacheTraining.succeeded();
        assertThat(StartupCacheTraining.markerOf(next)).exists();
    }

    @Test
    void outsideATrainingRunOrWithAnUnwritablePlaceNothingHappens() {
        StartupCacheTraining.succeeded(); // no property: no file anywhere, no failure
        StartupCacheTraining.didOneTimeWork("nothing");
        training.trains(dir.resolve("missing/dir/serve.aot"));
        StartupCacheTraining.succeeded();
        StartupCacheTraining.didOneTimeWork("nothing");
        assertThat(dir.resolve("missing")).doesNotExist();
        for (String bad : new String[] {"\0bad", " ", ""}) {
            training.trains(bad);
            StartupCacheTraining.succeeded();
            StartupCacheTraining.didOneTimeWork("nothing");
        }
    }
}
