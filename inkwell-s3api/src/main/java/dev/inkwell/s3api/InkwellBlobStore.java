package dev.inkwell.s3api;

import dev.inkwell.bucket.Bucket;
import dev.inkwell.bucket.BucketNames;
import dev.inkwell.bucket.Buckets;
import dev.inkwell.bucket.ByteRange;
import dev.inkwell.bucket.ChecksumMismatchException;
import dev.inkwell.bucket.ETags;
import dev.inkwell.bucket.InvalidRangeException;
import dev.inkwell.bucket.ListPage;
import dev.inkwell.bucket.ListRequest;
import dev.inkwell.bucket.ObjectContent;
import dev.inkwell.bucket.ObjectInfo;
import dev.inkwell.bucket.PartETag;
import dev.inkwell.bucket.PutOptions;
import dev.inkwell.core.ConflictException;
import dev.inkwell.core.InkwellException;
import dev.inkwell.core.InputTooLargeException;
import dev.inkwell.core.InvalidInputException;
import dev.inkwell.core.NotFoundException;
import dev.inkwell.core.UnavailableException;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.gaul.s3proxy.S3ErrorCode;
import org.gaul.s3proxy.S3ProxyException;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.blobstore.Constants;
import org.gaul.s3proxy.blobstore.S3Exceptions;
import org.gaul.s3proxy.blobstore.SdkResponses;
import org.gaul.s3proxy.blobstore.domain.MultipartUpload;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.services.s3.model.BucketCannedACL;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadResponse;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.CopyObjectRequest;
import software.amazon.awssdk.services.s3.model.CopyObjectResponse;
import software.amazon.awssdk.services.s3.model.CreateBucketRequest;
import software.amazon.awssdk.services.s3.model.CreateBucketResponse;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.DeleteObjectRequest;
import software.amazon.awssdk.services.s3.model.DeleteObjectResponse;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadBucketRequest;
import software.amazon.awssdk.services.s3.model.HeadBucketResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListBucketsResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.MetadataDirective;
import software.amazon.awssdk.services.s3.model.ObjectCannedACL;
import software.amazon.awssdk.services.s3.model.Owner;
import software.amazon.awssdk.services.s3.model.Part;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.model.StorageClass;
import software.amazon.awssdk.services.s3.model.UploadPartRequest;
import software.amazon.awssdk.services.s3.model.UploadPartResponse;

/**
 * S3Proxy's store interface over Inkwell's {@link Buckets}: every request the S3 API serves is a call on a
 * {@link Bucket}, so it gets the same key rules, atomic writes and bucket events as any other write. Inkwell's
 * failures become the S3 errors clients expect (NoSuchKey, BucketNotEmpty, BadDigest, InvalidRange…).
 *
 * <p>What Inkwell's buckets do not have is refused rather than pretended: versions, public access (objects and
 * buckets are private; anonymous requests are refused unless the whole API is anonymous), server-side encryption.
 */
final class InkwellBlobStore implements BlobStore {
    private static final Logger LOG = LoggerFactory.getLogger(InkwellBlobStore.class);
    /** S3's smallest part but the last; the handler answers EntityTooSmall below it, as S3 does. */
    private static final long MIN_PART_SIZE = 5L << 20;

    private final Buckets buckets;

    InkwellBlobStore(Buckets buckets) {
        this.buckets = buckets;
    }

    // ---- buckets ----

    @Override
    public ListBucketsResponse list() {
        return call(null, null, () -> ListBucketsResponse.builder()
                .buckets(buckets.list().stream().map(b -> SdkResponses.bucket(b.name(), b.created())).toList())
                .owner(Owner.builder().id(Constants.OWNER_ID).displayName(Constants.OWNER_DISPLAY_NAME).build())
                .build());
    }

