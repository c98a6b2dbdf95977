package dev.inkwell.bucket;

import java.time.Instant;

/** An uploaded part of a multipart upload; {@code eTag} is the MD5 of the part, unquoted. */
public record PartInfo(int partNumber, String eTag, long size, Instant lastModified) {
}
