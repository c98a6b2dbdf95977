package dev.inkwell.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The web page's path is warmed after the start only when the configuration asks for it. */
class CanvasWarmUpTest {
    private static final String MODEL_CALLS = "inkwell_model_batch_size_count{model=\"mnist-8:onnx-model-zoo-8\"}";

    @Test
    void onTheCanvasesGoThroughTheModelASecondAfterTheStart() {
        try (TestServer s = TestServer.start(c -> c.http(ServerConfig.Http.defaults().withAddress("127.0.0.1", 0).withWarmCanvas(true)))) {
            // the start's own warm-up reads one 28x28 picture; the canvas warm-up then reads twelve 560x560 canvases
            Await.until(Duration.ofSeconds(60), "the canvas warm-up's model calls", () -> modelCalls(s) >= 13);
        }
    }

    @Test
    void offNothingRunsAfterTheStart() throws InterruptedException {
        Set<Thread> before = warmUpThreads(); // an earlier test's server may still be finishing its own
        try (TestServer s = TestServer.start(c -> c.http(ServerConfig.Http.defaults().withAddress("127.0.0.1", 0).withWarmCanvas(false)))) {
            assertThat(warmUpThreads()).isSubsetOf(before);
            long atStart = modelCalls(s);
            Thread.sleep(2_000); // past the second at which the warm-up would begin
            assertThat(modelCalls(s)).isEqualTo(atStart).isEqualTo(1);
        }
    }

    private static Set<Thread> warmUpThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals(InkwellServer.WARM_CANVAS_THREAD))
                .collect(Collectors.toSet());
    }

    private static long modelCalls(TestServer s) {
        return TestServer.metric(s.get("/metrics").body(), MODEL_CALLS); // the start's warm-up made the series
    }
}
