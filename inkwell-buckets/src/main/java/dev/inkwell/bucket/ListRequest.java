package dev.inkwell.bucket;

import dev.inkwell.core.InputLocation;
import dev.inkwell.core.InvalidInputException;

/**
 * One page of a listing, as ListObjectsV2 asks for it.
 *
 * @param prefix            only keys that start with it ("" for all)
 * @param delimiter         null, or a string (usually "/") that rolls keys up into common prefixes
 * @param maxKeys           keys plus common prefixes per page: 0 to {@value #MAX_KEYS}
 * @param continuationToken from the previous page, or null
 * @param startAfter        only keys after it, or null
 */
public record ListRequest(String prefix, String delimiter, int maxKeys, String continuationToken, String startAfter) {
    public static final int MAX_KEYS = 1000;

    public ListRequest {
        prefix = prefix == null ? "" : prefix;
        if (delimiter != null && delimiter.isEmpty()) delimiter = null;
        if (maxKeys < 0) throw new InvalidInputException(InputLocation.file("max-keys"), "must not be negative");
        maxKeys = Math.min(maxKeys, MAX_KEYS);
        if (startAfter != null && startAfter.isEmpty()) startAfter = null;
        if (continuationToken != null && continuationToken.isEmpty()) continuationToken = null;
    }

    public static ListRequest all() {
        return prefix("");
    }

    public static ListRequest prefix(String prefix) {
        return new ListRequest(prefix, null, MAX_KEYS, null, null);
    }

    public ListRequest withDelimiter(String d) {
        return new ListRequest(prefix, d, maxKeys, continuationToken, startAfter);
    }

    public ListRequest withMaxKeys(int n) {
        return new ListRequest(prefix, delimiter, n, continuationToken, startAfter);
    }

    public ListRequest withContinuationToken(String token) {
        return new ListRequest(prefix, delimiter, maxKeys, token, startAfter);
    }

    public ListRequest withStartAfter(String key) {
        return new ListRequest(prefix, delimiter, maxKeys, continuationToken, key);
    }
}
