package dev.inkwell.server.endpoints;

import java.util.Arrays;

/**
 * One variant's recent traffic on this replica: requests counted in 100 ms slots over the last 10 s (requests/s), and
 * the last {@value #SAMPLES} requests' latency, confidence and shadow agreement, of which those of the last 60 s count
 * (percentiles and means). Fixed-size arrays, so memory stays the same however busy the variant is; a request holds
 * the lock for a few array writes, and a reader copies at most {@value #SAMPLES} latencies to sort them.
 */
final class VariantWindow {
    static final long SLOT_NANOS = 100_000_000L;
    static final int SLOTS = 100;
    static final double RATE_SECONDS = SLOTS * SLOT_NANOS / 1e9;
    static final int SAMPLES = 2048;
    static final long SAMPLE_NANOS = 60_000_000_000L;

    private final long[] slotTick = new long[SLOTS];
    private final int[] slotCount = new int[SLOTS];
    private final long[] at = new long[SAMPLES];
    private final long[] latency = new long[SAMPLES];
    private final double[] confidenceSum = new double[SAMPLES];
    private final int[] confidenceCount = new int[SAMPLES];
    private final int[] agreed = new int[SAMPLES];
    private final int[] compared = new int[SAMPLES];
    private int next;
    private int size;
    private long total;
    private long last;

    VariantWindow() {
        Arrays.fill(slotTick, Long.MIN_VALUE);
    }

    /** What a reader sees; latency and confidence are null without requests in the sample window. */
    record Figures(long requests, double perSecond, double perSecondSinceStart, int recent, Latency latencyMs,
                   Double meanConfidence, Double agreement, int readingsCompared, Long lastNanos) {
        static final Figures NONE = new Figures(0, 0, 0, 0, null, null, null, 0, null);
    }

    record Latency(double p50, double p95, double p99, double mean) {
    }

    /**
     * One request (or shadow reading) at {@code now}: how long it took, the sum and count of its inputs' confidences,
     * and for a shadow how many of its readings agreed with the primary's out of how many compared.
     */
    synchronized void record(long now, long nanos, double confSum, int confCount, int agreedReadings, int comparedReadings) {
        long tick = Math.floorDiv(now, SLOT_NANOS);
        int slot = (int) Math.floorMod(tick, SLOTS);
        if (slotTick[slot] != tick) {
            slotTick[slot] = tick;
            slotCount[slot] = 0;
        }
        slotCount[slot]++;
        at[next] = now;
        latency[next] = nanos;
        confidenceSum[next] = confSum;
        confidenceCount[next] = confCount;
        agreed[next] = agreedReadings;
        compared[next] = comparedReadings;
        next = (next + 1) % SAMPLES;
        size = Math.min(size + 1, SAMPLES);
        total++;
        last = now;
    }

    /** The figures at {@code now}; {@code countingFor} is how long this replica has been counting (for the rates). */
    synchronized Figures figures(long now, long countingFor) {
        if (total == 0) return Figures.NONE;
        long tick = Math.floorDiv(now, SLOT_NANOS);
        long inRate = 0;
        for (int i = 0; i < SLOTS; i++) {
            if (slotTick[i] > tick - SLOTS && slotTick[i] <= tick) inRate += slotCount[i];
        }
        // a replica up for less than the window divides by its uptime (at least a second, so one request is not a spike)
        double seconds = Math.max(1, Math.min(RATE_SECONDS, countingFor / 1e9));
        double sinceStart = total / Math.max(1, countingFor / 1e9);
        long[] recent = new long[size];
        int n = 0;
        double confSum = 0;
        long confCount = 0;
        int agree = 0;
        int comp = 0;
        for (int k = 0; k < size; k++) {
            int i = Math.floorMod(next - 1 - k, SAMPLES);
            if (now - at[i] > SAMPLE_NANOS) break; // older from here on
            recent[n++] = latency[i];
            confSum += confidenceSum[i];
            confCount += confidenceCount[i];
            agree += agreed[i];
            comp += compared[i];
        }
        Latency lat = null;
        if (n > 0) {
            long[] sorted = Arrays.copyOf(recent, n);
            Arrays.sort(sorted);
            double sum = 0;
            for (long v : sorted) sum += v;
            lat = new Latency(ms(percentile(sorted, 0.50)), ms(percentile(sorted, 0.95)), ms(percentile(sorted, 0.99)), sum / n / 1e6);
        }
        return new Figures(total, inRate / seconds, sinceStart, n, lat, confCount == 0 ? null : confSum / confCount,
                comp == 0 ? null : (double) agree / comp, comp, last);
    }

    /** Nearest rank: the smallest value with at least {@code p} of the values at or below it. */
    static long percentile(long[] sorted, double p) {
        int rank = (int) Math.ceil(p * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }
}
