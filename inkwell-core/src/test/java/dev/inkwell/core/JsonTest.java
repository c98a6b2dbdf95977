package dev.inkwell.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** The one JSON configuration. */
class JsonTest {
    @Test
    void buffersComeFromOneSharedPoolSoVirtualThreadsReuseThem() throws Exception {
        ObjectMapper mapper = Json.mapper();
        assertThat(mapper.getFactory()._getRecyclerPool()).isSameAs(JsonRecyclerPools.sharedConcurrentDequePool());
        assertThat(Json.builder().build().getFactory()._getRecyclerPool()).isSameAs(JsonRecyclerPools.sharedConcurrentDequePool());
        try (var threads = Executors.newVirtualThreadPerTaskExecutor()) { // many threads writing at once still get their own buffers
            List<Future<String>> answers = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                int n = i;
                answers.add(threads.submit(() -> mapper.writeValueAsString(Map.of("n", n, "text", "x".repeat(n * 37)))));
            }
            for (int i = 0; i < answers.size(); i++) {
                assertThat(mapper.readTree(answers.get(i).get()).get("text").asText()).hasSize(i * 37);
            }
        }
    }

    @Test
    void timesAreIsoTextAndTrailingGarbageIsRefused() throws Exception {
        assertThat(Json.mapper().writeValueAsString(Instant.parse("2026-11-28T23:00:00Z"))).isEqualTo("\"2026-11-28T23:00:00Z\"");
        assertThatThrownBy(() -> Json.mapper().readTree("{\"a\": 1} 2")).hasMessageContaining("Trailing token");
    }
}
