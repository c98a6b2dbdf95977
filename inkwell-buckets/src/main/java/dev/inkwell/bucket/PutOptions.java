package dev.inkwell.bucket;

import java.util.Map;

/**
 * How to store an object.
 *
 * @param contentType null to guess from the key's extension
 * @param metadata    user metadata (S3's {@code x-amz-meta-*}), checked by {@link UserMetadata}
 * @param length      the content's length when the caller knows it (checked: a shorter or longer stream fails the
 *                    write), or -1
 */
public record PutOptions(String contentType, Map<String, String> metadata, long length) {
    private static final PutOptions NONE = new PutOptions(null, Map.of(), -1);

    public PutOptions {
        metadata = UserMetadata.check(metadata);
        if (length < -1) throw new IllegalArgumentException("length " + length);
    }

    public static PutOptions none() {
        return NONE;
    }

    public PutOptions withContentType(String type) {
        return new PutOptions(type, metadata, length);
    }

    public PutOptions withMetadata(Map<String, String> meta) {
        return new PutOptions(contentType, meta, length);
    }

    public PutOptions withLength(long n) {
        return new PutOptions(contentType, metadata, n);
    }
}
