package dev.inkwell.inference;

import static org.assertj.core.api.Assertions.assertThat;

import dev.inkwell.model.BundledModels;
import dev.inkwell.model.ModelFiles;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ModelCardsPrepareTest {
    @Test
    void cardsReadWhilePreparingAndAfterAreTheCardsTheySay() throws Exception {
        byte[] bundled = BundledModels.file(BundledModels.DEFAULT, ModelFiles.CARD);
        ModelCard expected = ModelCards.parse(bundled, "reference");
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Callable<ModelCard>> readers = new ArrayList<>();
            readers.add(() -> {
                ModelCards.prepare();
                return expected;
            });
            for (int i = 0; i < 6; i++) readers.add(() -> ModelCards.parse(bundled, "concurrent reader"));
            // bounded: a reader waiting for a prepare that never ends would hang the build; here it fails (CancellationException)
            for (Future<ModelCard> f : pool.invokeAll(readers, 60, TimeUnit.SECONDS)) assertThat(f.get()).isEqualTo(expected);
        } finally {
            pool.shutdownNow();
        }
        ModelCards.prepare(); // once per JVM: a second call returns at once and changes nothing
        assertThat(ModelCards.parse(bundled, "after")).isEqualTo(expected);
        assertThat(expected.name()).isNotBlank();
        assertThat(expected.classCount()).isEqualTo(10);
    }
}
