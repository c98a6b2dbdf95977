package dev.inkwell.bucket;

import java.time.Instant;

/** One object of a listing (S3's ListObjectsV2 gives no content type or metadata). */
public record ObjectSummary(String key, long size, String eTag, Instant lastModified) {
}
