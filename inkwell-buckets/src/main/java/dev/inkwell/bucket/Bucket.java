package dev.inkwell.bucket;

import dev.inkwell.bucket.event.BucketEvent;
import dev.inkwell.core.InputLocation;
import dev.inkwell.core.InvalidInputException;
import dev.inkwell.core.NotFoundException;
import dev.inkwell.core.Texts;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * A bucket: a flat key space with S3's semantics, whatever the backend. Every write or delete raises a bucket event
 * on {@link Buckets#events()} once it has succeeded. Get one from {@link Buckets#bucket(String)}; it is a handle, so
 * a missing bucket shows as a {@link NotFoundException} on first use.
 */
public final class Bucket {
    /** S3's limit on part numbers. */
    public static final int MAX_PARTS = 10_000;

    private final Buckets buckets;
    private final String name;

    Bucket(Buckets buckets, String name) {
        this.buckets = buckets;
        this.name = name;
    }

    public String name() {
        return name;
    }

    public Buckets buckets() {
        return buckets;
    }

    private BucketStore store() {
        return buckets.store();
    }

    /** Stores the stream (any length) under {@code key}; the object appears whole or not at all. */
    public ObjectInfo put(String key, InputStream content, PutOptions options) {
        ObjectInfo info = store().put(name, ObjectKeys.check(key), content, options == null ? PutOptions.none() : options);
        // a large stream reaches an S3 store as a multipart upload, and S3 names its event so
        announce(ETags.isMultipart(info.eTag()) ? BucketEvent.COMPLETE_MULTIPART_UPLOAD : BucketEvent.PUT, info);
        return info;
    }

    public ObjectInfo put(String key, byte[] content) {
        return put(key, new ByteArrayInputStream(content), PutOptions.none().withLength(content.length));
    }

    public ObjectInfo put(String key, byte[] content, String contentType) {
        return put(key, new ByteArrayInputStream(content), PutOptions.none().withContentType(contentType).withLength(content.length));
    }

    /** Uploads a local file; its length is checked against what was read. */
    public ObjectInfo put(String key, Path file, PutOptions options) {
        PutOptions o = options == null ? PutOptions.none() : options;
        try (InputStream in = Files.newInputStream(file)) {
            return put(key, in, o.withLength(Files.size(file)));
        } catch (NoSuchFileException e) {
            throw new NotFoundException(file + ": no such file");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    public ObjectContent get(String key) {
        return store().get(name, ObjectKeys.check(key), null);
    }

    /** The bytes {@code range} names; an {@link InvalidRangeException} when it starts past the end. */
    public ObjectContent get(String key, ByteRange range) {
        return store().get(name, ObjectKeys.check(key), range);
    }

    public ObjectInfo head(String key) {
        return store().head(name, ObjectKeys.check(key));
    }

    /** The object's metadata, or empty when there is no such object (a missing bucket still throws). */
    public Optional<ObjectInfo> find(String key) {
        try {
            return Optional.of(head(key));
        } catch (NotFoundException e) {
            if (!store().bucketExists(name)) throw e;
            return Optional.empty();
        }
    }

    public boolean exists(String key) {
        return find(key).isPresent();
    }

    /** Deletes the object; true when there was one. Deleting a missing key is not an error (as in S3). */
    public boolean delete(String key) {
        boolean deleted = store().delete(name, ObjectKeys.check(key));
        if (deleted) buckets.events().publish(BucketEvent.DELETE, name, key, null, -1, BucketEvent.Source.INKWELL);
        return deleted;
    }

    /** Copies an object of this bucket to another key of it, with its content type and metadata. */
    public ObjectInfo copy(String sourceKey, String targetKey) {
        return copy(sourceKey, this, targetKey, null);
    }

    /**
     * Copies an object of this bucket to {@code target} (a bucket of the same or of another {@link Buckets}).
     *
     * @param replace null to keep the source's content type and metadata, else the ones to store
     */
    public ObjectInfo copy(String sourceKey, Bucket target, String targetKey, PutOptions replace) {
        ObjectKeys.check(sourceKey);
        ObjectKeys.check(targetKey);
        ObjectInfo info;
        if (target.buckets.store() == store()) {
            info = store().copy(name, sourceKey, target.name, targetKey, replace);
        } else {
            try (ObjectContent content = get(sourceKey)) {
                PutOptions options = replace != null ? replace
                        : new PutOptions(content.info().contentType(), content.info().metadata(), content.length());
                info = target.buckets.store().put(target.name, targetKey, content.stream(), options.withLength(content.length()));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot copy " + name + "/" + sourceKey + ": " + e.getMessage(), e);
            }
        }
        target.announce(BucketEvent.COPY, info);
        return info;
    }

    public ListPage list(ListRequest request) {
        return store().list(name, request == null ? ListRequest.all() : request);
    }

    /** Every object under {@code prefix}, page by page as the stream is consumed. */
    public Stream<ObjectSummary> objects(String prefix) {
        Iterator<ObjectSummary> all = new Iterator<>() {
            private ListPage page = list(ListRequest.prefix(prefix));
            private int next;

            @Override
            public boolean hasNext() {
                while (next >= page.objects().size() && page.isTruncated()) {
                    page = list(ListRequest.prefix(prefix).withContinuationToken(page.nextContinuationToken()));
                    next = 0;
                }
                return next < page.objects().size();
            }

            @Override
            public ObjectSummary next() {
                if (!hasNext()) throw new NoSuchElementException();
                return page.objects().get(next++);
            }
        };
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(all, Spliterator.ORDERED | Spliterator.NONNULL), false);
    }

    /** Starts a multipart upload: parts are uploaded separately (in any order, in parallel) and joined on completion. */
    public MultipartUpload startUpload(String key, PutOptions options) {
        ObjectKeys.check(key);
        String id = store().startUpload(name, key, options == null ? PutOptions.none() : options);
        return new MultipartUpload(this, key, id);
    }

    /** An upload in progress, by its id (as S3's UploadPart and CompleteMultipartUpload name it). */
    public MultipartUpload upload(String key, String uploadId) {
        ObjectKeys.check(key);
        if (uploadId == null || uploadId.isEmpty() || uploadId.length() > 1024 || uploadId.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw new NotFoundException("upload " + (uploadId == null ? "" : Texts.abbreviate(uploadId, 60)) + ": no such upload");
        }
        return new MultipartUpload(this, key, uploadId);
    }

    public List<UploadInfo> uploads(String prefix) {
        return store().listUploads(name, prefix == null ? "" : prefix);
    }

    PartInfo uploadPart(MultipartUpload upload, int partNumber, InputStream content, long length, String contentMd5) {
        if (partNumber < 1 || partNumber > MAX_PARTS) {
            throw new InvalidInputException(InputLocation.file("part " + partNumber), "part numbers go from 1 to " + MAX_PARTS);
        }
        return store().uploadPart(name, upload.key(), upload.uploadId(), partNumber, content, length, contentMd5);
    }

    List<PartInfo> parts(MultipartUpload upload) {
        return store().listParts(name, upload.key(), upload.uploadId());
    }

    ObjectInfo complete(MultipartUpload upload, List<PartETag> parts) {
        if (parts.isEmpty()) throw new InvalidInputException(InputLocation.file("upload " + upload.uploadId()), "completing an upload needs at least one part");
        if (parts.size() > MAX_PARTS) throw new InvalidInputException(InputLocation.file("upload " + upload.uploadId()), "more than " + MAX_PARTS + " parts");
        for (int i = 1; i < parts.size(); i++) {
            if (parts.get(i).partNumber() <= parts.get(i - 1).partNumber()) {
                throw new InvalidInputException(InputLocation.file("upload " + upload.uploadId()), "parts must be listed in ascending order of part number (InvalidPartOrder)");
            }
        }
        ObjectInfo info = store().completeUpload(name, upload.key(), upload.uploadId(), parts);
        announce(BucketEvent.COMPLETE_MULTIPART_UPLOAD, info);
        return info;
    }

    void abort(MultipartUpload upload) {
        store().abortUpload(name, upload.key(), upload.uploadId());
    }

    private void announce(String eventName, ObjectInfo info) {
        buckets.events().publish(eventName, name, info.key(), info.eTag(), info.size(), BucketEvent.Source.INKWELL);
    }

    @Override
    public String toString() {
        return name;
    }
}
