package dev.inkwell.cli;

import dev.inkwell.bucket.BucketInfo;
import dev.inkwell.bucket.BucketStore;
import dev.inkwell.bucket.ByteRange;
import dev.inkwell.bucket.ContentTypes;
import dev.inkwell.bucket.ETags;
import dev.inkwell.bucket.ListPage;
import dev.inkwell.bucket.ListRequest;
import dev.inkwell.bucket.ObjectContent;
import dev.inkwell.bucket.ObjectInfo;
import dev.inkwell.bucket.ObjectKeys;
import dev.inkwell.bucket.ObjectSummary;
import dev.inkwell.bucket.PartETag;
import dev.inkwell.bucket.PartInfo;
import dev.inkwell.bucket.PutOptions;
import dev.inkwell.bucket.UploadInfo;
import dev.inkwell.core.ConflictException;
import dev.inkwell.core.NotFoundException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Buckets in memory that keep any key S3 allows, ../ included: what a real S3 store can hold and a folder cannot.
 * Served over the S3 API, it lets the CLI's tests download keys that must not become local paths.
 */
final class MemoryBucketStore implements BucketStore {
    private final Map<String, TreeMap<String, ObjectInfo>> infos = new ConcurrentHashMap<>();
    private final Map<String, byte[]> data = new ConcurrentHashMap<>();

    @Override
    public String describe() {
        return "memory";
    }

    @Override
    public List<BucketInfo> listBuckets() {
        return infos.keySet().stream().sorted().map(n -> new BucketInfo(n, null)).toList();
    }

    @Override
    public boolean bucketExists(String bucket) {
        return infos.containsKey(bucket);
    }

    @Override
    public void createBucket(String bucket) {
        if (infos.putIfAbsent(bucket, new TreeMap<>(ObjectKeys.ORDER)) != null) throw new ConflictException("bucket " + bucket + " already exists");
    }

    @Override
    public void deleteBucket(String bucket) {
        if (!objects(bucket).isEmpty()) throw new ConflictException("bucket " + bucket + " is not empty");
        infos.remove(bucket);
    }

    private TreeMap<String, ObjectInfo> objects(String bucket) {
        TreeMap<String, ObjectInfo> m = infos.get(bucket);
        if (m == null) throw new NotFoundException("bucket " + bucket + ": no such bucket");
        return m;
    }

    @Override
    public synchronized ObjectInfo put(String bucket, String key, InputStream content, PutOptions options) {
        try {
            byte[] bytes = content.readAllBytes();
            ObjectInfo info = new ObjectInfo(bucket, key, bytes.length, ETags.hex(ETags.md5().digest(bytes)),
                    options.contentType() == null ? ContentTypes.guess(key) : options.contentType(), Instant.now(), options.metadata());
            objects(bucket).put(key, info);
            data.put(bucket + "/" + key, bytes);
            return info;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public synchronized ObjectContent get(String bucket, String key, ByteRange range) {
        ObjectInfo info = head(bucket, key);
        byte[] bytes = data.get(bucket + "/" + key);
        return new ObjectContent(info, new ByteArrayInputStream(bytes), 0, bytes.length);
    }

    @Override
    public synchronized ObjectInfo head(String bucket, String key) {
        ObjectInfo info = objects(bucket).get(key);
        if (info == null) throw new NotFoundException(bucket + "/" + key + ": no such object");
        return info;
    }

    @Override
    public synchronized boolean delete(String bucket, String key) {
        data.remove(bucket + "/" + key);
        return objects(bucket).remove(key) != null;
    }

    @Override
    public ObjectInfo copy(String sourceBucket, String sourceKey, String bucket, String key, PutOptions replace) {
        ObjectContent c = get(sourceBucket, sourceKey, null);
        return put(bucket, key, c.stream(), replace != null ? replace : new PutOptions(c.info().contentType(), c.info().metadata(), -1));
    }

    @Override
    public synchronized ListPage list(String bucket, ListRequest request) {
        List<ObjectSummary> out = new ArrayList<>();
        TreeSet<String> prefixes = new TreeSet<>(ObjectKeys.ORDER);
        for (ObjectInfo info : objects(bucket).values()) {
            String key = info.key();
            if (!key.startsWith(request.prefix())) continue;
            int at = request.delimiter() == null ? -1 : key.indexOf(request.delimiter(), request.prefix().length());
            if (at >= 0) prefixes.add(key.substring(0, at + request.delimiter().length()));
            else out.add(info.summary());
        }
        return new ListPage(out, List.copyOf(prefixes), null);
    }

    @Override
    public String startUpload(String bucket, String key, PutOptions options) {
        throw new UnsupportedOperationException("no multipart uploads in memory");
    }

    @Override
    public PartInfo uploadPart(String bucket, String key, String uploadId, int partNumber, InputStream content, long length, String contentMd5) {
        throw new UnsupportedOperationException("no multipart uploads in memory");
    }

    @Override
    public List<PartInfo> listParts(String bucket, String key, String uploadId) {
        throw new UnsupportedOperationException("no multipart uploads in memory");
    }

    @Override
    public ObjectInfo completeUpload(String bucket, String key, String uploadId, List<PartETag> parts) {
        throw new UnsupportedOperationException("no multipart uploads in memory");
    }

    @Override
    public void abortUpload(String bucket, String key, String uploadId) {
        throw new UnsupportedOperationException("no multipart uploads in memory");
    }

    @Override
    public List<UploadInfo> listUploads(String bucket, String prefix) {
        return List.of();
    }
}
