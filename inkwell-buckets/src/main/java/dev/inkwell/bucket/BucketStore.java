package dev.inkwell.bucket;

import java.io.InputStream;
import java.util.List;

/**
 * A backend of buckets: the folder default or an S3-compatible store. Callers go through {@link Buckets} and
 * {@link Bucket}, which check names and keys and raise the bucket events; a backend still refuses what it cannot
 * store safely (the folder backend: keys that are not relative paths). Failures are {@code dev.inkwell.core}
 * exceptions: {@code NotFoundException} (no such bucket, key or upload), {@code ConflictException} (the bucket
 * exists, is not empty, or a key clashes), {@code InvalidInputException}, {@code UnavailableException}.
 */
public interface BucketStore extends AutoCloseable {
    /** One line for messages and logs, without secrets. */
    String describe();

    List<BucketInfo> listBuckets();

    boolean bucketExists(String bucket);

    void createBucket(String bucket);

    /** Deletes an empty bucket (aborting its unfinished uploads); refuses one that holds objects. */
    void deleteBucket(String bucket);

    /** Stores the whole stream under {@code key}; readers see the old object or the new one, never a part. */
    ObjectInfo put(String bucket, String key, InputStream content, PutOptions options);

    /** The object, or the part of it {@code range} names (null for all). */
    ObjectContent get(String bucket, String key, ByteRange range);

    ObjectInfo head(String bucket, String key);

    /** Whether there was an object to delete (a backend that cannot tell answers true). */
    boolean delete(String bucket, String key);

    /**
     * Copies an object.
     *
     * @param replace null to keep the source's content type and metadata (S3's COPY directive), else what to store
     */
    ObjectInfo copy(String sourceBucket, String sourceKey, String bucket, String key, PutOptions replace);

    ListPage list(String bucket, ListRequest request);

    /** Starts a multipart upload; returns its id. */
    String startUpload(String bucket, String key, PutOptions options);

    /** Stores one part; {@code length} (or -1) and {@code contentMd5} (hex, or null) are checked as for a put. */
    PartInfo uploadPart(String bucket, String key, String uploadId, int partNumber, InputStream content, long length, String contentMd5);

    List<PartInfo> listParts(String bucket, String key, String uploadId);

    ObjectInfo completeUpload(String bucket, String key, String uploadId, List<PartETag> parts);

    void abortUpload(String bucket, String key, String uploadId);

    List<UploadInfo> listUploads(String bucket, String prefix);

    @Override
    default void close() {
    }
}
