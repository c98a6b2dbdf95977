package dev.inkwell.workflow;

import dev.inkwell.workflow.spi.WorkflowScheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/** A clock that moves only when told: {@link #advance} runs the wake-ups that fall due, in time order. */
final class ManualScheduler implements WorkflowScheduler {
    private record Timer(Instant at, long seq, Runnable action, boolean[] cancelled) {}

    private Instant now;
    private long seq;
    private final PriorityQueue<Timer> timers = new PriorityQueue<>(
            Comparator.comparing(Timer::at).thenComparingLong(Timer::seq));

    ManualScheduler(Instant start) {
        this.now = start;
    }

    @Override
    public synchronized Instant now() {
        return now;
    }

    @Override
    public synchronized Cancellable schedule(Instant at, Runnable action) {
        boolean[] cancelled = {false};
        timers.add(new Timer(at, seq++, action, cancelled));
        return () -> {
            synchronized (ManualScheduler.this) {
                cancelled[0] = true;
            }
        };
    }

    /** Moves the clock forward, running each due wake-up at its instant. */
    void advance(Duration by) {
        Instant target;
        synchronized (this) {
            target = now.plus(by);
        }
        while (true) {
            Timer next;
            synchronized (this) {
                next = timers.peek();
                if (next == null || next.at().isAfter(target)) {
                    now = target;
                    return;
                }
                timers.poll();
                if (next.at().isAfter(now)) now = next.at();
                if (next.cancelled()[0]) continue;
            }
            next.action().run();
        }
    }

    /** Instants of the pending (not cancelled) wake-ups. */
    synchronized List<Instant> pending() {
        List<Instant> out = new ArrayList<>();
        for (Timer t : timers) if (!t.cancelled()[0]) out.add(t.at());
        out.sort(null);
        return out;
    }
}
