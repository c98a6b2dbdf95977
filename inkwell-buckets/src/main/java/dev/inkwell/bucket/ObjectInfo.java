package dev.inkwell.bucket;

import dev.inkwell.core.SortedMaps;
import java.time.Instant;
import java.util.Map;

/**
 * What HEAD says about an object.
 *
 * @param eTag         S3's ETag without quotes: the MD5 of the content in hex, or {@code MD5-OF-PART-MD5S-N} for an
 *                     object completed from N parts
 * @param contentType  never null ({@code application/octet-stream} when nobody said)
 * @param metadata     user metadata ({@code x-amz-meta-*} without the prefix), names in lower case
 */
public record ObjectInfo(String bucket, String key, long size, String eTag, String contentType, Instant lastModified,
                         Map<String, String> metadata) {
    public ObjectInfo {
        // one entry (a function's origin mark) is in order already: Map.copyOf keeps an immutable one as it is
        metadata = metadata == null ? Map.of() : metadata.size() == 1 ? Map.copyOf(metadata) : SortedMaps.copyOf(metadata);
        if (contentType == null || contentType.isBlank()) contentType = ContentTypes.DEFAULT;
    }

    public ObjectSummary summary() {
        return new ObjectSummary(key, size, eTag, lastModified);
    }
}
