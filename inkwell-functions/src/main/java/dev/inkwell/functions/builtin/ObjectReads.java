package dev.inkwell.functions.builtin;

import dev.inkwell.bucket.Bucket;
import dev.inkwell.bucket.ObjectContent;
import dev.inkwell.core.InputLocation;
import dev.inkwell.core.InputTooLargeException;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Whole objects read into memory, refused above a limit before any byte is read. */
final class ObjectReads {
    private ObjectReads() {
    }

    /** An object's bytes and the ETag of the version read. */
    record Whole(byte[] bytes, String eTag, String contentType) {
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