    @Override
    public ListObjectsV2Response list(ListObjectsV2Request request) {
        return call(request.bucket(), null, () -> {
            ListRequest r = new ListRequest(request.prefix(), request.delimiter(),
                    request.maxKeys() == null ? ListRequest.MAX_KEYS : request.maxKeys(), request.continuationToken(), request.startAfter());
            ListPage page = bucket(request.bucket()).list(r);
            List<S3Object> contents = page.objects().stream()
                    .map(o -> SdkResponses.objectEntry(o.key(), ETags.quote(o.eTag()), o.lastModified(), o.size(), StorageClass.STANDARD))
                    .toList();
            return SdkResponses.objectsPage(contents, page.commonPrefixes().stream().map(SdkResponses::commonPrefix).toList(),
                    page.nextContinuationToken());
        });
    }

    @Override
    public HeadBucketResponse headBucket(HeadBucketRequest request) {
        return call(request.bucket(), null, () -> {
            if (!buckets.exists(request.bucket())) throw S3Exceptions.noSuchBucket(request.bucket(), "no such bucket");
            return HeadBucketResponse.builder().build();
        });
    }

    @Override
    public CreateBucketResponse createContainer(CreateBucketRequest request) {
        return call(request.bucket(), null, () -> {
            bucket(request.bucket()); // an invalid name is InvalidBucketName
            try {
                buckets.create(request.bucket());
            } catch (ConflictException e) {
                throw S3Exceptions.bucketAlreadyOwnedByYou(request.bucket());
            }
            return CreateBucketResponse.builder().location("/" + request.bucket()).build();
        });
    }

    @Override
    public BucketCannedACL getContainerAccess(String container) {
        return BucketCannedACL.PRIVATE;
    }

    @Override
    public void setContainerAccess(String container, BucketCannedACL access) {
        if (access != BucketCannedACL.PRIVATE) throw new S3ProxyException(S3ErrorCode.NOT_IMPLEMENTED, "Inkwell's buckets are private");
    }

    @Override
    public void deleteBucket(String container) {
        call(container, null, () -> {
            try {
                buckets.delete(container);
            } catch (NotFoundException e) {
                // already gone: S3Proxy's contract says deleting an absent bucket succeeds quietly
            } catch (ConflictException e) {
                throw S3Exceptions.bucketNotEmpty(container);
            }
            return null;
        });
    }

    // ---- objects ----

    @Override
    public PutObjectResponse putBlob(PutObjectRequest request, InputStream payload) {
        return call(request.bucket(), request.key(), () -> {
            if (request.acl() != null && request.acl() != ObjectCannedACL.PRIVATE) {
                throw new S3ProxyException(S3ErrorCode.NOT_IMPLEMENTED, "Inkwell's objects are private");
            }
            // conditional writes (If-Match, If-None-Match) never get here: the handler refuses them (NotImplemented)
            // for a store that cannot compare and write in one step, which a folder cannot
            Bucket bucket = bucket(request.bucket());
            PutOptions options = new PutOptions(request.contentType(), request.metadata(),
                    request.contentLength() == null ? -1 : request.contentLength(), md5Hex(request.contentMD5()));
            try { // the servlet closes the body
                ObjectInfo info = bucket.put(request.key(), payload, options);
                return SdkResponses.putResponse(ETags.quote(info.eTag()));
            } catch (RuntimeException e) {
                RefusedBody.drain(payload);
                throw e;
            }
        });
    }

    @Override
    public CopyObjectResponse copyBlob(CopyObjectRequest request) {
        return call(request.destinationBucket(), request.destinationKey(), () -> {
            if (request.sourceVersionId() != null) throw new UnsupportedOperationException("Inkwell's buckets keep no versions");
            Bucket source = bucket(request.sourceBucket());
            PutOptions replace = request.metadataDirective() == MetadataDirective.REPLACE
                    ? new PutOptions(request.contentType(), request.metadata(), -1) : null;
            ObjectInfo info;
            try {
                info = source.copy(request.sourceKey(), bucket(request.destinationBucket()), request.destinationKey(), replace);
            } catch (NotFoundException e) {
                if (!buckets.exists(request.sourceBucket())) throw S3Exceptions.noSuchBucket(request.sourceBucket(), e.getMessage());
                throw S3Exceptions.noSuchKey(request.sourceBucket(), request.sourceKey(), e.getMessage());
            }
            return SdkResponses.copyResponse(ETags.quote(info.eTag()), info.lastModified());
        });
    }

