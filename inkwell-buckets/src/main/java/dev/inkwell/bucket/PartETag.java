package dev.inkwell.bucket;

/** A part named in CompleteMultipartUpload (AWS: CompletedPart): its number and the ETag its upload returned. */
public record PartETag(int partNumber, String eTag) {
    public PartETag {
        eTag = ETags.unquote(eTag);
    }
}
