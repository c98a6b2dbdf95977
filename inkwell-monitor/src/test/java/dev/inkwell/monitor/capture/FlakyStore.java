package dev.inkwell.monitor.capture;

import dev.inkwell.bucket.BucketInfo;
import dev.inkwell.bucket.BucketStore;
import dev.inkwell.bucket.ByteRange;
import dev.inkwell.bucket.ListPage;
import dev.inkwell.bucket.ListRequest;
import dev.inkwell.bucket.ObjectContent;
import dev.inkwell.bucket.ObjectInfo;
import dev.inkwell.bucket.PartETag;
import dev.inkwell.bucket.PartInfo;
import dev.inkwell.bucket.PutOptions;
import dev.inkwell.bucket.UploadInfo;
import dev.inkwell.core.UnavailableException;
import java.io.InputStream;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real store (a folder) whose writes can be made to fail, as a full disk or an unreachable S3 does, or to hang until
 * released. Reads always work, so a test can look at what got through.
 */
final class FlakyStore implements BucketStore {
    private final BucketStore delegate;
    volatile boolean failing;
    volatile CountDownLatch hold;
    final AtomicInteger failedWrites = new AtomicInteger();
    /** Writes that reached a {@link #hold}: a caller now waiting in one. */
    final AtomicInteger heldWrites = new AtomicInteger();

    FlakyStore(BucketStore delegate) {
        this.delegate = delegate;
    }

    private void write() {
        CountDownLatch h = hold;
        if (h != null) {
            heldWrites.incrementAndGet();
            try {
                if (!h.await(60, TimeUnit.SECONDS)) throw new UnavailableException("store held too long");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new UnavailableException("interrupted");
            }
        }
        if (failing) {
            failedWrites.incrementAndGet();
            throw new UnavailableException("the store is unavailable (test)");
        }
    }

    @Override
    public String describe() {
        return "flaky " + delegate.describe();
    }

    @Override
    public List<BucketInfo> listBuckets() {
        return delegate.listBuckets();
    }

    @Override
    public boolean bucketExists(String bucket) {
        return delegate.bucketExists(bucket);
    }

    @Override
    public void createBucket(String bucket) {
        write();
        delegate.createBucket(bucket);
    }

    @Override
    public void deleteBucket(String bucket) {
        write();
        delegate.deleteBucket(bucket);
    }

    @Override
    public ObjectInfo put(String bucket, String key, InputStream content, PutOptions options) {
        write();
        return delegate.put(bucket, key, content, options);
    }

    @Override
    public ObjectContent get(String bucket, String key, ByteRange range) {
        return delegate.get(bucket, key, range);
    }

    @Override
    public ObjectInfo head(String bucket, String key) {
        return delegate.head(bucket, key);
    }

    @Override
    public boolean delete(String bucket, String key) {
        write();
        return delegate.delete(bucket, key);
    }

    @Override
    public ObjectInfo copy(String sourceBucket, String sourceKey, String bucket, String key, PutOptions replace) {
        write();
        return delegate.copy(sourceBucket, sourceKey, bucket, key, replace);
    }

    @Override
    public ListPage list(String bucket, ListRequest request) {
        return delegate.list(bucket, request);
    }

    @Override
    public String startUpload(String bucket, String key, PutOptions options) {
        write();
        return delegate.startUpload(bucket, key, options);
    }

    @Override
    public PartInfo uploadPart(String bucket, String key, String uploadId, int partNumber, InputStream content, long length, String contentMd5) {
        write();
        return delegate.uploadPart(bucket, key, uploadId, partNumber, content, length, contentMd5);
    }

    @Override
    public List<PartInfo> listParts(String bucket, String key, String uploadId) {
        return delegate.listParts(bucket, key, uploadId);
    }

    @Override
    public ObjectInfo completeUpload(String bucket, String key, String uploadId, List<PartETag> parts) {
        write();
        return delegate.completeUpload(bucket, key, uploadId, parts);
    }

    @Override
    public void abortUpload(String bucket, String key, String uploadId) {
        delegate.abortUpload(bucket, key, uploadId);
    }

    @Override
    public List<UploadInfo> listUploads(String bucket, String prefix) {
        return delegate.listUploads(bucket, prefix);
    }

    @Override
    public void close() {
        delegate.close();
    }
}
