package dev.inkwell.bucket.folder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.inkwell.bucket.Bucket;
import dev.inkwell.bucket.BucketInfo;
import dev.inkwell.bucket.Buckets;
import dev.inkwell.bucket.ETags;
import dev.inkwell.bucket.ListRequest;
import dev.inkwell.bucket.ObjectContent;
import dev.inkwell.bucket.ObjectInfo;
import dev.inkwell.bucket.ObjectSummary;
import dev.inkwell.bucket.PutOptions;
import dev.inkwell.core.ConflictException;
import dev.inkwell.core.InvalidInputException;
import dev.inkwell.core.NotFoundException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.security.MessageDigest;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the folder backend does beyond the contract: plain files other programs share, and keys kept inside. */
class FolderStoreTest {
    @TempDir
    Path temp;
    Path root;
    Buckets buckets;
    Bucket bucket;
    Path dir;

    @BeforeEach
    void open() {
        root = temp.resolve("buckets");
        buckets = Buckets.folder(root);
        bucket = buckets.create("photos");
        dir = root.resolve("photos");
    }

    @AfterEach
    void close() {
        buckets.close();
    }

    static String md5(byte[] b) throws Exception {
        return ETags.hex(MessageDigest.getInstance("MD5").digest(b));
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Regression (CI): a batch delete pruned the folder "d" while the check of "d/missing" resolved it. */
    @Test
    void deletesAndPutsInOneFolderRaceWithoutErrors() throws Exception {
        var pool = Executors.newFixedThreadPool(4);
        try {
            for (int round = 0; round < 200; round++) {
                String folder = "d" + (round % 3) + "/";
                bucket.put(folder + "1", bytes("1"));
                bucket.put(folder + "2", bytes("2"));
                List<Future<?>> work = List.of(
                        pool.submit(() -> bucket.delete(folder + "1")),
                        pool.submit(() -> bucket.delete(folder + "2")),
                        pool.submit(() -> bucket.delete(folder + "missing")),
                        pool.submit(() -> bucket.put(folder + "3", bytes("3"))));
                for (var w : work) w.get();
                assertThat(bucket.objects(folder).map(ObjectSummary::key).toList()).containsExactly(folder + "3");
                bucket.delete(folder + "3");
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void objectsArePlainFilesAndNothingElseIsInTheBucketFolder() throws Exception {
        bucket.put("2026/digits/7.png", bytes("seven"));
        assertThat(dir.resolve("2026/digits/7.png")).hasContent("seven");
        try (Stream<Path> files = Files.walk(dir)) {
            assertThat(files.filter(Files::isRegularFile).toList()).containsExactly(dir.resolve("2026/digits/7.png"));
        }
        assertThat(buckets.describe()).isEqualTo("folder " + root.toAbsolutePath().normalize());
    }

    @Test
    void aFileDroppedInByAnotherProgramIsAnObject() throws Exception {
        Files.createDirectories(dir.resolve("in"));
        Files.write(dir.resolve("in/dropped.csv"), bytes("label,pixel0\n3,0\n"));
        ObjectInfo info = bucket.head("in/dropped.csv");
        assertThat(info.eTag()).isEqualTo(md5(bytes("label,pixel0\n3,0\n")));
        assertThat(info.contentType()).isEqualTo("text/csv");
        assertThat(info.metadata()).isEmpty();
        assertThat(bucket.list(ListRequest.prefix("in/")).objects()).extracting(ObjectSummary::key).containsExactly("in/dropped.csv");
        assertThat(bucket.get("in/dropped.csv").readAllBytes()).isEqualTo(bytes("label,pixel0\n3,0\n"));
    }

    @Test
    void metadataNeverDescribesAFileAnotherProgramReplaced() throws Exception {
        bucket.put("k.bin", new ByteArrayInputStream(bytes("inkwell's")), PutOptions.none().withContentType("application/x-mine").withMetadata(Map.of("a", "1")));
        Path file = dir.resolve("k.bin");
        FileTime before = Files.getLastModifiedTime(file);
        Files.write(file, bytes("someone else's, same size? no"));
        Files.setLastModifiedTime(file, before); // even with the old time
        ObjectInfo info = bucket.head("k.bin");
        assertThat(info.eTag()).isEqualTo(md5(bytes("someone else's, same size? no")));
        assertThat(info.metadata()).isEmpty();
        assertThat(info.contentType()).isEqualTo("application/octet-stream");
    }

    @Test
    void keysThatAreNotPlainRelativePathsAreRefused() {
        List<String> hostile = List.of("../escape.txt", "a/../../escape.txt", "/etc/passwd", "a//b", "./a", "a/./b", "a/..", "..",
                "folder/", ".inkwell-tmp-123.part", "a/.inkwell-x", "x".repeat(256), "ok/" + "y".repeat(256) + "/z");
        for (String key : hostile) {
            assertThatThrownBy(() -> bucket.put(key, bytes("x"))).as(key).isInstanceOf(InvalidInputException.class);
            assertThatThrownBy(() -> bucket.head(key)).as(key).isInstanceOf(InvalidInputException.class);
            assertThatThrownBy(() -> bucket.delete(key)).as(key).isInstanceOf(InvalidInputException.class);
            assertThatThrownBy(() -> bucket.startUpload(key, PutOptions.none())).as(key).isInstanceOf(InvalidInputException.class);
        }
        assertThat(root.getParent().resolve("escape.txt")).doesNotExist();
        assertThat(bucket.list(ListRequest.all()).objects()).isEmpty();
        // a key may hold dots, just not as a whole segment
        bucket.put("..hidden/a..b/.c", bytes("fine"));
        assertThat(bucket.exists("..hidden/a..b/.c")).isTrue();
    }

    @Test
    void aSymbolicLinkOutOfTheBucketLeadsNowhere() throws Exception {
        Path outside = Files.createDirectories(temp.resolve("outside"));
        Files.writeString(outside.resolve("secret.txt"), "secret");
        Files.createSymbolicLink(dir.resolve("link"), outside);
        Files.createSymbolicLink(dir.resolve("file-link"), outside.resolve("secret.txt"));
        assertThatThrownBy(() -> bucket.get("link/secret.txt")).isInstanceOf(InvalidInputException.class).hasMessageContaining("symbolic link");
        assertThatThrownBy(() -> bucket.put("link/new.txt", bytes("x"))).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> bucket.get("file-link")).isInstanceOf(NotFoundException.class);
        assertThat(bucket.list(ListRequest.all()).objects()).isEmpty();
        assertThat(outside.resolve("new.txt")).doesNotExist();
    }

    @Test
    void aKeyThatIsAFolderOfOtherKeysClashes() {
        bucket.put("a", bytes("a file"));
        assertThatThrownBy(() -> bucket.put("a/b", bytes("x"))).isInstanceOf(ConflictException.class).hasMessageContaining("is an object");
        bucket.put("x/y", bytes("y"));
        assertThatThrownBy(() -> bucket.put("x", bytes("x"))).isInstanceOf(ConflictException.class).hasMessageContaining("folder of other keys");
        assertThat(bucket.get("a").readAllBytes()).isEqualTo(bytes("a file"));
        assertThat(bucket.get("x/y").readAllBytes()).isEqualTo(bytes("y"));
    }

    @Test
    void deletingTheLastKeyOfAFolderRemovesTheFolder() {
        bucket.put("deep/er/est.txt", bytes("x"));
        bucket.put("deep/keep.txt", bytes("x"));
        bucket.delete("deep/er/est.txt");
        assertThat(dir.resolve("deep/er")).doesNotExist();
        assertThat(dir.resolve("deep")).isDirectory();
        bucket.delete("deep/keep.txt");
        assertThat(dir.resolve("deep")).doesNotExist();
        assertThat(dir).isDirectory();
    }

    @Test
    void foldersThatHoldNoObjectAreNoCommonPrefix() throws IOException {
        Files.createDirectories(dir.resolve("empty/inside"));
        bucket.put("full/x.txt", bytes("x"));
        assertThat(bucket.list(ListRequest.all().withDelimiter("/")).commonPrefixes()).containsExactly("full/");
        buckets.bucket("photos").delete("full/x.txt");
        buckets.delete("photos"); // only empty folders are left: the bucket counts as empty
        assertThat(dir).doesNotExist();
    }

    @Test
    void inkwellsOwnFilesAreNeverObjects() throws IOException {
        Files.writeString(dir.resolve(".inkwell-leftover.part"), "half");
        bucket.put("real.txt", bytes("x"));
        assertThat(bucket.list(ListRequest.all()).objects()).extracting(ObjectSummary::key).containsExactly("real.txt");
        assertThat(buckets.list()).extracting(BucketInfo::name).containsExactly("photos");
    }

    @Test
    void foldersThatAreNotValidBucketNamesAreNotBuckets() throws IOException {
        Files.createDirectories(root.resolve("My Documents"));
        Files.createDirectories(root.resolve("UPPER"));
        Files.writeString(root.resolve("a-file"), "x");
        assertThat(buckets.list()).extracting(BucketInfo::name).containsExactly("photos");
    }

    @Test
    void continuationTokensThatThisBucketDidNotGiveAreRefused() {
        bucket.put("k", bytes("x"));
        for (String token : List.of("garbage", "k1.!!!", "k1." + "A".repeat(5000), "k1.AA", "k1.wA")) {
            assertThatThrownBy(() -> bucket.list(ListRequest.all().withContinuationToken(token))).as(token).isInstanceOf(InvalidInputException.class);
        }
    }

    @Test
    void prefixesThatNoKeyCouldMatchListNothing() {
        bucket.put("a/b.txt", bytes("x"));
        for (String prefix : List.of("../", "/a", "a//", "../../etc/", "a/../")) {
            assertThat(bucket.list(ListRequest.prefix(prefix)).objects()).as(prefix).isEmpty();
            assertThat(bucket.list(ListRequest.prefix(prefix).withDelimiter("/")).commonPrefixes()).as(prefix).isEmpty();
        }
    }

    @Test
    void uploadIdsThatAreNotOursAreNotFound() {
        for (String id : List.of("../../etc", "0123456789abcdef0123456789abcdef/../x", "", "x".repeat(2000), "DEADBEEFDEADBEEFDEADBEEFDEADBEEF")) {
            assertThatThrownBy(() -> bucket.upload("k", id).parts()).as(id).isInstanceOf(NotFoundException.class);
        }
        var upload = bucket.startUpload("k", PutOptions.none());
        assertThatThrownBy(() -> bucket.upload("other-key", upload.uploadId()).parts()).isInstanceOf(NotFoundException.class);
        upload.abort();
    }

    private long sidecars() throws IOException {
        Path meta = root.resolve(".inkwell/meta");
        if (!Files.isDirectory(meta)) return 0;
        try (Stream<Path> files = Files.walk(meta)) {
            return files.filter(Files::isRegularFile).count();
        }
    }

    private static boolean hasDescription(Path file) {
        try {
            UserDefinedFileAttributeView view = Files.getFileAttributeView(file, UserDefinedFileAttributeView.class);
            return view != null && view.list().contains("inkwell.object");
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    @Test
    void aSmallObjectThatItsFileDescribesKeepsNoSidecar() throws Exception {
        bucket.put("pics/7.png", bytes("png bytes"), "image/png");
        assertThat(sidecars()).isZero();
        assertThat(hasDescription(dir.resolve("pics/7.png"))).isFalse();
        ObjectInfo info = bucket.head("pics/7.png");
        assertThat(info.eTag()).isEqualTo(md5(bytes("png bytes")));
        assertThat(info.contentType()).isEqualTo("image/png");
        assertThat(info.metadata()).isEmpty();
        bucket.head("pics/7.png"); // reading it remembers nothing either: hashing 9 bytes is cheaper than a file
        assertThat(sidecars()).isZero();
        try (ObjectContent content = bucket.get("pics/7.png")) {
            assertThat(content.info().eTag()).isEqualTo(md5(bytes("png bytes")));
            assertThat(content.stream().readAllBytes()).isEqualTo(bytes("png bytes"));
        }
        assertThat(Files.getPosixFilePermissions(dir.resolve("pics/7.png"))).isEqualTo(PosixFilePermissions.fromString("rw-r--r--"));
    }

    @Test
    void whatTheFileCannotSayIsKeptBesideIt() throws Exception {
        bucket.put("a.png", new ByteArrayInputStream(bytes("x")), PutOptions.none().withMetadata(Map.of("inkwell-origin", "trigger/t")));
        bucket.put("b.png", bytes("x"), "application/x-not-a-png");
        byte[] large = new byte[(int) FolderStore.SELF_DESCRIBED_MAX_BYTES + 1];
        bucket.put("c.bin", large);
        // in an extended attribute of each file where the file system keeps them (no second file), else in sidecars
        long inAttributes = Stream.of("a.png", "b.png", "c.bin").filter(k -> hasDescription(dir.resolve(k))).count();
        assertThat(inAttributes + sidecars()).isEqualTo(3);
        assertThat(bucket.head("a.png").metadata()).containsEntry("inkwell-origin", "trigger/t");
        assertThat(bucket.head("b.png").contentType()).isEqualTo("application/x-not-a-png");
        assertThat(bucket.head("c.bin").eTag()).isEqualTo(md5(large));
        // replaced by a version without metadata: the old sidecar describes nothing any more
        bucket.put("a.png", bytes("y"), "image/png");
        assertThat(bucket.head("a.png").metadata()).isEmpty();
        assertThat(bucket.head("a.png").eTag()).isEqualTo(md5(bytes("y")));
    }

    @Test
    void noTemporaryFileOutlivesAPut() throws Exception {
        for (int i = 0; i < 20; i++) bucket.put("k" + i + ".txt", bytes("v" + i));
        assertThatThrownBy(() -> bucket.put("short.txt", new ByteArrayInputStream(bytes("abc")), PutOptions.none().withLength(10)))
                .isInstanceOf(InvalidInputException.class);
        bucket.put("meta.txt", new ByteArrayInputStream(bytes("m")), PutOptions.none().withMetadata(Map.of("a", "1")));
        try (Stream<Path> files = Files.walk(root.resolve(".inkwell"))) {
            assertThat(files.filter(Files::isRegularFile).map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".part")).toList()).isEmpty();
        }
        assertThat(bucket.exists("short.txt")).isFalse();
    }

    @Test
    void theLocationStringOpensTheRightBackend() {
        try (Buckets b = Buckets.open(root.toString())) {
            assertThat(b.store()).isInstanceOf(FolderStore.class);
            assertThat(b.exists("photos")).isTrue();
        }
        try (Buckets b = Buckets.open(root.toUri().toString())) {
            assertThat(b.exists("photos")).isTrue();
        }
        assertThatThrownBy(() -> Buckets.open("gs://elsewhere")).isInstanceOf(InvalidInputException.class).hasMessageContaining("not a buckets location");
        assertThatThrownBy(() -> Buckets.open("s3://my-bucket/prefix")).isInstanceOf(InvalidInputException.class).hasMessageContaining("takes no bucket");
        assertThatThrownBy(() -> Buckets.open("s3://?endpoint=ftp://x")).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> Buckets.open("s3://?colour=blue")).isInstanceOf(InvalidInputException.class).hasMessageContaining("unknown setting");
    }
}
