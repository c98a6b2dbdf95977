package dev.inkwell.bucket;

import java.util.Iterator;
import java.util.Optional;
import java.util.random.RandomGenerator;
import java.util.stream.Stream;

/** One object picked at random under a prefix, every object with the same chance (one listing pass, reservoir sampling). */
public final class RandomObjects {
    private RandomObjects() {
    }

    /** A random object of {@code bucket} whose key starts with {@code prefix}; empty when there is none. */
    public static Optional<ObjectSummary> pick(Bucket bucket, String prefix, RandomGenerator random) {
        ObjectSummary chosen = null;
        long seen = 0;
        try (Stream<ObjectSummary> objects = bucket.objects(prefix == null ? "" : prefix)) {
            for (Iterator<ObjectSummary> it = objects.iterator(); it.hasNext(); ) {
                ObjectSummary o = it.next();
                if (o.key().endsWith("/")) continue; // a "folder" marker, not an object of its own
                seen++;
                if (random.nextLong(seen) == 0) chosen = o;
            }
        }
        return Optional.ofNullable(chosen);
    }
}
