package dev.inkwell.workflow.spi;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/** {@link WorkflowScheduler} over a {@link ScheduledExecutorService} and a {@link Clock}. */
public final class ExecutorScheduler implements WorkflowScheduler, AutoCloseable {
    private final ScheduledExecutorService timers;
    private final Clock clock;
    private final boolean owned;

    public ExecutorScheduler(ScheduledExecutorService timers, Clock clock) {
        this(timers, clock, false);
    }

    private ExecutorScheduler(ScheduledExecutorService timers, Clock clock, boolean owned) {
        this.timers = timers;
        this.clock = clock;
        this.owned = owned;
    }

    /** One daemon timer thread and the system clock; {@link #close()} stops the thread. */
    public static ExecutorScheduler createDefault() {
        ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "workflow-timer");
            t.setDaemon(true);
            return t;
        });
        return new ExecutorScheduler(timers, Clock.systemUTC(), true);
    }

    @Override
    public Instant now() {
        return clock.instant();
    }

    @Override
    public Cancellable schedule(Instant at, Runnable action) {
        long delay = Math.max(0, Duration.between(now(), at).toNanos());
        ScheduledFuture<?> future = timers.schedule(action, delay, TimeUnit.NANOSECONDS);
        return () -> future.cancel(false);
    }

    @Override
    public void close() {
        if (owned) timers.shutdownNow();
    }
}
