package dev.inkwell.monitor;

import dev.inkwell.monitor.stats.Constraints;
import dev.inkwell.monitor.stats.Statistics;
import java.nio.file.Files;
import java.nio.file.Path;

/** What monitored traffic is compared with: a baseline's {@code statistics.json} and {@code constraints.json}, in one folder. */
public record Baseline(Statistics statistics, Constraints constraints) {
    public static final String STATISTICS = "statistics.json";
    public static final String CONSTRAINTS = "constraints.json";

    /** Reads a baseline folder; without a {@code constraints.json} the constraints are suggested from the statistics. */
    public static Baseline read(Path dir) {
        Statistics statistics = Statistics.read(dir.resolve(STATISTICS));
        Path constraints = dir.resolve(CONSTRAINTS);
        return new Baseline(statistics, Files.exists(constraints) ? Constraints.read(constraints) : Constraints.suggest(statistics));
    }

    /** Writes both files into {@code dir} (created when missing), each atomically. */
    public void write(Path dir) {
        statistics.write(dir.resolve(STATISTICS));
        constraints.write(dir.resolve(CONSTRAINTS));
    }
}