    @Override
    public HeadObjectResponse blobMetadata(HeadObjectRequest request) {
        return call(request.bucket(), request.key(), () -> {
            if (request.versionId() != null) throw new UnsupportedOperationException("Inkwell's buckets keep no versions");
            return head(bucket(request.bucket()).head(request.key()));
        });
    }

    private static HeadObjectResponse head(ObjectInfo info) {
        return HeadObjectResponse.builder()
                .contentLength(info.size())
                .contentType(info.contentType())
                .eTag(ETags.quote(info.eTag()))
                .lastModified(info.lastModified())
                .metadata(info.metadata())
                .storageClass(StorageClass.STANDARD.toString())
                .build();
    }

    @Override
    public ResponseInputStream<GetObjectResponse> getBlob(GetObjectRequest request) {
        return call(request.bucket(), request.key(), () -> {
            if (request.versionId() != null) throw new UnsupportedOperationException("Inkwell's buckets keep no versions");
            Bucket bucket = bucket(request.bucket());
            ObjectContent content = request.range() == null ? bucket.get(request.key()) : bucket.get(request.key(), ByteRange.parse(request.range()));
            try {
                checkConditions(request, content.info());
            } catch (RuntimeException e) {
                closeQuietly(content);
                throw e;
            }
            ObjectInfo info = content.info();
            GetObjectResponse response = GetObjectResponse.builder()
                    .contentLength(content.length())
                    .contentRange(request.range() == null ? null : content.contentRange())
                    .contentType(info.contentType())
                    .eTag(ETags.quote(info.eTag()))
                    .lastModified(info.lastModified())
                    .metadata(info.metadata())
                    .storageClass(StorageClass.STANDARD.toString())
                    .build();
            return SdkResponses.getResponse(response, content.stream());
        });
    }

    /** The conditional-GET headers, judged against the version being read; the handler turns a failure into 412 or 304. */
    private static void checkConditions(GetObjectRequest request, ObjectInfo info) {
        if (request.ifMatch() != null) checkIfMatch(info.eTag(), request.ifMatch());
        Instant modified = info.lastModified().truncatedTo(ChronoUnit.SECONDS);
        if (request.ifUnmodifiedSince() != null && modified.isAfter(request.ifUnmodifiedSince())) throw S3Exceptions.preconditionFailed(null);
        // "not modified" carries no error code: the servlet answers it 304, with the ETag
        if (request.ifNoneMatch() != null && matches(info.eTag(), request.ifNoneMatch())
                || request.ifModifiedSince() != null && request.ifNoneMatch() == null && !modified.isAfter(request.ifModifiedSince())) {
            throw S3Exceptions.fromStatusCode(412, ETags.quote(info.eTag()), Map.of(), null);
        }
    }

    private static void checkIfMatch(String eTag, String ifMatch) {
        if (!matches(eTag, ifMatch)) throw S3Exceptions.preconditionFailed(null);
    }

    private static boolean matches(String eTag, String header) {
        for (String candidate : header.split(",")) {
            String c = candidate.strip();
            if (c.equals("*") || ETags.unquote(c).equals(eTag)) return true;
        }
        return false;
    }

    @Override
    public DeleteObjectResponse removeBlob(DeleteObjectRequest request) {
        return call(request.bucket(), request.key(), () -> {
            if (request.versionId() != null) throw new UnsupportedOperationException("Inkwell's buckets keep no versions");
            bucket(request.bucket()).delete(request.key());
            return DeleteObjectResponse.builder().build();
        });
    }

