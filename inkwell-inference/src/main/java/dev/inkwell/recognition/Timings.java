package dev.inkwell.recognition;

/** Where the time of one recognition went, in microseconds. */
public record Timings(long preprocessMicros, long inferenceMicros) {
    public long totalMicros() {
        return preprocessMicros + inferenceMicros;
    }
}
