package dev.inkwell.bucket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.inkwell.bucket.event.BucketEvent;
import dev.inkwell.core.ConflictException;
import dev.inkwell.core.InvalidInputException;
import dev.inkwell.core.NotFoundException;
import dev.inkwell.core.UnavailableException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every bucket backend promises, whatever it stores on: run by the folder backend's and the S3 backend's tests
 * (and by the S3 API's, through its own server). Subclasses give a fresh, empty {@link Buckets} per test.
 */
public abstract class BucketContract {
    protected Buckets buckets;
    protected Bucket bucket;
    protected final List<BucketEvent> events = new CopyOnWriteArrayList<>();

    /** Fresh buckets with no bucket in them. */
    protected abstract Buckets openBuckets() throws Exception;

    /** Whether deleting a missing key says so (S3 cannot tell). */
    protected boolean deleteTellsWhetherThereWasAnObject() {
        return true;
    }

    /** Whether listings come in UTF-8 byte order, as AWS lists (S3Proxy's in-memory store uses Java's UTF-16 order). */
    protected boolean listsInUtf8Order() {
        return true;
    }

    /** Whether a read's ETag always names the content read while writes race (S3Proxy's in-memory store: not always). */
    protected boolean describesWhatItReadsUnderConcurrentWrites() {
        return true;
    }

    /** Whether a part for an unknown upload is refused, as AWS does (S3Proxy's in-memory store takes it). */
    protected boolean refusesPartsOfUnknownUploads() {
        return true;
    }

    @BeforeEach
    void openAndCreate() throws Exception {
        buckets = openBuckets();
        buckets.events().subscribe(events::add);
        bucket = buckets.create("contract");
        events.clear();
    }

    @AfterEach
    void close() {
        if (buckets != null) buckets.close();
    }

    protected static String md5(byte[] data) {
        try {
            return ETags.hex(MessageDigest.getInstance("MD5").digest(data));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    protected static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    protected static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    // ---- buckets ----

    @Test
    void bucketsAreCreatedListedAndDeleted() {
        assertThat(buckets.exists("contract")).isTrue();
        assertThat(buckets.exists("other-bucket")).isFalse();
        buckets.create("other-bucket");
        assertThat(buckets.list()).extracting(BucketInfo::name).contains("contract", "other-bucket");
        assertThatThrownBy(() -> buckets.create("other-bucket")).isInstanceOf(ConflictException.class).hasMessageContaining("already exists");
        buckets.delete("other-bucket");
        assertThat(buckets.exists("other-bucket")).isFalse();
        assertThatThrownBy(() -> buckets.delete("other-bucket")).isInstanceOf(NotFoundException.class);
        assertThat(buckets.createIfMissing("contract").name()).isEqualTo("contract");
    }

    @Test
    void aBucketThatHoldsObjectsIsNotDeleted() {
        bucket.put("a/b.txt", bytes("x"));
        assertThatThrownBy(() -> buckets.delete("contract")).isInstanceOf(ConflictException.class).hasMessageContaining("not empty");
        bucket.delete("a/b.txt");
        buckets.delete("contract");
        assertThat(buckets.exists("contract")).isFalse();
    }

    @Test
    void bucketNamesFollowS3sRules() {
        for (String bad : List.of("", "ab", "UPPER", "under_score", "-start", "end-", "two..dots", "192.168.1.10", "xn--punycode",
                "ends-s3alias", ".hidden", "../etc", "a/b", "a b", "x".repeat(64), "nul\0name", "ünï")) {
            assertThatThrownBy(() -> buckets.create(bad)).as(bad).isInstanceOf(InvalidInputException.class);
            assertThatThrownBy(() -> buckets.bucket(bad)).as(bad).isInstanceOf(InvalidInputException.class);
        }
        assertThat(buckets.bucket("a.b-c1").name()).isEqualTo("a.b-c1");
    }

    @Test
    void aMissingBucketIsNotFound() {
        Bucket missing = buckets.bucket("no-such-bucket");
        assertThatThrownBy(() -> missing.put("k", bytes("x"))).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> missing.get("k")).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> missing.head("k")).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> missing.list(ListRequest.all())).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> missing.find("k")).isInstanceOf(NotFoundException.class);
    }

    // ---- objects ----

    /** Regression (cluster bench): a trigger's result, as a classify function writes it, through the S3 protocol. */
    @Test
    void aContentTypeWithParametersAndATriggersOriginMetadataAreStored() throws IOException {
        byte[] data = bytes("class=7 ; probability=0.99\n");
        bucket.put("results/incoming/7.png.txt", new ByteArrayInputStream(data), PutOptions.none()
                .withContentType("text/plain; charset=utf-8").withLength(data.length).withMetadata(Map.of("inkwell-origin", "trigger/seed001")));
        ObjectInfo head = bucket.head("results/incoming/7.png.txt");
        // the space before a parameter means nothing (RFC 9110); Jetty, behind the S3 API, writes it without
        assertThat(head.contentType()).isIn("text/plain; charset=utf-8", "text/plain;charset=utf-8");
        assertThat(head.metadata()).containsEntry("inkwell-origin", "trigger/seed001");
        try (ObjectContent content = bucket.get("results/incoming/7.png.txt")) {
            assertThat(content.stream().readAllBytes()).isEqualTo(data);
        }
    }

    @Test
    void putGetHeadDelete() throws IOException {
        byte[] data = bytes("hello, buckets");
        Instant before = Instant.now().minusSeconds(2);
        ObjectInfo put = bucket.put("greetings/hello.txt", new ByteArrayInputStream(data),
                PutOptions.none().withContentType("application/x-greeting").withMetadata(Map.of("Origin", "test", "x-label", "7")));
        assertThat(put.eTag()).isEqualTo(md5(data));
        assertThat(put.size()).isEqualTo(data.length);

        ObjectInfo head = bucket.head("greetings/hello.txt");
        assertThat(head.eTag()).isEqualTo(md5(data));
        assertThat(head.size()).isEqualTo(data.length);
        assertThat(head.contentType()).isEqualTo("application/x-greeting");
        assertThat(head.metadata()).containsExactlyInAnyOrderEntriesOf(Map.of("origin", "test", "x-label", "7"));
        assertThat(head.lastModified()).isAfter(before).isBefore(Instant.now().plusSeconds(2));

        try (ObjectContent content = bucket.get("greetings/hello.txt")) {
            assertThat(content.stream().readAllBytes()).isEqualTo(data);
            assertThat(content.info().eTag()).isEqualTo(md5(data));
            assertThat(content.info().metadata()).containsEntry("origin", "test");
            assertThat(content.isPartial()).isFalse();
        }
        assertThat(bucket.exists("greetings/hello.txt")).isTrue();
        assertThat(bucket.delete("greetings/hello.txt")).isTrue();
        assertThatThrownBy(() -> bucket.head("greetings/hello.txt")).isInstanceOf(NotFoundException.class).hasMessageContaining("no such object");
        assertThatThrownBy(() -> bucket.get("greetings/hello.txt")).isInstanceOf(NotFoundException.class);
        assertThat(bucket.find("greetings/hello.txt")).isEmpty();
        boolean again = bucket.delete("greetings/hello.txt");
        if (deleteTellsWhetherThereWasAnObject()) assertThat(again).isFalse();
    }

    @Test
    void theContentTypeIsGuessedFromTheKeyWhenNotGiven() {
        bucket.put("digits/7.png", bytes("not really a png"));
        bucket.put("table.csv", bytes("label,pixel0\n"));
        bucket.put("no-extension", bytes("?"));
        assertThat(bucket.head("digits/7.png").contentType()).isEqualTo("image/png");
        assertThat(bucket.head("table.csv").contentType()).isEqualTo("text/csv");
        assertThat(bucket.head("no-extension").contentType()).isEqualTo(ContentTypes.DEFAULT);
    }

    @Test
    void anEmptyObjectIsAnObject() {
        ObjectInfo info = bucket.put("empty", new byte[0]);
        assertThat(info.eTag()).isEqualTo("d41d8cd98f00b204e9800998ecf8427e");
        assertThat(bucket.get("empty").readAllBytes()).isEmpty();
        assertThat(bucket.list(ListRequest.all()).objects()).extracting(ObjectSummary::key).containsExactly("empty");
    }

    @Test
    void aPutReplacesTheObject() {
        bucket.put("k", bytes("first"));
        bucket.put("k", bytes("second, longer"));
        assertThat(new String(bucket.get("k").readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("second, longer");
        assertThat(bucket.head("k").eTag()).isEqualTo(md5(bytes("second, longer")));
    }

    @Test
    void rangesReadPartsOfTheObject() throws IOException {
        bucket.put("r", bytes("0123456789"));
        try (ObjectContent c = bucket.get("r", ByteRange.of(2, 5))) {
            assertThat(new String(c.stream().readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("2345");
            assertThat(c.first()).isEqualTo(2);
            assertThat(c.length()).isEqualTo(4);
            assertThat(c.info().size()).isEqualTo(10);
            assertThat(c.contentRange()).isEqualTo("bytes 2-5/10");
        }
        assertThat(new String(bucket.get("r", ByteRange.from(7)).readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("789");
        assertThat(new String(bucket.get("r", ByteRange.suffix(3)).readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("789");
        assertThat(new String(bucket.get("r", ByteRange.of(8, 100)).readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("89");
        assertThatThrownBy(() -> bucket.get("r", ByteRange.from(10)).close()).isInstanceOf(InvalidRangeException.class);
    }

    @Test
    void theDeclaredLengthIsChecked() {
        assertThatThrownBy(() -> bucket.put("short", new ByteArrayInputStream(bytes("12345")), PutOptions.none().withLength(10)))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("ended after 5");
        assertThatThrownBy(() -> bucket.put("long", new ByteArrayInputStream(bytes("123456789012345")), PutOptions.none().withLength(10)))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("more than");
        assertThat(bucket.exists("short")).isFalse();
        assertThat(bucket.exists("long")).isFalse();
        assertThat(events).isEmpty();
    }

    @Test
    void anAnnouncedMd5IsCheckedBeforeTheObjectAppears() {
        byte[] data = bytes("checked content");
        assertThatThrownBy(() -> bucket.put("md5", new ByteArrayInputStream(data), PutOptions.none().withContentMd5(md5(bytes("other")))))
                .isInstanceOf(ChecksumMismatchException.class).hasMessageContaining("BadDigest");
        assertThat(bucket.exists("md5")).isFalse();
        assertThat(bucket.put("md5", new ByteArrayInputStream(data), PutOptions.none().withContentMd5(md5(data))).eTag()).isEqualTo(md5(data));
        assertThatThrownBy(() -> PutOptions.none().withContentMd5("not-hex")).isInstanceOf(InvalidInputException.class);
    }

    @Test
    void aFailingStreamLeavesNoObject() {
        InputStream failing = new InputStream() {
            private int n;

            @Override
            public int read() throws IOException {
                if (n++ > 1000) throw new IOException("connection reset");
                return 'x';
            }
        };
        assertThatThrownBy(() -> bucket.put("broken", failing, PutOptions.none())).hasMessageContaining("connection reset");
        assertThat(bucket.exists("broken")).isFalse();
        assertThat(events).isEmpty();
    }

    @Test
    void metadataIsCheckedLikeS3Does() {
        assertThatThrownBy(() -> PutOptions.none().withMetadata(Map.of("bad name", "x"))).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> PutOptions.none().withMetadata(Map.of("ok", "line\r\nX-Injected: 1"))).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> PutOptions.none().withMetadata(Map.of("big", "x".repeat(3000)))).isInstanceOf(InvalidInputException.class);
    }

    @Test
    void copiesKeepOrReplaceTheMetadata() {
        bucket.put("src.bin", new ByteArrayInputStream(bytes("copy me")), PutOptions.none().withContentType("application/x-test").withMetadata(Map.of("a", "1")));
        ObjectInfo copy = bucket.copy("src.bin", "dst/copy.bin");
        assertThat(copy.eTag()).isEqualTo(md5(bytes("copy me")));
        assertThat(copy.size()).isEqualTo(7);
        ObjectInfo head = bucket.head("dst/copy.bin");
        assertThat(head.contentType()).isEqualTo("application/x-test");
        assertThat(head.metadata()).containsEntry("a", "1");

        Bucket other = buckets.create("contract-other");
        bucket.copy("src.bin", other, "replaced.txt", PutOptions.none().withContentType("text/plain").withMetadata(Map.of("b", "2")));
        ObjectInfo replaced = other.head("replaced.txt");
        assertThat(replaced.contentType()).isEqualTo("text/plain");
        assertThat(replaced.metadata()).containsExactlyEntriesOf(Map.of("b", "2"));
        assertThat(other.get("replaced.txt").readAllBytes()).isEqualTo(bytes("copy me"));
        assertThatThrownBy(() -> bucket.copy("missing", "x")).isInstanceOf(NotFoundException.class);
    }

    // ---- listing ----

    private List<String> keys(ListPage page) {
        return page.objects().stream().map(ObjectSummary::key).toList();
    }

    @Test
    void listingsFollowPrefixesAndDelimiters() {
        for (String k : List.of("a.txt", "b/1.txt", "b/2.txt", "b/c/3.txt", "c.txt", "b-side.txt")) bucket.put(k, bytes(k));
        assertThat(keys(bucket.list(ListRequest.all()))).containsExactly("a.txt", "b-side.txt", "b/1.txt", "b/2.txt", "b/c/3.txt", "c.txt");
        assertThat(keys(bucket.list(ListRequest.prefix("b/")))).containsExactly("b/1.txt", "b/2.txt", "b/c/3.txt");
        assertThat(keys(bucket.list(ListRequest.prefix("b")))).containsExactly("b-side.txt", "b/1.txt", "b/2.txt", "b/c/3.txt");

        ListPage root = bucket.list(ListRequest.all().withDelimiter("/"));
        assertThat(keys(root)).containsExactly("a.txt", "b-side.txt", "c.txt");
        assertThat(root.commonPrefixes()).containsExactly("b/");
        ListPage inB = bucket.list(ListRequest.prefix("b/").withDelimiter("/"));
        assertThat(keys(inB)).containsExactly("b/1.txt", "b/2.txt");
        assertThat(inB.commonPrefixes()).containsExactly("b/c/");
        ListPage partial = bucket.list(ListRequest.prefix("b/c").withDelimiter("/"));
        assertThat(keys(partial)).isEmpty();
        assertThat(partial.commonPrefixes()).containsExactly("b/c/");

        ListPage summaries = bucket.list(ListRequest.prefix("a.txt"));
        assertThat(summaries.objects()).singleElement().satisfies(o -> {
            assertThat(o.size()).isEqualTo(5);
            assertThat(o.eTag()).isEqualTo(md5(bytes("a.txt")));
            assertThat(o.lastModified()).isNotNull();
        });
        assertThat(bucket.list(ListRequest.prefix("nothing/")).objects()).isEmpty();
        assertThat(bucket.list(ListRequest.all().withMaxKeys(0)).objects()).isEmpty();
        assertThat(bucket.list(ListRequest.all().withStartAfter("b/2.txt")).objects()).extracting(ObjectSummary::key).containsExactly("b/c/3.txt", "c.txt");
    }

    @Test
    void listingsArePagedWithContinuationTokens() {
        List<String> all = new ArrayList<>();
        for (int i = 0; i < 23; i++) all.add(String.format("p/%02d.txt", i));
        for (String k : all) bucket.put(k, bytes(k));
        List<String> seen = new ArrayList<>();
        ListRequest request = ListRequest.prefix("p/").withMaxKeys(5);
        int pages = 0;
        while (true) {
            ListPage page = bucket.list(request);
            pages++;
            assertThat(page.objects().size()).isLessThanOrEqualTo(5);
            seen.addAll(keys(page));
            if (!page.isTruncated()) break;
            request = request.withContinuationToken(page.nextContinuationToken());
        }
        assertThat(seen).containsExactlyElementsOf(all);
        assertThat(pages).isEqualTo(5);
        assertThat(bucket.objects("p/").map(ObjectSummary::key).toList()).containsExactlyElementsOf(all);
    }

    @Test
    void commonPrefixesArePagedToo() {
        for (int i = 0; i < 7; i++) bucket.put("dir" + i + "/x.txt", bytes("x"));
        bucket.put("top.txt", bytes("t"));
        List<String> prefixes = new ArrayList<>();
        List<String> objects = new ArrayList<>();
        ListRequest request = ListRequest.all().withDelimiter("/").withMaxKeys(3);
        while (true) {
            ListPage page = bucket.list(request);
            assertThat(page.objects().size() + page.commonPrefixes().size()).isLessThanOrEqualTo(3);
            prefixes.addAll(page.commonPrefixes());
            objects.addAll(keys(page));
            if (!page.isTruncated()) break;
            request = request.withContinuationToken(page.nextContinuationToken());
        }
        assertThat(prefixes).containsExactly("dir0/", "dir1/", "dir2/", "dir3/", "dir4/", "dir5/", "dir6/");
        assertThat(objects).containsExactly("top.txt");
    }

    @Test
    void listingsAreInUtf8ByteOrder() {
        // UTF-16 order would put U+FF5E before U+1F600; UTF-8 (S3) puts it after
        List<String> keys = List.of("Z", "a", "é", "日本", "\uFF5E", "\uD83D\uDE00");
        for (String k : keys) bucket.put("u/" + k, bytes(k));
        List<String> expected = List.of("u/Z", "u/a", "u/é", "u/日本", "u/\uFF5E", "u/\uD83D\uDE00");
        if (listsInUtf8Order()) assertThat(keys(bucket.list(ListRequest.prefix("u/")))).containsExactlyElementsOf(expected);
        else assertThat(keys(bucket.list(ListRequest.prefix("u/")))).containsExactlyInAnyOrderElementsOf(expected);
    }

    // ---- large streams and multipart uploads ----

    @Test
    void aLargeStreamOfUnknownLengthIsStoredWhole() throws IOException {
        byte[] data = random(12 * 1024 * 1024 + 123, 42);
        InputStream unknownLength = new InputStream() {
            private final ByteArrayInputStream in = new ByteArrayInputStream(data);

            @Override
            public int read() {
                return in.read();
            }

            @Override
            public int read(byte[] b, int off, int len) {
                return in.read(b, off, Math.min(len, 100_000)); // short reads, as a network stream gives
            }
        };
        ObjectInfo info = bucket.put("large/blob.bin", unknownLength, PutOptions.none());
        assertThat(info.size()).isEqualTo(data.length);
        try (ObjectContent c = bucket.get("large/blob.bin")) {
            assertThat(md5(c.stream().readAllBytes())).isEqualTo(md5(data));
            assertThat(c.info().eTag()).isEqualTo(info.eTag());
        }
        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.eventName()).isEqualTo(ETags.isMultipart(info.eTag()) ? BucketEvent.COMPLETE_MULTIPART_UPLOAD : BucketEvent.PUT);
            assertThat(e.key()).isEqualTo("large/blob.bin");
            assertThat(e.size()).isEqualTo(data.length);
            assertThat(e.eTag()).isEqualTo(info.eTag());
        });
    }

    @Test
    void multipartUploadsJoinTheirParts() {
        byte[] p1 = random(5 * 1024 * 1024, 1);
        byte[] p2 = random(5 * 1024 * 1024, 2);
        byte[] p3 = bytes("the end");
        MultipartUpload upload = bucket.startUpload("mp/joined.bin", PutOptions.none().withContentType("application/x-parts").withMetadata(Map.of("m", "v")));
        MultipartUpload other = bucket.startUpload("mp/aborted.bin", PutOptions.none());
        assertThat(bucket.uploads("mp/")).extracting(UploadInfo::uploadId).contains(upload.uploadId(), other.uploadId());
        PartInfo i3 = upload.uploadPart(3, p3);
        PartInfo i1 = upload.uploadPart(1, p1);
        PartInfo i2 = upload.uploadPart(2, p2);
        assertThat(i1.eTag()).isEqualTo(md5(p1));
        assertThat(upload.parts()).extracting(PartInfo::partNumber).containsExactly(1, 2, 3);
        assertThat(bucket.exists("mp/joined.bin")).isFalse();
        assertThat(events).isEmpty();

        ObjectInfo info = upload.complete(List.of(new PartETag(1, i1.eTag()), new PartETag(2, ETags.quote(i2.eTag())), new PartETag(3, i3.eTag())));
        assertThat(info.eTag()).isEqualTo(ETags.multipart(List.of(md5(p1), md5(p2), md5(p3)))).endsWith("-3");
        assertThat(info.size()).isEqualTo(p1.length + p2.length + p3.length);
        byte[] all = bucket.get("mp/joined.bin").readAllBytes();
        assertThat(Arrays.copyOfRange(all, p1.length + p2.length, all.length)).isEqualTo(p3);
        assertThat(md5(all)).isEqualTo(md5(concat(p1, p2, p3)));
        ObjectInfo head = bucket.head("mp/joined.bin");
        assertThat(head.eTag()).isEqualTo(info.eTag());
        assertThat(head.contentType()).isEqualTo("application/x-parts");
        assertThat(head.metadata()).containsEntry("m", "v");
        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.eventName()).isEqualTo(BucketEvent.COMPLETE_MULTIPART_UPLOAD);
            assertThat(e.eTag()).isEqualTo(info.eTag());
        });

        other.uploadPart(1, bytes("never"));
        other.abort();
        assertThat(bucket.uploads("mp/")).isEmpty();
        assertThat(bucket.exists("mp/aborted.bin")).isFalse();
        if (refusesPartsOfUnknownUploads()) {
            assertThatThrownBy(() -> other.uploadPart(2, bytes("late"))).isInstanceOf(NotFoundException.class);
            assertThatThrownBy(() -> bucket.upload("mp/x", "not-an-upload-id").parts()).isInstanceOf(NotFoundException.class);
        }
    }

    @Test
    void aCompletionNamingWrongPartsIsRefused() {
        MultipartUpload upload = bucket.startUpload("mp/wrong.bin", PutOptions.none());
        PartInfo p1 = upload.uploadPart(1, bytes("one"));
        assertThatThrownBy(() -> upload.complete(List.of(new PartETag(1, md5(bytes("other")))))).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> upload.complete(List.of(new PartETag(1, p1.eTag()), new PartETag(2, p1.eTag())))).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> upload.complete(List.of())).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> upload.uploadPart(0, bytes("x"))).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> upload.uploadPart(10_001, bytes("x"))).isInstanceOf(InvalidInputException.class);
        assertThat(bucket.exists("mp/wrong.bin")).isFalse();
        upload.abort();
    }

    private static byte[] concat(byte[]... parts) {
        int n = Arrays.stream(parts).mapToInt(p -> p.length).sum();
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }

    // ---- atomic appearance ----

    @Test
    void aConcurrentReaderNeverSeesAPartialObject() throws Exception {
        int size = 512 * 1024;
        byte[] a = new byte[size];
        byte[] b = new byte[size];
        Arrays.fill(a, (byte) 'a');
        Arrays.fill(b, (byte) 'b');
        Map<String, byte[]> versions = Map.of(md5(a), a, md5(b), b);
        bucket.put("atomic.bin", a);
        AtomicBoolean stop = new AtomicBoolean();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        AtomicInteger reads = new AtomicInteger();
        Thread reader = new Thread(() -> {
            while (!stop.get()) {
                try (ObjectContent c = bucket.get("atomic.bin")) {
                    byte[] got = c.stream().readAllBytes();
                    if (!Arrays.equals(got, a) && !Arrays.equals(got, b)) {
                        throw new AssertionError("read " + got.length + " bytes that are neither version whole");
                    }
                    if (describesWhatItReadsUnderConcurrentWrites() && !Arrays.equals(got, versions.get(c.info().eTag()))) {
                        throw new AssertionError("read a whole version, but not the one its ETag " + c.info().eTag() + " names");
                    }
                    reads.incrementAndGet();
                } catch (UnavailableException busy) {
                    // "keeps changing while being read: try again" is an answer the contract allows a reader of a key
                    // rewritten without pause; a partial object is not
                } catch (Throwable t) {
                    failure.compareAndSet(null, t);
                    return;
                }
            }
        });
        reader.start();
        Instant end = Instant.now().plus(Duration.ofMillis(1000));
        Instant giveUp = Instant.now().plus(Duration.ofSeconds(30));
        int writes = 0;
        // a second, ten writes at least, and until the reader has read once: a loaded machine may start its thread late
        while ((Instant.now().isBefore(end) || writes < 10 || reads.get() == 0) && failure.get() == null && Instant.now().isBefore(giveUp)) {
            bucket.put("atomic.bin", writes++ % 2 == 0 ? b : a);
        }
        stop.set(true);
        reader.join(10_000);
        assertThat(failure.get()).isNull();
        assertThat(reads.get()).isPositive();
    }

    // ---- keys ----

    @Test
    void unusualButValidKeysRoundTrip() {
        List<String> keys = List.of("100% sure.txt", "a%2Fb", "spaces and + plus", "日本語/ファイル.png", "emoji 😀.txt",
                "quote\"and'apostrophe", "semi;colon,comma=equals&amp", "tab-less~tilde#hash?question", "x".repeat(200) + "/y");
        for (String k : keys) bucket.put(k, bytes(k));
        for (String k : keys) assertThat(new String(bucket.get(k).readAllBytes(), StandardCharsets.UTF_8)).as(k).isEqualTo(k);
        assertThat(bucket.objects("").map(ObjectSummary::key).collect(Collectors.toSet())).containsExactlyInAnyOrderElementsOf(keys);
    }

    @Test
    void keysNoBackendCanHoldSafelyAreRefused() {
        List<String> hostile = List.of("", "nul\0byte", "new\nline", "carriage\rreturn", "bell\u0007", "del\u007f",
                "x".repeat(1025), "é".repeat(513), "lone \uD800 surrogate");
        for (String k : hostile) {
            assertThatThrownBy(() -> bucket.put(k, bytes("x"))).as(k).isInstanceOf(InvalidInputException.class);
            assertThatThrownBy(() -> bucket.get(k)).as(k).isInstanceOf(InvalidInputException.class);
            assertThatThrownBy(() -> bucket.delete(k)).as(k).isInstanceOf(InvalidInputException.class);
        }
        assertThat(bucket.list(ListRequest.all()).objects()).isEmpty();
        assertThat(events).isEmpty();
    }

    // ---- events ----

    @Test
    void everyWriteRaisesOneEvent() {
        ObjectInfo put = bucket.put("e/one.txt", bytes("one"));
        bucket.copy("e/one.txt", "e/two.txt");
        bucket.delete("e/one.txt");
        assertThat(events).extracting(BucketEvent::eventName).containsExactly(BucketEvent.PUT, BucketEvent.COPY, BucketEvent.DELETE);
        BucketEvent first = events.get(0);
        assertThat(first.bucket()).isEqualTo("contract");
        assertThat(first.key()).isEqualTo("e/one.txt");
        assertThat(first.eTag()).isEqualTo(put.eTag());
        assertThat(first.size()).isEqualTo(3);
        assertThat(first.source()).isEqualTo(BucketEvent.Source.INKWELL);
        assertThat(events.get(1).key()).isEqualTo("e/two.txt");
        assertThat(events.get(1).eTag()).isEqualTo(put.eTag());
        assertThat(events.get(2).isRemoved()).isTrue();
        assertThat(events.get(0).sequencer().compareTo(events.get(2).sequencer())).isNegative();
    }

    @Test
    void aFailingListenerCannotFailTheWrite() {
        buckets.events().subscribe(e -> {
            throw new IllegalStateException("listener bug");
        });
        buckets.events().subscribe(e -> {
            throw new StackOverflowError("deeper listener bug");
        });
        ObjectInfo info = bucket.put("still-written.txt", bytes("x"));
        assertThat(bucket.head("still-written.txt").eTag()).isEqualTo(info.eTag());
        assertThat(buckets.events().listenerFailures()).isEqualTo(2);
        assertThat(events).hasSize(1);
    }

    @Test
    void failedWritesRaiseNoEvent() {
        assertThatThrownBy(() -> bucket.copy("missing", "target")).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> buckets.bucket("no-such-bucket").put("k", bytes("x"))).isInstanceOf(NotFoundException.class);
        assertThat(events).isEmpty();
    }
}
