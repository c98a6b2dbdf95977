package dev.inkwell.monitor.capture;

import dev.inkwell.bucket.Bucket;
import dev.inkwell.bucket.Buckets;
import dev.inkwell.bucket.ObjectSummary;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/** What capture objects a bucket holds, read back with the real reader; and waiting for conditions, never for time. */
final class StoredCaptures {
    private StoredCaptures() {
    }

    /** Key → records of every capture object of {@code bucket} (none when it does not exist yet). */
    static Map<String, List<CaptureRecord>> objects(Buckets buckets, String bucket) {
        Map<String, List<CaptureRecord>> out = new LinkedHashMap<>();
        if (!buckets.exists(bucket)) return out;
        Bucket b = buckets.bucket(bucket);
        for (ObjectSummary o : b.objects("").toList()) {
            CaptureReader.Result r = CaptureReader.read(b.get(o.key()).readAllBytes());
            if (r.skipped() > 0) throw new AssertionError(o.key() + ": " + r.skipped() + " damaged lines");
            out.put(o.key(), r.records());
        }
        return out;
    }

    static List<CaptureRecord> records(Buckets buckets, String bucket) {
        List<CaptureRecord> all = new ArrayList<>();
        objects(buckets, bucket).values().forEach(all::addAll);
        return all;
    }

    static void await(String what, Duration timeout, BooleanSupplier condition) {
        long end = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) throw new AssertionError("timed out after " + timeout.toSeconds() + " s waiting for " + what);
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted");
            }
        }
    }
}
