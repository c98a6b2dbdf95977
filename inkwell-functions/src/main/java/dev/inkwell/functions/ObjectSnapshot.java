package dev.inkwell.functions;

import dev.inkwell.bucket.ObjectInfo;

/**
 * An object its caller has read already (a trigger reads a small upload to see whether there is anything to do),
 * handed to the function with the invocation so that it is not read a second time.
 *
 * @param info  what the bucket said about the version read
 * @param bytes its whole content
 */
public record ObjectSnapshot(ObjectInfo info, byte[] bytes) {
    /** Whether this is the object at {@code bucket/key}. */
    public boolean is(String bucket, String key) {
        return info.bucket().equals(bucket) && info.key().equals(key);
    }
}
