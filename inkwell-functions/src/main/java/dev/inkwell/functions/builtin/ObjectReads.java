package dev.inkwell.functions.builtin;

import dev.inkwell.bucket.Bucket;
import dev.inkwell.bucket.ObjectContent;
import dev.inkwell.core.InputLocation;
import dev.inkwell.core.InputTooLargeException;
import dev.inkwell.functions.Invocation;
import dev.inkwell.functions.ObjectSnapshot;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Whole objects read into memory, refused above a limit before any byte is read. */
final class ObjectReads {
    private ObjectReads() {
    }

    /** An object's bytes and the ETag of the version read. */
    record Whole(byte[] bytes, String eTag, String contentType) {
    }

    /** As {@link #read(Bucket, String, long)}, unless the caller handed the object over with the invocation. */
    static Whole read(Bucket bucket, String key, long maxBytes, Invocation invocation) {
        ObjectSnapshot given = invocation.readAlready(bucket.name(), key);
        if (given == null) return read(bucket, key, maxBytes);
        if (given.bytes().length > maxBytes) {
            throw new InputTooLargeException(InputLocation.file("s3://" + bucket.name() + "/" + key),
                    given.bytes().length + " bytes: at most " + maxBytes + " are read (limits.maxBodyBytes)");
        }
        return new Whole(given.bytes(), given.info().eTag(), given.info().contentType());
    }

    static Whole read(Bucket bucket, String key, long maxBytes) {
        try (ObjectContent content = bucket.get(key)) {
            if (content.length() > maxBytes) {
                throw new InputTooLargeException(InputLocation.file("s3://" + bucket.name() + "/" + key),
                        content.length() + " bytes: at most " + maxBytes + " are read (limits.maxBodyBytes)");
            }
            return new Whole(content.stream().readAllBytes(), content.info().eTag(), content.info().contentType());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read s3://" + bucket.name() + "/" + key + ": " + e.getMessage(), e);
        }
    }
}
