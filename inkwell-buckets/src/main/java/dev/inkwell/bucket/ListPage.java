package dev.inkwell.bucket;

import java.util.List;

/**
 * One page of a listing, in S3's order (UTF-8 byte order of keys).
 *
 * @param commonPrefixes the keys rolled up at the delimiter (each ends with it)
 * @param nextContinuationToken where the next page starts; null on the last page
 */
public record ListPage(List<ObjectSummary> objects, List<String> commonPrefixes, String nextContinuationToken) {
    public ListPage {
        objects = List.copyOf(objects);
        commonPrefixes = List.copyOf(commonPrefixes);
    }

    public boolean isTruncated() {
        return nextContinuationToken != null;
    }
}
