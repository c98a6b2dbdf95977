package dev.inkwell.bucket;

import dev.inkwell.core.InputLocation;
import dev.inkwell.core.InvalidInputException;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * How to store an object.
 *
 * @param contentType null to guess from the key's extension
 * @param metadata    user metadata (S3's {@code x-amz-meta-*}), checked by {@link UserMetadata}
 * @param length      the content's length when the caller knows it (checked: a shorter or longer stream fails the
 *                    write), or -1
 * @param contentMd5  the content's MD5 in hex when the caller knows it (S3's Content-MD5): checked before the object
 *                    appears, a mismatch is a {@link ChecksumMismatchException}; or null
 */
public record PutOptions(String contentType, Map<String, String> metadata, long length, String contentMd5) {
    private static final PutOptions NONE = new PutOptions(null, Map.of(), -1, null);
    private static final Pattern MD5 = Pattern.compile("[0-9a-f]{32}");

    public PutOptions {
        metadata = UserMetadata.check(metadata);
        if (length < -1) throw new IllegalArgumentException("length " + length);
        if (contentMd5 != null && !MD5.matcher(contentMd5).matches()) {
            throw new InvalidInputException(InputLocation.file("Content-MD5"), "not an MD5 (32 hex digits)");
        }
    }

    public PutOptions(String contentType, Map<String, String> metadata, long length) {
        this(contentType, metadata, length, null);
    }

    public static PutOptions none() {
        return NONE;
    }

    public PutOptions withContentType(String type) {
        return new PutOptions(type, metadata, length, contentMd5);
    }

    public PutOptions withMetadata(Map<String, String> meta) {
        return new PutOptions(contentType, meta, length, contentMd5);
    }

    public PutOptions withLength(long n) {
        return new PutOptions(contentType, metadata, n, contentMd5);
    }

    public PutOptions withContentMd5(String md5Hex) {
        return new PutOptions(contentType, metadata, length, md5Hex);
    }
}
