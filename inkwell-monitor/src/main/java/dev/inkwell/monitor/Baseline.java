package dev.inkwell.monitor;

import dev.inkwell.bucket.Bucket;
import dev.inkwell.bucket.Buckets;
import dev.inkwell.bucket.ObjectContent;
import dev.inkwell.core.InvalidInputException;
import dev.inkwell.core.NotFoundException;
import dev.inkwell.monitor.stats.Constraints;
import dev.inkwell.monitor.stats.Statistics;
import dev.inkwell.registry.endpoint.CaptureSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** What monitored traffic is compared with: a baseline's {@code statistics.json} and {@code constraints.json}, in one folder. */
public record Baseline(Statistics statistics, Constraints constraints) {
    public static final String STATISTICS = "statistics.json";
    public static final String CONSTRAINTS = "constraints.json";
    /** Larger baseline files are refused (a baseline's are a few hundred KB). */
    private static final long MAX_FILE_BYTES = 64L << 20;

    /** Reads a baseline folder; without a {@code constraints.json} the constraints are suggested from the statistics. */
    public static Baseline read(Path dir) {
        Statistics statistics = Statistics.read(dir.resolve(STATISTICS));
        Path constraints = dir.resolve(CONSTRAINTS);
        return new Baseline(statistics, Files.exists(constraints) ? Constraints.read(constraints) : Constraints.suggest(statistics));
    }

    /**
     * Reads a baseline from a folder or from {@code s3://BUCKET/PREFIX} in {@code buckets} (where replicas share it):
     * {@code PREFIX/statistics.json} and, when there, {@code PREFIX/constraints.json}.
     */
    public static Baseline read(String location, Buckets buckets) {
        if (!location.startsWith("s3://")) return read(Path.of(location));
        CaptureSettings where;
        try {
            where = new CaptureSettings(0, location);
        } catch (InvalidInputException e) {
            throw new InvalidInputException("baseline " + location + ": expected a folder or s3://BUCKET/PREFIX");
        }
        if (!buckets.exists(where.bucket())) throw new NotFoundException("baseline " + location + ": no bucket " + where.bucket());
        Bucket bucket = buckets.bucket(where.bucket());
        byte[] statistics = object(bucket, where.prefix() + STATISTICS, location);
        if (statistics == null) throw new NotFoundException("baseline " + location + ": no " + STATISTICS);
        Statistics s = Statistics.parse(statistics, location + STATISTICS);
        byte[] constraints = object(bucket, where.prefix() + CONSTRAINTS, location);
        return new Baseline(s, constraints == null ? Constraints.suggest(s) : Constraints.parse(constraints, location + CONSTRAINTS));
    }

    private static byte[] object(Bucket bucket, String key, String location) {
        try (ObjectContent c = bucket.get(key)) {
            if (c.info().size() > MAX_FILE_BYTES) throw new InvalidInputException("baseline " + location + ": " + key + " is too large");
            return c.readAllBytes();
        } catch (NotFoundException e) {
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException("baseline " + location + ": cannot read " + key, e);
        }
    }

    /** Writes both files into {@code dir} (created when missing), each atomically. */
    public void write(Path dir) {
        statistics.write(dir.resolve(STATISTICS));
        constraints.write(dir.resolve(CONSTRAINTS));
    }
}