    @Override
    public ObjectCannedACL getBlobAccess(String container, String name) {
        return ObjectCannedACL.PRIVATE;
    }

    @Override
    public void setBlobAccess(String container, String name, ObjectCannedACL access) {
        if (access != ObjectCannedACL.PRIVATE) throw new S3ProxyException(S3ErrorCode.NOT_IMPLEMENTED, "Inkwell's objects are private");
    }

    // ---- multipart uploads ----

    @Override
    public MultipartUpload initiateMultipartUpload(CreateMultipartUploadRequest request) {
        return call(request.bucket(), request.key(), () -> {
            if (request.acl() != null && request.acl() != ObjectCannedACL.PRIVATE) {
                throw new S3ProxyException(S3ErrorCode.NOT_IMPLEMENTED, "Inkwell's objects are private");
            }
            var upload = bucket(request.bucket()).startUpload(request.key(), new PutOptions(request.contentType(), request.metadata(), -1));
            return new MultipartUpload(upload.uploadId(), request);
        });
    }

    @Override
    public void abortMultipartUpload(MultipartUpload mpu) {
        upload(mpu, () -> {
            bucket(mpu.containerName()).upload(mpu.blobName(), mpu.id()).abort();
            return null;
        });
    }

    @Override
    public CompleteMultipartUploadResponse completeMultipartUpload(MultipartUpload mpu, CompleteMultipartUploadRequest request) {
        return upload(mpu, () -> {
            List<PartETag> parts = new ArrayList<>();
            List<CompletedPart> named = request.multipartUpload() == null ? List.of() : request.multipartUpload().parts();
            for (CompletedPart p : named) {
                if (p.partNumber() == null || p.eTag() == null) throw new S3ProxyException(S3ErrorCode.INVALID_PART, "a part without a number or ETag");
                parts.add(new PartETag(p.partNumber(), p.eTag()));
            }
            ObjectInfo info;
            try {
                info = bucket(mpu.containerName()).upload(mpu.blobName(), mpu.id()).complete(parts);
            } catch (ChecksumMismatchException e) {
                throw e;
            } catch (InvalidInputException e) {
                throw new S3ProxyException(e.getMessage().contains("ascending") ? S3ErrorCode.INVALID_PART_ORDER : S3ErrorCode.INVALID_PART, e.getMessage());
            }
            return SdkResponses.completeResponse(ETags.quote(info.eTag()));
        });
    }

    @Override
    public UploadPartResponse uploadMultipartPart(MultipartUpload mpu, UploadPartRequest request, InputStream is) {
        return upload(mpu, () -> {
            try { // the servlet closes the body
                long length = request.contentLength() == null ? -1 : request.contentLength();
                var part = bucket(mpu.containerName()).upload(mpu.blobName(), mpu.id())
                        .uploadPart(request.partNumber(), is, length, md5Hex(request.contentMD5()));
                return SdkResponses.uploadedPart(ETags.quote(part.eTag()));
            } catch (RuntimeException e) {
                RefusedBody.drain(is);
                throw e;
            }
        });
    }

    @Override
    public List<Part> listMultipartUpload(MultipartUpload mpu) {
        return upload(mpu, () -> bucket(mpu.containerName()).upload(mpu.blobName(), mpu.id()).parts().stream()
                .map(p -> SdkResponses.part(p.partNumber(), p.size(), ETags.quote(p.eTag()), p.lastModified()))
                .toList());
    }

    // S3's MultipartUpload, named in full: S3Proxy's own MultipartUpload is the one imported
    @Override
    public List<software.amazon.awssdk.services.s3.model.MultipartUpload> listMultipartUploads(String container) {
        return call(container, null, () -> bucket(container).uploads("").stream()
                .map(u -> SdkResponses.upload(u.key(), u.uploadId(), u.initiated()))
                .toList());
    }

