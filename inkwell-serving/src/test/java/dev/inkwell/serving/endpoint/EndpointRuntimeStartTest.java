package dev.inkwell.serving.endpoint;

import static org.assertj.core.api.Assertions.assertThat;

import dev.inkwell.model.ModelFiles;
import dev.inkwell.model.ModelRef;
import dev.inkwell.model.ModelResolver;
import dev.inkwell.model.ModelResolvers;
import dev.inkwell.registry.endpoint.EndpointDefinition;
import dev.inkwell.serving.ServingConfig;
import dev.inkwell.serving.ServingObserver;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Requests that arrive while the replica is still loading its models wait for them instead of failing. */
class EndpointRuntimeStartTest {
    @TempDir
    Path cache;

    @Test
    void aLookupDuringTheFirstDeployWaitsForItInsteadOfAnsweringNotServingYet() throws Exception {
        CountDownLatch resolving = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ModelResolvers builtIn = ModelResolvers.builtIn(cache);
        // the bundled resolver, held at its first resolution: the endpoint is known but not deployed yet
        ModelResolver held = new ModelResolver() {
            @Override
            public String scheme() {
                return "bundled";
            }

            @Override
            public ModelFiles resolve(ModelRef ref) {
                resolving.countDown();
                try {
                    if (!release.await(60, TimeUnit.SECONDS)) throw new IllegalStateException("never released");
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
                return builtIn.resolve(ref);
            }
        };
        ServingConfig config = ServingConfig.defaults();
        try (EndpointRuntime runtime = new EndpointRuntime(new ModelLoader(config.batching(), config.limits(), ServingObserver.NONE),
                new ModelResolution(builtIn.with(held), null), List.of(EndpointDefinition.single("default", "mnist")), null,
                ServingObserver.NONE, Duration.ofMillis(500))) {
            Thread.ofPlatform().daemon().start(runtime::start);
            try {
                assertThat(resolving.await(60, TimeUnit.SECONDS)).isTrue();

                CompletableFuture<Deployment> early = CompletableFuture.supplyAsync(() -> runtime.get("default").requireDeployment());
                Thread.sleep(200);
                assertThat(early).as("a request during the first deploy waits (it used to be answered 503 'not serving yet')").isNotDone();

                release.countDown();
                Deployment deployed = early.get(60, TimeUnit.SECONDS);
                assertThat(deployed.variants()).hasSize(1);
                assertThat(deployed.variants().get(0).model().name()).isEqualTo("mnist");
            } finally {
                release.countDown(); // a failed assertion must not leave the start holding the runtime's lock
            }
        }
    }
}
