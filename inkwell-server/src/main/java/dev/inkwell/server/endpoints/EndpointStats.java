package dev.inkwell.server.endpoints;

import dev.inkwell.recognition.Recognition;
import dev.inkwell.serving.PredictionEvent;
import dev.inkwell.serving.PredictionListener;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Live figures per endpoint variant, as this replica saw them: a {@link VariantWindow} per (endpoint, variant, shadow)
 * fed by every answered prediction and shadow reading. Kept in memory only, so each replica counts its own traffic and
 * starts from zero; {@code /metrics} is where figures across replicas and restarts are summed. Variants are keyed by
 * name as deployments name them (a client cannot invent one), so the map stays as small as the endpoints' definitions.
 */
public final class EndpointStats implements PredictionListener {
    private record Key(String endpoint, String variant, boolean shadow) {
    }

    private final Map<Key, VariantWindow> windows = new ConcurrentHashMap<>();
    private final LongSupplier nanoTime;
    private final long startedNanos;
    private final Instant startedAt;

    public EndpointStats() {
        this(System::nanoTime);
    }

    EndpointStats(LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
        this.startedNanos = nanoTime.getAsLong();
        this.startedAt = Instant.now();
    }

    @Override
    public void onPrediction(PredictionEvent event) {
        double confSum = 0;
        for (Recognition r : event.recognitions()) confSum += r.primary().classification().probability();
        int agreed = 0;
        int compared = 0;
        if (event.shadow()) {
            List<Recognition> primary = event.primary();
            for (int i = 0; i < event.recognitions().size() && i < primary.size(); i++) {
                compared++;
                if (event.recognitions().get(i).primary().classification().index() == primary.get(i).primary().classification().index()) {
                    agreed++;
                }
            }
        }
        windows.computeIfAbsent(new Key(event.endpoint(), event.variant(), event.shadow()), k -> new VariantWindow())
                .record(nanoTime.getAsLong(), event.nanos(), confSum, event.recognitions().size(), agreed, compared);
    }

    /** A variant's figures now (all zero and null when it has had no traffic on this replica). */
    VariantWindow.Figures figures(String endpoint, String variant, boolean shadow) {
        VariantWindow w = windows.get(new Key(endpoint, variant, shadow));
        long now = nanoTime.getAsLong();
        return w == null ? VariantWindow.Figures.NONE : w.figures(now, now - startedNanos);
    }

    /** When this replica started counting. */
    Instant startedAt() {
        return startedAt;
    }

    /** The wall-clock time of a {@code nanoTime} reading (for "last request at"). */
    Instant wallClock(long nanos) {
        return Instant.now().minusNanos(nanoTime.getAsLong() - nanos);
    }
}