    @Override
    public long getMinimumMultipartPartSize() {
        return MIN_PART_SIZE;
    }

    // ---- how Inkwell's failures become S3's ----

    private Bucket bucket(String name) {
        try {
            return buckets.bucket(name);
        } catch (InvalidInputException e) {
            throw new S3ProxyException(S3ErrorCode.INVALID_BUCKET_NAME, e.getMessage());
        }
    }

    /** Base64 (as the Content-MD5 header has it) to hex; a header that is not an MD5 is BadDigest's sibling, InvalidDigest. */
    private static String md5Hex(String base64) {
        if (base64 == null) return null;
        try {
            byte[] md5 = Base64.getDecoder().decode(base64.strip());
            if (md5.length != 16) throw new S3ProxyException(S3ErrorCode.INVALID_DIGEST, "Content-MD5 is not an MD5");
            return HexFormat.of().formatHex(md5);
        } catch (IllegalArgumentException e) {
            throw new S3ProxyException(S3ErrorCode.INVALID_DIGEST, "Content-MD5 is not base64");
        }
    }

    private <T> T upload(MultipartUpload mpu, Supplier<T> work) {
        return call(mpu.containerName(), mpu.blobName(), () -> {
            try {
                return work.get();
            } catch (NotFoundException e) {
                if (!buckets.exists(mpu.containerName())) throw S3Exceptions.noSuchBucket(mpu.containerName(), e.getMessage());
                throw new S3ProxyException(S3ErrorCode.NO_SUCH_UPLOAD, e.getMessage());
            }
        });
    }

    /** Runs a request, turning Inkwell's failures into the S3 error a client understands. */
    private <T> T call(String bucket, String key, Supplier<T> work) {
        try {
            return work.get();
        } catch (NotFoundException e) {
            if (bucket == null || !safeExists(bucket)) throw S3Exceptions.noSuchBucket(String.valueOf(bucket), e.getMessage());
            throw S3Exceptions.noSuchKey(bucket, key, e.getMessage());
        } catch (InvalidRangeException e) {
            throw S3Exceptions.fromStatusCode(416, e);
        } catch (ChecksumMismatchException e) {
            throw new S3ProxyException(S3ErrorCode.BAD_DIGEST, e.getMessage());
        } catch (InputTooLargeException e) {
            throw new S3ProxyException(S3ErrorCode.ENTITY_TOO_LARGE, e.getMessage());
        } catch (InvalidInputException e) {
            throw new S3ProxyException(S3ErrorCode.INVALID_ARGUMENT, e.getMessage());
        } catch (ConflictException e) {
            throw error(409, "OperationAborted", e.getMessage());
        } catch (UnavailableException e) {
            LOG.warn("S3 API: {}", e.getMessage());
            throw error(503, "ServiceUnavailable", e.getMessage());
        } catch (InkwellException e) {
            LOG.warn("S3 API: {}", e.getMessage(), e);
            throw error(500, "InternalError", e.getMessage());
        } catch (IOException e) {
            throw error(500, "InternalError", e.getMessage());
        }
    }

    private boolean safeExists(String bucket) {
        return BucketNames.isValid(bucket) && buckets.exists(bucket);
    }

    private static S3Exception error(int status, String code, String message) {
        return (S3Exception) S3Exception.builder()
                .statusCode(status)
                .message(message)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage(message)
                        .sdkHttpResponse(SdkHttpResponse.builder().statusCode(status).build()).build())
                .build();
    }

    private static void closeQuietly(ObjectContent content) {
        try {
            content.close();
        } catch (IOException e) {
            LOG.debug("closing a read: {}", e.toString());
        }
    }

    /** A request's work, which may fail with an I/O error (closing a client's stream). */
    @FunctionalInterface
    private interface Supplier<T> {
        T get() throws IOException;
    }
}
