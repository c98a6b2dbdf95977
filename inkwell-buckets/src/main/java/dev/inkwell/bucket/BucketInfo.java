package dev.inkwell.bucket;

import java.time.Instant;

/** A bucket of a listing; {@code created} may be null where the backend does not know. */
public record BucketInfo(String name, Instant created) {
}
