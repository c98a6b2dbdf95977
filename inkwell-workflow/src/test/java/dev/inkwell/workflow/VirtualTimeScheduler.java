package dev.inkwell.workflow;

import dev.inkwell.workflow.spi.WorkflowScheduler;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

/** Time that jumps: every wake-up runs at once and moves the clock to its instant, so waits cost no real time. */
final class VirtualTimeScheduler implements WorkflowScheduler {
    private final AtomicReference<Instant> now;

    VirtualTimeScheduler(Instant start) {
        this.now = new AtomicReference<>(start);
    }

    @Override
    public Instant now() {
        return now.get();
    }

    @Override
    public Cancellable schedule(Instant at, Runnable action) {
        boolean[] cancelled = {false};
        CompletableFuture.runAsync(() -> {
            now.accumulateAndGet(at, (a, b) -> a.isAfter(b) ? a : b);
            if (!cancelled[0]) action.run();
        });
        return () -> cancelled[0] = true;
    }
}
