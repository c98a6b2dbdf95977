package dev.inkwell.testing;

import dev.inkwell.core.StartupCacheTraining;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Makes a test's JVM a training run of the launcher's start-up cache, as {@code ./inkwell} does with
 * {@value StartupCacheTraining#PROPERTY}, and ends it after each test. Use with {@code @RegisterExtension}.
 */
public final class TrainingRun implements AfterEachCallback {
    /** From now on this JVM trains {@code cache} (the run's marker goes beside it); returns {@code cache}. */
    public Path trains(Path cache) {
        System.setProperty(StartupCacheTraining.PROPERTY, cache.toString());
        return cache;
    }

    /** From now on this JVM trains {@code value} as the launcher would pass it, however odd. */
    public void trains(String value) {
        System.setProperty(StartupCacheTraining.PROPERTY, value);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        System.clearProperty(StartupCacheTraining.PROPERTY);
    }
}
