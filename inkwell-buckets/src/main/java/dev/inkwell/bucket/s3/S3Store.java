package dev.inkwell.bucket.s3;

import dev.inkwell.bucket.Bucket;
import dev.inkwell.bucket.BucketInfo;
import dev.inkwell.bucket.BucketStore;
import dev.inkwell.bucket.ByteRange;
import dev.inkwell.bucket.ChecksumMismatchException;
import dev.inkwell.bucket.ContentTypes;
import dev.inkwell.bucket.ETags;
import dev.inkwell.bucket.InvalidRangeException;
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
import dev.inkwell.core.InkwellException;
import dev.inkwell.core.InputLocation;
import dev.inkwell.core.InvalidInputException;
import dev.inkwell.core.NotFoundException;
import dev.inkwell.core.Texts;
import dev.inkwell.core.UnavailableException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.BucketLocationConstraint;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadResponse;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.CopyObjectResponse;
import software.amazon.awssdk.services.s3.model.CreateBucketConfiguration;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListMultipartUploadsResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.ListPartsResponse;
import software.amazon.awssdk.services.s3.model.MetadataDirective;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.Part;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.model.UploadPartResponse;

/**
 * Buckets on an S3-compatible store through the AWS SDK v2 (over the JDK's HTTP client): every Inkwell bucket is the
 * S3 bucket of that name. Streams of unknown length are buffered one part at a time and uploaded in parts above
 * {@link S3Settings#partSize()}, so any size goes through in bounded memory.
 */
public final class S3Store implements BucketStore {
    private static final Logger LOG = LoggerFactory.getLogger(S3Store.class);
    private static final Pattern CONTENT_RANGE = Pattern.compile("bytes (\\d+)-(\\d+)/(\\d+)");

    /**
     * Attempts per request. The JDK keeps up to {@code http.maxConnections} idle connections per server and finds a
     * dead one only by using it; after the S3 service restarts every one of them is dead, so a request must be able to
     * try past all of them to reach a fresh connection (the SDK's default of 3 failed writes after a restart).
     */
    static final int ATTEMPTS = Math.max(3, Integer.getInteger("http.maxConnections", 5) + 2);

    private final S3Settings settings;
    private final S3Client client;

