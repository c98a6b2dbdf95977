package dev.inkwell.bucket.event;

import java.time.Instant;
import java.util.Locale;

/**
 * Something happened to an object: S3's event notification, named in S3's vocabulary.
 *
 * @param eventName S3's name without the {@code s3:} prefix, e.g. {@value #PUT} or {@value #DELETE}
 * @param eTag      the object's ETag (unquoted), null where the event has none (deletes)
 * @param size      the object's size, -1 where the event has none
 * @param sequencer orders the events of one key: compare sequencers of the same length as strings (S3's rule)
 * @param source    where the event was noticed
 */
public record BucketEvent(String eventName, String bucket, String key, String eTag, long size, String sequencer,
                          Instant time, Source source) {
    public static final String PUT = "ObjectCreated:Put";
    public static final String POST = "ObjectCreated:Post";
    public static final String COPY = "ObjectCreated:Copy";
    public static final String COMPLETE_MULTIPART_UPLOAD = "ObjectCreated:CompleteMultipartUpload";
    public static final String DELETE = "ObjectRemoved:Delete";
    public static final String DELETE_MARKER_CREATED = "ObjectRemoved:DeleteMarkerCreated";

    /** Where an event was noticed. */
    public enum Source {
        /** A write or delete through Inkwell's bucket API (CLI, server, S3 API). */
        INKWELL,
        /** A file another program put into (or took out of) a folder bucket. */
        WATCHER,
        /** A change a poller found by listing. */
        POLLER,
        /** An S3 or MinIO event notification posted to Inkwell. */
        WEBHOOK
    }

    public boolean isCreated() {
        return eventName.startsWith("ObjectCreated:");
    }

    public boolean isRemoved() {
        return eventName.startsWith("ObjectRemoved:");
    }

    @Override
    public String toString() {
        return eventName + " " + bucket + "/" + key + (eTag == null ? "" : " " + eTag) + (size < 0 ? "" : " " + size + " B")
                + " #" + sequencer + " (" + source.name().toLowerCase(Locale.ROOT) + ")";
    }
}
