package dev.inkwell.bucket;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.List;

/** A multipart upload in progress: upload parts (1 to 10,000, any order), then complete or abort. */
public final class MultipartUpload {
    private final Bucket bucket;
    private final String key;
    private final String uploadId;

    MultipartUpload(Bucket bucket, String key, String uploadId) {
        this.bucket = bucket;
        this.key = key;
        this.uploadId = uploadId;
    }

    public Bucket bucket() {
        return bucket;
    }

    public String key() {
        return key;
    }

    public String uploadId() {
        return uploadId;
    }

    /** Uploads (or replaces) one part; {@code length} is checked, -1 when unknown. */
    public PartInfo uploadPart(int partNumber, InputStream content, long length) {
        return bucket.uploadPart(this, partNumber, content, length, null);
    }

    /** Uploads (or replaces) one part whose MD5 (hex) is known: a mismatch stores nothing. */
    public PartInfo uploadPart(int partNumber, InputStream content, long length, String contentMd5) {
        return bucket.uploadPart(this, partNumber, content, length, contentMd5);
    }

    public PartInfo uploadPart(int partNumber, byte[] content) {
        return uploadPart(partNumber, new ByteArrayInputStream(content), content.length);
    }

    /** The parts uploaded so far, by part number. */
    public List<PartInfo> parts() {
        return bucket.parts(this);
    }

    /** Joins the parts named (ascending part numbers, each with the ETag its upload returned) into the object. */
    public ObjectInfo complete(List<PartETag> parts) {
        return bucket.complete(this, parts);
    }

    /** Joins every part uploaded so far, in part-number order. */
    public ObjectInfo complete() {
        return complete(parts().stream().map(p -> new PartETag(p.partNumber(), p.eTag())).toList());
    }

    public void abort() {
        bucket.abort(this);
    }
}