    public S3Store(S3Settings settings) {
        this.settings = settings;
        AwsCredentialsProvider credentials = settings.accessKey() != null
                ? StaticCredentialsProvider.create(AwsBasicCredentials.create(settings.accessKey(), settings.secretKey()))
                : DefaultCredentialsProvider.builder().build();
        S3ClientBuilder builder = S3Client.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(10))
                        .socketTimeout(Duration.ofSeconds(120)))
                .region(Region.of(settings.region()))
                .forcePathStyle(settings.pathStyle())
                .credentialsProvider(credentials);
        if (attemptsAreTheSdkDefault()) builder.overrideConfiguration(o -> o.retryStrategy(r -> r.maxAttempts(ATTEMPTS)));
        if (settings.endpoint() != null) builder.endpointOverride(settings.endpoint());
        this.client = builder.build();
    }

    public S3Settings settings() {
        return settings;
    }

    /** A user's {@code AWS_MAX_ATTEMPTS} or {@code aws.maxAttempts} wins over {@link #ATTEMPTS}. */
    private static boolean attemptsAreTheSdkDefault() {
        return System.getenv("AWS_MAX_ATTEMPTS") == null && System.getProperty("aws.maxAttempts") == null;
    }

    @Override
    public String describe() {
        return settings.describe();
    }

    @Override
    public void close() {
        client.close();
    }

    // ---- buckets ----

    @Override
    public List<BucketInfo> listBuckets() {
        try {
            return client.listBuckets().buckets().stream().map(b -> new BucketInfo(b.name(), b.creationDate()))
                    .sorted(Comparator.comparing(BucketInfo::name)).toList();
        } catch (SdkException e) {
            throw translate(e, "listing the buckets", null, null);
        }
    }

    @Override
    public boolean bucketExists(String bucket) {
        try {
            client.headBucket(b -> b.bucket(bucket));
            return true;
        } catch (NoSuchBucketException e) {
            return false;
        } catch (S3Exception e) {
            if (e.statusCode() == 404) return false;
            if (e.statusCode() == 403) return true; // it exists, and is someone else's: the next call says so
            throw translate(e, "bucket " + bucket, bucket, null);
        } catch (SdkException e) {
            throw translate(e, "bucket " + bucket, bucket, null);
        }
    }

    @Override
    public void createBucket(String bucket) {
        try {
            client.createBucket(b -> {
                b.bucket(bucket);
                // us-east-1 is the one region S3 wants no location constraint for
                if (!settings.region().equals(S3Settings.DEFAULT_REGION)) {
                    b.createBucketConfiguration(CreateBucketConfiguration.builder()
                            .locationConstraint(BucketLocationConstraint.fromValue(settings.region())).build());
                }
            });
        } catch (SdkException e) {
            throw translate(e, "creating bucket " + bucket, bucket, null);
        }
    }

    @Override
    public void deleteBucket(String bucket) {
        try {
            for (UploadInfo u : listUploads(bucket, "")) abortUpload(bucket, u.key(), u.uploadId());
            client.deleteBucket(b -> b.bucket(bucket));
        } catch (SdkException e) {
            throw translate(e, "deleting bucket " + bucket, bucket, null);
        }
    }

    // ---- objects ----

    @Override
    public ObjectInfo put(String bucket, String key, InputStream content, PutOptions options) {
        String contentType = options.contentType() != null ? options.contentType() : ContentTypes.guess(key);
        InputLocation where = ObjectKeys.location(key);
        long expected = options.length();
        long partSize = settings.partSize();
        byte[] first = read(content, partSize, where);
        if (first.length < partSize) {
            checkLength(where, expected, first.length, content);
            try {
                checkMd5(where, options.contentMd5(), first);
                PutObjectResponse r = client.putObject(b -> b.bucket(bucket).key(key).contentType(contentType)
                        .metadata(options.metadata()).contentLength((long) first.length), RequestBody.fromBytes(first));
                return new ObjectInfo(bucket, key, first.length, ETags.unquote(r.eTag()), contentType, Instant.now(), options.metadata());
            } catch (SdkException e) {
                throw translate(e, "storing " + bucket + "/" + key, bucket, key);
            }
        }
        if (options.contentMd5() != null) {
            // the MD5 of the whole is known only at the end, after the parts are stored: refuse rather than not check
            throw new InvalidInputException(where, "a Content-MD5 is checked only for objects up to the part size (" + partSize + " bytes)");
        }
        return putInParts(bucket, key, content, first, options.withContentType(contentType), where);
    }

    /** S3 checks a Content-MD5 itself; checking here first gives the same answer on every backend. */
    private static void checkMd5(InputLocation where, String expected, byte[] content) {
        if (expected == null) return;
        String actual = ETags.hex(ETags.md5().digest(content));
        if (!expected.equals(actual)) throw new ChecksumMismatchException(where, expected, actual);
    }

    /** A stream larger than a part: uploaded part by part, one part in memory at a time; aborted on any failure. */
    private ObjectInfo putInParts(String bucket, String key, InputStream content, byte[] first, PutOptions options, InputLocation where) {
        String uploadId = startUpload(bucket, key, options);
        boolean completed = false;
        try {
            List<PartETag> parts = new ArrayList<>();
            long size = 0;
            byte[] part = first;
            for (int number = 1; part.length > 0; number++) {
                if (number > Bucket.MAX_PARTS) {
                    throw new InvalidInputException(where, "more than " + Bucket.MAX_PARTS + " parts of " + settings.partSize() + " bytes: raise the part size");
                }
                PartInfo p = uploadPart(bucket, key, uploadId, number, part, null);
                parts.add(new PartETag(number, p.eTag()));
                size += part.length;
                if (options.length() >= 0 && size > options.length()) throw new InvalidInputException(where, "more than the " + options.length() + " bytes announced");
                part = part.length < settings.partSize() ? new byte[0] : read(content, settings.partSize(), where);
            }
            if (options.length() >= 0 && size != options.length()) {
                throw new InvalidInputException(where, "the content ended after " + size + " of the " + options.length() + " bytes announced");
            }
            ObjectInfo info = completeUpload(bucket, key, uploadId, parts);
            completed = true;
            return new ObjectInfo(bucket, key, size, info.eTag(), options.contentType(), info.lastModified(), options.metadata());
        } finally {
            if (!completed) {
                try {
                    abortUpload(bucket, key, uploadId);
                } catch (RuntimeException e) {
                    LOG.warn("cannot abort upload {} of {}/{}: {}", uploadId, bucket, key, e.toString());
                }
            }
        }
    }

    private static byte[] read(InputStream content, long max, InputLocation where) {
        try {
            return content.readNBytes((int) Math.min(max, Integer.MAX_VALUE - 8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the content of " + where.file() + ": " + e.getMessage(), e);
        }
    }

    private static void checkLength(InputLocation where, long expected, long size, InputStream rest) {
        if (expected < 0) return;
        if (size < expected) throw new InvalidInputException(where, "the content ended after " + size + " of the " + expected + " bytes announced");
        try {
            if (size > expected || rest.read() >= 0) throw new InvalidInputException(where, "more than the " + expected + " bytes announced");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the content of " + where.file() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public ObjectContent get(String bucket, String key, ByteRange range) {
        try {
            ResponseInputStream<GetObjectResponse> in = client.getObject(b -> b.bucket(bucket).key(key).range(range == null ? null : range.header()));
            GetObjectResponse r = in.response();
            long length = r.contentLength();
            long first = 0;
            long size = length;
            Matcher m = r.contentRange() == null ? null : CONTENT_RANGE.matcher(r.contentRange());
            if (m != null && m.matches()) {
                first = Long.parseLong(m.group(1));
                size = Long.parseLong(m.group(3));
            }
            ObjectInfo info = new ObjectInfo(bucket, key, size, ETags.unquote(r.eTag()), r.contentType(), r.lastModified(), r.metadata());
            return new ObjectContent(info, in, first, length);
        } catch (S3Exception e) {
            if (e.statusCode() == 416 && range != null) throw new InvalidRangeException(range, head(bucket, key).size());
            throw translate(e, "reading " + bucket + "/" + key, bucket, key);
        } catch (SdkException e) {
            throw translate(e, "reading " + bucket + "/" + key, bucket, key);
        }
    }

    @Override
    public ObjectInfo head(String bucket, String key) {
        try {
            HeadObjectResponse r = client.headObject(b -> b.bucket(bucket).key(key));
            return new ObjectInfo(bucket, key, r.contentLength(), ETags.unquote(r.eTag()), r.contentType(), r.lastModified(), r.metadata());
        } catch (SdkException e) {
            throw translate(e, bucket + "/" + key, bucket, key);
        }
    }

    @Override
    public boolean delete(String bucket, String key) {
        try {
            client.deleteObject(b -> b.bucket(bucket).key(key));
            return true; // S3 does not say whether there was an object
        } catch (SdkException e) {
            throw translate(e, "deleting " + bucket + "/" + key, bucket, key);
        }
    }

    @Override
    public ObjectInfo copy(String sourceBucket, String sourceKey, String bucket, String key, PutOptions replace) {
        try {
            CopyObjectResponse r = client.copyObject(b -> {
                b.sourceBucket(sourceBucket).sourceKey(sourceKey).destinationBucket(bucket).destinationKey(key);
                if (replace == null) {
                    b.metadataDirective(MetadataDirective.COPY);
                } else {
                    b.metadataDirective(MetadataDirective.REPLACE).metadata(replace.metadata())
                            .contentType(replace.contentType() != null ? replace.contentType() : ContentTypes.guess(key));
                }
            });
            LOG.debug("copied {}/{} to {}/{}: {}", sourceBucket, sourceKey, bucket, key, r.copyObjectResult().eTag());
            return head(bucket, key);
        } catch (SdkException e) {
            throw translate(e, "copying " + sourceBucket + "/" + sourceKey + " to " + bucket + "/" + key, bucket, sourceKey);
        }
    }

    @Override
    public ListPage list(String bucket, ListRequest request) {
        try {
            ListObjectsV2Response r = client.listObjectsV2(b -> b.bucket(bucket).prefix(request.prefix().isEmpty() ? null : request.prefix())
                    .delimiter(request.delimiter()).maxKeys(request.maxKeys())
                    .continuationToken(request.continuationToken()).startAfter(request.startAfter()));
            List<ObjectSummary> objects = new ArrayList<>();
            for (S3Object o : r.contents()) objects.add(new ObjectSummary(o.key(), o.size(), ETags.unquote(o.eTag()), o.lastModified()));
            List<String> prefixes = r.commonPrefixes().stream().map(CommonPrefix::prefix).toList();
            return new ListPage(objects, prefixes, Boolean.TRUE.equals(r.isTruncated()) ? r.nextContinuationToken() : null);
        } catch (SdkException e) {
            throw translate(e, "listing " + bucket, bucket, null);
        }
    }

    // ---- multipart uploads ----

    @Override
    public String startUpload(String bucket, String key, PutOptions options) {
        try {
            return client.createMultipartUpload(b -> b.bucket(bucket).key(key).metadata(options.metadata())
                    .contentType(options.contentType() != null ? options.contentType() : ContentTypes.guess(key))).uploadId();
        } catch (SdkException e) {
            throw translate(e, "starting an upload to " + bucket + "/" + key, bucket, key);
        }
    }

    private PartInfo uploadPart(String bucket, String key, String uploadId, int number, byte[] part, String contentMd5) {
        checkMd5(InputLocation.file("part " + number + " of " + Texts.abbreviate(key, 80)), contentMd5, part);
        try {
            UploadPartResponse r = client.uploadPart(b -> b.bucket(bucket).key(key).uploadId(uploadId).partNumber(number)
                    .contentLength((long) part.length), RequestBody.fromBytes(part));
            return new PartInfo(number, ETags.unquote(r.eTag()), part.length, Instant.now());
        } catch (SdkException e) {
            throw translate(e, "uploading part " + number + " of " + bucket + "/" + key, bucket, key);
        }
    }

    @Override
    public PartInfo uploadPart(String bucket, String key, String uploadId, int partNumber, InputStream content, long length, String contentMd5) {
        if (length >= 0 && contentMd5 == null) {
            try {
                UploadPartResponse r = client.uploadPart(b -> b.bucket(bucket).key(key).uploadId(uploadId).partNumber(partNumber)
                        .contentLength(length), RequestBody.fromInputStream(content, length));
                return new PartInfo(partNumber, ETags.unquote(r.eTag()), length, Instant.now());
            } catch (SdkException e) {
                throw translate(e, "uploading part " + partNumber + " of " + bucket + "/" + key, bucket, key);
            }
        }
        InputLocation where = InputLocation.file("part " + partNumber + " of " + Texts.abbreviate(key, 80));
        byte[] part = read(content, S3Settings.MAX_PART_SIZE, where);
        checkLength(where, length, part.length, content);
        return uploadPart(bucket, key, uploadId, partNumber, part, contentMd5);
    }

    @Override
    public List<PartInfo> listParts(String bucket, String key, String uploadId) {
        try {
            List<PartInfo> out = new ArrayList<>();
            Integer marker = null;
            while (true) {
                Integer m = marker;
                ListPartsResponse r = client.listParts(b -> b.bucket(bucket).key(key).uploadId(uploadId).partNumberMarker(m));
                for (Part p : r.parts()) out.add(new PartInfo(p.partNumber(), ETags.unquote(p.eTag()), p.size(), p.lastModified()));
                if (!Boolean.TRUE.equals(r.isTruncated()) || r.nextPartNumberMarker() == null) return out;
                marker = r.nextPartNumberMarker();
            }
        } catch (SdkException e) {
            throw translate(e, "listing the parts of upload " + uploadId, bucket, key);
        }
    }

    @Override
    public ObjectInfo completeUpload(String bucket, String key, String uploadId, List<PartETag> parts) {
        try {
            List<CompletedPart> completed = parts.stream()
                    .map(p -> CompletedPart.builder().partNumber(p.partNumber()).eTag(ETags.quote(p.eTag())).build())
                    .toList();
            CompleteMultipartUploadResponse r = client.completeMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId)
                    .multipartUpload(u -> u.parts(completed)));
            ObjectInfo info = head(bucket, key);
            String eTag = r.eTag() == null ? info.eTag() : ETags.unquote(r.eTag());
            return new ObjectInfo(bucket, key, info.size(), eTag, info.contentType(), info.lastModified(), info.metadata());
        } catch (SdkException e) {
            throw translate(e, "completing upload " + uploadId + " of " + bucket + "/" + key, bucket, key);
        }
    }

    @Override
    public void abortUpload(String bucket, String key, String uploadId) {
        try {
            client.abortMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId));
        } catch (SdkException e) {
            throw translate(e, "aborting upload " + uploadId, bucket, key);
        }
    }

    @Override
    public List<UploadInfo> listUploads(String bucket, String prefix) {
        try {
            List<UploadInfo> out = new ArrayList<>();
            String keyMarker = null;
            String idMarker = null;
            while (true) {
                String k = keyMarker;
                String i = idMarker;
                ListMultipartUploadsResponse r = client.listMultipartUploads(b -> b.bucket(bucket)
                        .prefix(prefix.isEmpty() ? null : prefix).keyMarker(k).uploadIdMarker(i));
                for (MultipartUpload u : r.uploads()) out.add(new UploadInfo(u.key(), u.uploadId(), u.initiated()));
                if (!Boolean.TRUE.equals(r.isTruncated())) return out;
                keyMarker = r.nextKeyMarker();
                idMarker = r.nextUploadIdMarker();
            }
        } catch (SdkException e) {
            throw translate(e, "listing the uploads of " + bucket, bucket, null);
        }
    }

    /** The SDK's failure as the one Inkwell exception that says what to do about it. */
    static InkwellException translate(SdkException e, String what, String bucket, String key) {
        if (e instanceof S3Exception s) {
            String code = s.awsErrorDetails() == null ? null : s.awsErrorDetails().errorCode();
            String message = s.awsErrorDetails() == null || s.awsErrorDetails().errorMessage() == null ? "" : ": " + s.awsErrorDetails().errorMessage();
            int status = s.statusCode();
            String c = code == null ? "" : code;
            switch (c) {
                case "NoSuchBucket":
                    return new NotFoundException("bucket " + bucket + ": no such bucket", e);
                case "NoSuchKey":
                    return new NotFoundException(bucket + "/" + Texts.abbreviate(String.valueOf(key), 200) + ": no such object", e);
                case "NoSuchUpload":
                    return new NotFoundException(what + ": no such upload", e);
                case "BucketAlreadyExists":
                case "BucketAlreadyOwnedByYou":
                    return new ConflictException("bucket " + bucket + " already exists" + (c.equals("BucketAlreadyExists") ? " (someone else's: S3 bucket names are global)" : ""), e);
                case "BucketNotEmpty":
                    return new ConflictException("bucket " + bucket + " is not empty: delete its objects first", e);
                case "AccessDenied":
                case "SignatureDoesNotMatch":
                case "InvalidAccessKeyId":
                case "InvalidToken":
                case "ExpiredToken":
                    return new InkwellException(what + ": refused by the S3 store (" + c + "): check the credentials", e);
                default:
                    break;
            }
            if (status == 404) {
                return key == null ? new NotFoundException("bucket " + bucket + ": no such bucket", e)
                        : new NotFoundException(bucket + "/" + Texts.abbreviate(key, 200) + ": no such object", e);
            }
            if (status == 403) return new InkwellException(what + ": refused by the S3 store (403): check the credentials", e);
            if (status == 409) return new ConflictException(what + ": " + c + message, e);
            if (status >= 500) return new UnavailableException(what + ": the S3 store failed (" + status + " " + c + message + ")", e);
            if (status >= 400) return new InvalidInputException(InputLocation.file(what), (c.isEmpty() ? String.valueOf(status) : c) + message, e);
            return new InkwellException(what + ": " + status + " " + c + message, e);
        }
        if (e instanceof SdkClientException && e.getMessage() != null && e.getMessage().contains("Unable to load credentials")) {
            return new InkwellException("no S3 credentials: set INKWELL_S3_ACCESS_KEY and INKWELL_S3_SECRET_KEY (or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, a profile, or a role)", e);
        }
        return new UnavailableException(what + ": cannot reach the S3 store: " + Texts.abbreviate(String.valueOf(e.getMessage()), 300), e);
    }
}
