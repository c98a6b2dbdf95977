package dev.inkwell.bucket.folder;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.inkwell.bucket.BucketInfo;
import dev.inkwell.bucket.BucketNames;
import dev.inkwell.bucket.BucketStore;
import dev.inkwell.bucket.ByteRange;
import dev.inkwell.bucket.ChecksumMismatchException;
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
import dev.inkwell.core.AtomicFiles;
import dev.inkwell.core.ConflictException;
import dev.inkwell.core.InkwellException;
import dev.inkwell.core.InputLocation;
import dev.inkwell.core.InvalidInputException;
import dev.inkwell.core.Json;
import dev.inkwell.core.NotFoundException;
import dev.inkwell.core.Texts;
import dev.inkwell.core.UnavailableException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BiFunction;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded default: bucket {@code NAME} is the folder {@code ROOT/NAME} and key {@code a/b.png} the plain file
 * {@code ROOT/NAME/a/b.png}, so other programs can read the objects and drop files in (the first read of such a file
 * computes its ETag and remembers it).
 *
 * <p>Writes stream into a temporary file under {@code ROOT/.inkwell/tmp} (never in a bucket, so listings and
 * watchers never see it), computing the MD5 on the way, and appear by an atomic rename: a reader sees the old object
 * or the new one, never a part. ETag, content type and user metadata are kept as JSON together with the file's size,
 * time and identity, in the file's own extended attribute {@code user.inkwell.object} where the file system keeps
 * them (set on the staged file, so they appear with it), else as a sidecar file under {@code ROOT/.inkwell/meta}
 * (also read for objects written before); they describe the file only while those match. A small object
 * without user metadata, of the content type its key suggests, keeps none: its file says all (the ETag is its MD5,
 * hashed again when read). Multipart
 * uploads keep their parts under {@code ROOT/.inkwell/uploads} until completed.
 *
 * <p>What S3 allows but a file system cannot hold is refused: keys that are not relative paths (see
 * {@link FolderKeys}), and a key that is a folder of other keys ({@code a} beside {@code a/b}), a conflict.
 */
public final class FolderStore implements BucketStore {
    private static final Logger LOG = LoggerFactory.getLogger(FolderStore.class);
    /** The buckets folder's own state; a dot name is never a valid bucket name, so it cannot clash with one. */
    static final String STATE = ".inkwell";
    private static final String TOKEN_VERSION = "k1.";
    private static final Pattern UPLOAD_ID = Pattern.compile("[0-9a-f]{32}");
    private static final int BUFFER = 1 << 16;
    /** How long a sidecar may precede its file: far more than a rename takes. */
    private static final Duration PENDING_WRITE = Duration.ofSeconds(10);
    private static final int ATTEMPTS = 5;
    /** Objects up to this size without metadata of their own keep no sidecar (see {@link #needsSidecar}). */
    static final long SELF_DESCRIBED_MAX_BYTES = 64 << 10;
    /**
     * {@code -Dinkwell.buckets.attributes=false} keeps descriptions in sidecar files even where the file system has
     * user extended attributes (a file system whose attributes misbehave; the tests of the sidecar path).
     */
    public static final String ATTRIBUTES_PROPERTY = "inkwell.buckets.attributes";
    /** The user extended attribute that holds an object's description (a sidecar's JSON). */
    private static final String ATTRIBUTE = "inkwell.object";
    private static final int ATTRIBUTE_MAX_BYTES = 16 << 10;
    private static final Set<PosixFilePermission> READABLE = PosixFilePermissions.fromString("rw-r--r--");
    private static final int LOCK_STRIPES = 64;
    private static final ObjectMapper JSON = Json.mapper();
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path root;
    private final Path tmp;
    private final Path meta;
    private final Path uploads;
    private final ReentrantLock[] locks = new ReentrantLock[LOCK_STRIPES];
    /** Temporary files are named by this store's random prefix and a counter: no random draw per file. */
    private final String tempPrefix;
    private final AtomicLong tempCounter = new AtomicLong();
    /** Whether files get POSIX permissions here (asked once: asking reads the mount table). */
    private final boolean posix;
    /**
     * Whether an object's description goes into an extended attribute of its own file ({@value #ATTRIBUTE}) rather
     * than a sidecar file: no second file (and inode) per object, and it moves with the file.
     */
    private final boolean attributes;
    /** Whether this process's umask takes bits from rw-r--r-- (learnt from the first file made), so each needs a chmod. */
    private volatile Boolean umaskNarrows;

    public FolderStore(Path root) {
        this.root = root.toAbsolutePath().normalize();
        Path state = this.root.resolve(STATE);
        this.tmp = state.resolve("tmp");
        this.meta = state.resolve("meta");
        this.uploads = state.resolve("uploads");
        for (int i = 0; i < locks.length; i++) locks[i] = new ReentrantLock();
        byte[] random = new byte[6];
        RANDOM.nextBytes(random);
        this.tempPrefix = HexFormat.of().formatHex(random) + "-";
        try {
            Files.createDirectories(this.root);
            Files.createDirectories(tmp);
            this.posix = Files.getFileStore(tmp).supportsFileAttributeView(PosixFileAttributeView.class);
            this.attributes = !"false".equals(System.getProperty(ATTRIBUTES_PROPERTY)) && attributesWork();
        } catch (IOException e) {
            throw new UnavailableException("cannot create the buckets folder " + this.root + ": " + e.getMessage(), e);
        }
    }

    public Path root() {
        return root;
    }

    /** The folder of a bucket (whether or not it exists). */
    public Path bucketFolder(String bucket) {
        return root.resolve(BucketNames.check(bucket));
    }

    /** The file of an object (whether or not it exists); refuses keys a folder bucket cannot hold. */
    public Path objectFile(String bucket, String key) {
        return FolderKeys.resolve(bucketFolder(bucket), key);
    }

    @Override
    public String describe() {
        return "folder " + root;
    }

    // ---- buckets ----

    @Override
    public List<BucketInfo> listBuckets() {
        List<BucketInfo> out = new ArrayList<>();
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(root)) {
            for (Path d : dirs) {
                String name = d.getFileName().toString();
                if (!BucketNames.isValid(name) || !Files.isDirectory(d)) continue;
                out.add(new BucketInfo(name, Files.readAttributes(d, BasicFileAttributes.class).creationTime().toInstant()));
            }
        } catch (IOException e) {
            throw io("cannot list " + root, e);
        }
        out.sort(Comparator.comparing(BucketInfo::name));
        return out;
    }

    @Override
    public boolean bucketExists(String bucket) {
        return Files.isDirectory(bucketFolder(bucket));
    }

    @Override
    public void createBucket(String bucket) {
        Path dir = bucketFolder(bucket);
        try {
            Files.createDirectory(dir);
        } catch (FileAlreadyExistsException e) {
            throw new ConflictException("bucket " + bucket + " already exists");
        } catch (IOException e) {
            throw io("cannot create bucket " + bucket, e);
        }
    }

    @Override
    public void deleteBucket(String bucket) {
        Path dir = existingBucket(bucket);
        if (containsObject(dir)) throw new ConflictException("bucket " + bucket + " is not empty: delete its objects first");
        try {
            deleteTree(uploads.resolve(bucket));
            deleteTree(meta.resolve(bucket));
            deleteTree(dir);
        } catch (DirectoryNotEmptyException e) {
            throw new ConflictException("bucket " + bucket + " is not empty: an object was written while it was being deleted");
        } catch (IOException e) {
            throw io("cannot delete bucket " + bucket, e);
        }
    }

    /** Deletes a folder tree of empty folders (and Inkwell's leftovers); fails on an object. */
    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) return;
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                if (e != null) throw e;
                Files.delete(d);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    private boolean containsObject(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.anyMatch(p -> isObjectFile(p));
        } catch (IOException | UncheckedIOException e) {
            throw new UnavailableException("cannot read " + dir + ": " + e.getMessage(), e);
        }
    }

    private static boolean isObjectFile(Path p) {
        return Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS) && !FolderKeys.isReserved(p.getFileName().toString());
    }

    private Path existingBucket(String bucket) {
        Path dir = bucketFolder(bucket);
        if (!Files.isDirectory(dir)) throw new NotFoundException("bucket " + bucket + ": no such bucket");
        return dir;
    }

    // ---- objects ----

    @Override
    public ObjectInfo put(String bucket, String key, InputStream content, PutOptions options) {
        Path dir = existingBucket(bucket);
        Path target = FolderKeys.resolve(dir, key);
        checkInside(dir, target, key);
        String guessed = ContentTypes.guess(key);
        String contentType = options.contentType() != null ? options.contentType() : guessed;
        Staged staged = stage(content, options.length(), options.contentMd5(), ObjectKeys.location(key));
        boolean committed = false;
        try {
            Sidecar sidecar = Sidecar.of(key, staged.state(), staged.eTag(), contentType, options.metadata());
            FileState state = commit(bucket, dir, key, target, staged.file(), sidecar, needsSidecar(sidecar, guessed));
            committed = true;
            return new ObjectInfo(bucket, key, state.size(), staged.eTag(), contentType, state.modified(), options.metadata());
        } finally {
            if (!committed) deleteQuietly(staged.file());
        }
    }

    /**
     * Whether the file alone cannot say what the sidecar does: a small object without user metadata whose content
     * type is the one its key suggests is described as well by its file (the ETag is its MD5, computed on reading
     * faster than a sidecar is read), so it gets none: one file written per object instead of two.
     */
    private static boolean needsSidecar(Sidecar sidecar, String guessedType) {
        return !sidecar.metadata().isEmpty() || !sidecar.contentType().equals(guessedType) || sidecar.size() > SELF_DESCRIBED_MAX_BYTES
                || ETags.isMultipart(sidecar.eTag());
    }

    @Override
    public ObjectContent get(String bucket, String key, ByteRange range) {
        Path dir = existingBucket(bucket);
        Path file = FolderKeys.resolve(dir, key);
        checkInside(dir, file, key);
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            FileChannel channel = null;
            try {
                FileState before = FileState.read(file);
                if (before == null) throw noSuchKey(bucket, key);
                channel = FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
                // the file opened is the one whose state we hold only if nothing replaced it meanwhile
                if (!before.equals(FileState.read(file))) continue;
                ObjectInfo info = objectInfo(bucket, key, file, before);
                if (info == null) continue;
                long first = 0;
                long length = info.size();
                if (range != null) {
                    long[] r = range.resolve(info.size());
                    first = r[0];
                    length = r[1] - r[0] + 1;
                    channel.position(first);
                }
                InputStream stream = new BoundedInputStream(Channels.newInputStream(channel), length);
                channel = null;
                return new ObjectContent(info, stream, first, length);
            } catch (NoSuchFileException e) {
                throw noSuchKey(bucket, key);
            } catch (IOException e) {
                throw io("cannot read " + bucket + "/" + key, e);
            } finally {
                if (channel != null) closeQuietly(channel);
            }
        }
        throw new UnavailableException(bucket + "/" + key + " keeps changing while being read: try again");
    }

    @Override
    public ObjectInfo head(String bucket, String key) {
        Path dir = existingBucket(bucket);
        Path file = FolderKeys.resolve(dir, key);
        checkInside(dir, file, key);
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            try {
                FileState state = FileState.read(file);
                if (state == null) throw noSuchKey(bucket, key);
                ObjectInfo info = objectInfo(bucket, key, file, state);
                if (info != null) return info;
            } catch (IOException e) {
                throw io("cannot read " + bucket + "/" + key, e);
            }
        }
        throw new UnavailableException(bucket + "/" + key + " keeps changing while being read: try again");
    }

    @Override
    public boolean delete(String bucket, String key) {
        Path dir = existingBucket(bucket);
        Path file = FolderKeys.resolve(dir, key);
        checkInside(dir, file, key);
        ReentrantLock lock = lock(bucket, key);
        lock.lock();
        try {
            if (FileState.read(file) == null) return false;
            boolean deleted = Files.deleteIfExists(file);
            Files.deleteIfExists(sidecarFile(bucket, key));
            pruneEmptyFolders(dir, file.getParent());
            return deleted;
        } catch (IOException e) {
            throw io("cannot delete " + bucket + "/" + key, e);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public ObjectInfo copy(String sourceBucket, String sourceKey, String bucket, String key, PutOptions replace) {
        try (ObjectContent source = get(sourceBucket, sourceKey, null)) {
            ObjectInfo s = source.info();
            PutOptions options = replace != null ? replace : new PutOptions(s.contentType(), s.metadata(), -1);
            return put(bucket, key, source.stream(), options.withLength(source.length()));
        } catch (IOException e) {
            throw io("cannot copy " + sourceBucket + "/" + sourceKey, e);
        }
    }

    // ---- listing ----

    @Override
    public ListPage list(String bucket, ListRequest request) {
        Path dir = existingBucket(bucket);
        String after = decodeToken(request.continuationToken());
        if (request.startAfter() != null && (after == null || ObjectKeys.ORDER.compare(request.startAfter(), after) > 0)) after = request.startAfter();
        if (request.maxKeys() == 0) return new ListPage(List.of(), List.of(), null);
        Path base = FolderKeys.folderOf(dir, request.prefix());
        PageCollector page = new PageCollector(request, after);
        if (base != null && Files.isDirectory(base, LinkOption.NOFOLLOW_LINKS)) {
            try {
                if ("/".equals(request.delimiter())) collectShallow(dir, base, page);
                else collectDeep(dir, base, page);
            } catch (IOException | UncheckedIOException e) {
                throw new UnavailableException("cannot list " + bucket + ": " + e.getMessage(), e);
            }
        }
        return page.toPage((key, file) -> summary(bucket, key, file));
    }

    /** With delimiter "/" a folder is a common prefix: only the prefix's own folder needs reading. */
    private void collectShallow(Path dir, Path base, PageCollector page) throws IOException {
        String folderKey = keyOf(dir, base);
        try (DirectoryStream<Path> children = Files.newDirectoryStream(base)) {
            for (Path child : children) {
                String name = child.getFileName().toString();
                if (FolderKeys.isReserved(name)) continue;
                String key = folderKey.isEmpty() ? name : folderKey + "/" + name;
                BasicFileAttributes a;
                try {
                    a = Files.readAttributes(child, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                } catch (NoSuchFileException e) {
                    continue; // deleted while listing
                }
                if (a.isRegularFile()) page.offerObject(key, child);
                else if (a.isDirectory() && page.wantsPrefix(key + "/") && containsObject(child)) page.offerPrefix(key + "/");
            }
        }
    }

    private void collectDeep(Path dir, Path base, PageCollector page) throws IOException {
        String prefix = page.request.prefix();
        Files.walkFileTree(base, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) {
                if (d.equals(base)) return FileVisitResult.CONTINUE;
                String folder = keyOf(dir, d) + "/";
                // only folders on the way to the prefix, or under it, can hold keys that match it
                return folder.startsWith(prefix) || prefix.startsWith(folder) ? FileVisitResult.CONTINUE : FileVisitResult.SKIP_SUBTREE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                if (attrs.isRegularFile() && !FolderKeys.isReserved(file.getFileName().toString())) page.offerObject(keyOf(dir, file), file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                if (e instanceof NoSuchFileException) return FileVisitResult.CONTINUE; // deleted while listing
                throw e;
            }
        });
    }

    private ObjectSummary summary(String bucket, String key, Path file) {
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            try {
                FileState state = FileState.read(file);
                if (state == null) return null; // deleted while listing
                ObjectInfo info = objectInfo(bucket, key, file, state);
                if (info != null) return info.summary();
            } catch (IOException e) {
                throw io("cannot read " + bucket + "/" + key, e);
            }
        }
        return null;
    }

    private static String keyOf(Path dir, Path file) {
        return dir.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/");
    }

    static String encodeToken(String key) {
        return TOKEN_VERSION + Base64.getUrlEncoder().withoutPadding().encodeToString(key.getBytes(StandardCharsets.UTF_8));
    }

    static String decodeToken(String token) {
        if (token == null) return null;
        InputLocation where = InputLocation.file("continuation token \"" + Texts.abbreviate(token, 60) + "\"");
        if (!token.startsWith(TOKEN_VERSION) || token.length() > 2 * ObjectKeys.MAX_BYTES) throw new InvalidInputException(where, "not a token this bucket gave");
        try {
            String key = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(Base64.getUrlDecoder().decode(token.substring(TOKEN_VERSION.length())))).toString();
            if (!ObjectKeys.isValid(key)) throw new InvalidInputException(where, "not a token this bucket gave");
            return key;
        } catch (IllegalArgumentException | CharacterCodingException e) {
            throw new InvalidInputException(where, "not a token this bucket gave", e);
        }
    }

    // ---- multipart uploads ----

    @Override
    public String startUpload(String bucket, String key, PutOptions options) {
        Path dir = existingBucket(bucket);
        checkInside(dir, FolderKeys.resolve(dir, key), key);
        byte[] random = new byte[16];
        RANDOM.nextBytes(random);
        String id = HexFormat.of().formatHex(random);
        String contentType = options.contentType() != null ? options.contentType() : ContentTypes.guess(key);
        Upload upload = new Upload(key, contentType, options.metadata(), Instant.now().toString());
        Path folder = uploads.resolve(bucket).resolve(id);
        try {
            Files.createDirectories(folder);
            AtomicFiles.write(folder.resolve("upload.json"), out -> JSON.writeValue(out, upload));
        } catch (IOException e) {
            throw io("cannot start an upload to " + bucket + "/" + key, e);
        }
        return id;
    }

    /** What a multipart upload was started with; kept in its folder. */
    record Upload(String key, String contentType, Map<String, String> metadata, String initiated) {
    }

    /** A part's ETag, valid while its file has the state. */
    record Part(long size, long modifiedNanos, String fileKey, String eTag) {
    }

    private Path uploadFolder(String bucket, String key, String uploadId) {
        existingBucket(bucket);
        NotFoundException missing = new NotFoundException("upload " + Texts.abbreviate(uploadId, 40) + " of " + bucket + "/" + key + ": no such upload");
        if (!UPLOAD_ID.matcher(uploadId).matches()) throw missing;
        Path folder = uploads.resolve(bucket).resolve(uploadId);
        Upload upload = readUpload(folder);
        if (upload == null || !upload.key().equals(key)) throw missing;
        return folder;
    }

    private static Upload readUpload(Path folder) {
        try {
            return JSON.readValue(folder.resolve("upload.json").toFile(), Upload.class);
        } catch (IOException e) {
            return null;
        }
    }

    @Override
    public PartInfo uploadPart(String bucket, String key, String uploadId, int partNumber, InputStream content, long length, String contentMd5) {
        Path folder = uploadFolder(bucket, key, uploadId);
        Staged staged = stage(content, length, contentMd5, InputLocation.file("part " + partNumber + " of " + bucket + "/" + Texts.abbreviate(key, 80)));
        Path file = folder.resolve(String.format("%05d.part", partNumber));
        try {
            Files.move(staged.file(), file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            FileState s = staged.state();
            AtomicFiles.write(folder.resolve(String.format("%05d.json", partNumber)),
                    out -> JSON.writeValue(out, new Part(s.size(), s.modifiedNanos(), s.fileKey(), staged.eTag())));
            return new PartInfo(partNumber, staged.eTag(), s.size(), s.modified());
        } catch (NoSuchFileException e) {
            throw new NotFoundException("upload " + uploadId + " of " + bucket + "/" + key + ": no such upload (aborted?)");
        } catch (IOException e) {
            throw io("cannot store part " + partNumber + " of " + bucket + "/" + key, e);
        } finally {
            deleteQuietly(staged.file());
        }
    }

    @Override
    public List<PartInfo> listParts(String bucket, String key, String uploadId) {
        Path folder = uploadFolder(bucket, key, uploadId);
        List<PartInfo> parts = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(folder, "*.part")) {
            for (Path f : files) {
                String name = f.getFileName().toString();
                int number = Integer.parseInt(name.substring(0, name.indexOf('.')));
                PartInfo p = part(folder, number);
                if (p != null) parts.add(p);
            }
        } catch (IOException e) {
            throw io("cannot list the parts of upload " + uploadId, e);
        }
        parts.sort(Comparator.comparingInt(PartInfo::partNumber));
        return parts;
    }

    private PartInfo part(Path folder, int number) throws IOException {
        Path file = folder.resolve(String.format("%05d.part", number));
        FileState state = FileState.read(file);
        if (state == null) return null;
        Part stored = null;
        try {
            stored = JSON.readValue(folder.resolve(String.format("%05d.json", number)).toFile(), Part.class);
        } catch (IOException e) {
            // not written yet, or torn by a crash: the file itself says what the part is
        }
        String eTag = stored != null && new FileState(stored.size(), stored.modifiedNanos(), stored.fileKey()).equals(state)
                ? stored.eTag() : md5(file);
        return new PartInfo(number, eTag, state.size(), state.modified());
    }

    @Override
    public ObjectInfo completeUpload(String bucket, String key, String uploadId, List<PartETag> parts) {
        Path folder = uploadFolder(bucket, key, uploadId);
        Upload upload = readUpload(folder);
        Path dir = existingBucket(bucket);
        Path target = FolderKeys.resolve(dir, key);
        checkInside(dir, target, key);
        List<Path> files = new ArrayList<>();
        List<String> eTags = new ArrayList<>();
        try {
            for (PartETag p : parts) {
                PartInfo stored = part(folder, p.partNumber());
                InputLocation where = InputLocation.file("part " + p.partNumber() + " of upload " + uploadId);
                if (stored == null) throw new InvalidInputException(where, "was never uploaded (InvalidPart)");
                if (!stored.eTag().equals(p.eTag())) throw new InvalidInputException(where, "its ETag is " + stored.eTag() + ", not " + Texts.abbreviate(String.valueOf(p.eTag()), 40) + " (InvalidPart)");
                files.add(folder.resolve(String.format("%05d.part", p.partNumber())));
                eTags.add(stored.eTag());
            }
        } catch (IOException e) {
            throw io("cannot read upload " + uploadId, e);
        }
        String eTag = ETags.multipart(eTags);
        TempFile temp = newTempFile(tmp, "put-");
        Path joined = temp.path();
        try {
            try (FileChannel out = temp.channel()) {
                for (Path f : files) {
                    try (FileChannel in = FileChannel.open(f, StandardOpenOption.READ)) {
                        long size = in.size();
                        for (long done = 0; done < size; ) done += in.transferTo(done, size - done, out);
                    }
                }
                out.force(false);
            }
            FileState state = FileState.read(joined);
            commit(bucket, dir, key, target, joined, Sidecar.of(key, state, eTag, upload.contentType(), upload.metadata()), true);
            deleteTree(folder);
            return new ObjectInfo(bucket, key, state.size(), eTag, upload.contentType(), state.modified(), upload.metadata());
        } catch (IOException e) {
            throw io("cannot complete upload " + uploadId + " of " + bucket + "/" + key, e);
        } finally {
            deleteQuietly(joined);
        }
    }

    @Override
    public void abortUpload(String bucket, String key, String uploadId) {
        Path folder = uploadFolder(bucket, key, uploadId);
        try {
            deleteTree(folder);
        } catch (IOException e) {
            throw io("cannot abort upload " + uploadId, e);
        }
    }

    @Override
    public List<UploadInfo> listUploads(String bucket, String prefix) {
        existingBucket(bucket);
        Path folder = uploads.resolve(bucket);
        List<UploadInfo> out = new ArrayList<>();
        if (!Files.isDirectory(folder)) return out;
        try (DirectoryStream<Path> ids = Files.newDirectoryStream(folder)) {
            for (Path id : ids) {
                Upload u = readUpload(id);
                if (u != null && u.key().startsWith(prefix)) out.add(new UploadInfo(u.key(), id.getFileName().toString(), Instant.parse(u.initiated())));
            }
        } catch (IOException e) {
            throw io("cannot list the uploads of " + bucket, e);
        }
        out.sort(Comparator.comparing(UploadInfo::key, ObjectKeys.ORDER).thenComparing(UploadInfo::initiated));
        return out;
    }

    // ---- how objects are written and described ----

    /** Content staged in a temporary file, hashed and synced, not yet visible. */
    private record Staged(Path file, FileState state, String eTag) {
    }

    /** A new empty file, open for writing. */
    private record TempFile(Path path, FileChannel channel) {
    }

    /**
     * Creates {@code folder/NAME.part} (NAME: the prefix, this store's random prefix and a counter), readable by
     * others as an ordinary new file is: objects are files other programs may read.
     */
    private TempFile newTempFile(Path folder, String prefix) {
        try {
            for (int attempt = 0; ; attempt++) {
                Path file = folder.resolve(prefix + tempPrefix + tempCounter.incrementAndGet() + ".part");
                try {
                    FileChannel channel = posix
                            ? FileChannel.open(file, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), PosixFilePermissions.asFileAttribute(READABLE))
                            : FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                    if (posix) readableDespiteUmask(file);
                    return new TempFile(file, channel);
                } catch (NoSuchFileException e) {
                    if (attempt >= ATTEMPTS) throw e;
                    Files.createDirectories(folder); // removed by someone: make it again
                } catch (FileAlreadyExistsException e) {
                    if (attempt >= ATTEMPTS) throw e; // another process drew the same prefix: the next number
                }
            }
        } catch (IOException e) {
            throw io("cannot create a temporary file in " + folder, e);
        }
    }

    /** The umask may take bits from the mode a file is created with: then each file gets a chmod, as before. */
    private void readableDespiteUmask(Path file) throws IOException {
        Boolean narrows = umaskNarrows;
        if (narrows == null) {
            narrows = !Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS).equals(READABLE);
            umaskNarrows = narrows;
        }
        if (narrows) Files.setPosixFilePermissions(file, READABLE);
    }

    private Staged stage(InputStream content, long expected, String expectedMd5, InputLocation where) {
        TempFile temp = newTempFile(tmp, "put-");
        Path file = temp.path();
        boolean done = false;
        try {
            MessageDigest md5 = ETags.md5();
            long size = 0;
            try (FileChannel channel = temp.channel()) {
                // a small upload says how long it is: no 64 KiB buffer to clear for 300 bytes
                byte[] buffer = new byte[expected >= 0 && expected < BUFFER ? (int) Math.max(expected + 1, 512) : BUFFER];
                for (int n; (n = content.read(buffer)) > 0; ) {
                    size += n;
                    if (expected >= 0 && size > expected) throw new InvalidInputException(where, "more than the " + expected + " bytes announced");
                    md5.update(buffer, 0, n);
                    ByteBuffer out = ByteBuffer.wrap(buffer, 0, n);
                    while (out.hasRemaining()) channel.write(out);
                }
                channel.force(false);
            }
            if (expected >= 0 && size != expected) throw new InvalidInputException(where, "the content ended after " + size + " of the " + expected + " bytes announced");
            String eTag = ETags.hex(md5.digest());
            if (expectedMd5 != null && !expectedMd5.equals(eTag)) throw new ChecksumMismatchException(where, expectedMd5, eTag);
            Staged staged = new Staged(file, FileState.read(file), eTag);
            done = true;
            return staged;
        } catch (IOException e) {
            throw io("cannot store " + where.file(), e);
        } finally {
            if (!done) deleteQuietly(file);
        }
    }

    /**
     * Makes a staged file the object: its sidecar first, when it needs one (valid only for this file's state, so it
     * describes nothing until the file is in place), then the atomic rename over any old version. An old version's
     * sidecar is left: it describes another file, so nothing, and removing it could remove a concurrent writer's.
     */
    private FileState commit(String bucket, Path dir, String key, Path target, Path staged, Sidecar sidecar, boolean withSidecar) {
        ReentrantLock lock = lock(bucket, key);
        lock.lock();
        try {
            boolean described = !withSidecar;
            for (int attempt = 0; ; attempt++) {
                try {
                    Path parent = target.getParent();
                    if (!Files.isDirectory(parent)) Files.createDirectories(parent);
                    checkInside(dir, target, key);
                    if (Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) throw clash(key, "it is a folder of other keys (" + key + "/…)");
                    if (!described) describe(bucket, key, staged, sidecar);
                    described = true;
                    moveIntoPlace(staged, target);
                    return sidecar.state();
                } catch (FileAlreadyExistsException e) {
                    // createDirectories also says so when a concurrent delete pruned the folder between its
                    // create and its check: only a file that is still there is an object in the way
                    Path on = e.getFile() == null ? null : Path.of(e.getFile());
                    boolean objectInTheWay = on == null || Files.exists(on, LinkOption.NOFOLLOW_LINKS) && !Files.isDirectory(on, LinkOption.NOFOLLOW_LINKS);
                    if (objectInTheWay || attempt >= ATTEMPTS) {
                        throw clash(key, "a part of its path is an object" + (on == null ? "" : " (" + keyOf(dir, on) + ")"));
                    }
                } catch (NoSuchFileException e) {
                    // a folder on the way was pruned by a concurrent delete: make it again
                    if (attempt >= ATTEMPTS) throw io("cannot store " + bucket + "/" + key, e);
                }
            }
        } catch (IOException e) {
            throw io("cannot store " + bucket + "/" + key, e);
        } finally {
            lock.unlock();
        }
    }

    private static void moveIntoPlace(Path staged, Path target) throws IOException {
        try {
            Files.move(staged, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            // the bucket folder is on another file system (a mount, a link): stage again beside the target
            Path beside = Files.createTempFile(target.getParent(), FolderKeys.RESERVED, ".part");
            try {
                Files.copy(staged, beside, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
                Files.move(beside, target, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(beside);
            }
        } catch (FileSystemException e) {
            if (Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) throw new FileAlreadyExistsException(target.toString());
            throw e;
        }
    }

    private static ConflictException clash(String key, String why) {
        return new ConflictException("key " + Texts.abbreviate(key, 120) + " cannot be stored in a folder bucket: " + why);
    }

    /**
     * Refuses a key whose existing folders lead out of the bucket through a symbolic link. Mostly there is no link on
     * the way, which a look at each existing folder of the key shows; only a link makes it resolve the real paths
     * (a link that stays inside the bucket is fine).
     */
    private static void checkInside(Path dir, Path file, String key) {
        for (int attempt = 1; ; attempt++) {
            try {
                if (noLinkOnTheWay(dir, file)) return;
                Path existing = file.getParent();
                while (existing != null && !Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) existing = existing.getParent();
                if (existing == null || !existing.startsWith(dir)) return;
                if (!existing.toRealPath().startsWith(dir.toRealPath())) {
                    throw new InvalidInputException(ObjectKeys.location(key), "leads out of the bucket through a symbolic link");
                }
                return;
            } catch (NoSuchFileException e) {
                // a delete of a neighbouring key pruned the folder between the look and the resolve: look again
                if (attempt == 5) throw io("cannot check " + file, e);
            } catch (IOException e) {
                throw io("cannot check " + file, e);
            }
        }
    }

    /** Whether the folders between the bucket's and the file's are (where they exist) folders, none a link. */
    private static boolean noLinkOnTheWay(Path dir, Path file) throws IOException {
        for (Path p = file.getParent(); p != null && !p.equals(dir); p = p.getParent()) {
            if (!p.startsWith(dir)) return false;
            BasicFileAttributes a;
            try {
                a = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            } catch (NoSuchFileException e) {
                continue; // not made yet
            }
            if (!a.isDirectory()) return false; // a link, or a file in the way: the careful look decides
        }
        return true;
    }

    /** Removes the folders a deleted key leaves empty (S3 has no folders, so nothing is lost). */
    private static void pruneEmptyFolders(Path dir, Path folder) {
        for (Path f = folder; f != null && !f.equals(dir) && f.startsWith(dir); f = f.getParent()) {
            try {
                Files.delete(f);
            } catch (IOException e) {
                return; // not empty (or in use): done
            }
        }
    }

    /**
     * What a file is as an object: its sidecar when that still describes it, else (a file another program put there)
     * its MD5 computed now and remembered. Null when the file changed meanwhile: ask again.
     */
    ObjectInfo objectInfo(String bucket, String key, Path file, FileState state) throws IOException {
        Sidecar sidecar = attributes ? readAttribute(file) : null;
        if (sidecar == null || !sidecar.describes(key, state)) sidecar = readSidecar(bucket, key); // written before, or elsewhere
        if (sidecar != null && sidecar.describes(key, state)) {
            return new ObjectInfo(bucket, key, state.size(), sidecar.eTag(), sidecar.contentType(), state.modified(), sidecar.metadata());
        }
        String eTag;
        try {
            eTag = md5(file);
        } catch (NoSuchFileException e) {
            return null;
        }
        if (!state.equals(FileState.read(file))) return null;
        String contentType = ContentTypes.guess(key);
        if (state.size() <= SELF_DESCRIBED_MAX_BYTES) {
            // as a write through Inkwell keeps none for it: hashing it again is cheaper than a sidecar
            return new ObjectInfo(bucket, key, state.size(), eTag, contentType, state.modified(), Map.of());
        }
        ReentrantLock lock = lock(bucket, key);
        lock.lock();
        try {
            if (state.equals(FileState.read(file)) && mayReplaceSidecar(bucket, key)) {
                writeSidecar(bucket, key, Sidecar.of(key, state, eTag, contentType, Map.of()));
            }
        } finally {
            lock.unlock();
        }
        LOG.debug("adopted {}/{} ({} bytes, ETag {})", bucket, key, state.size(), eTag);
        return new ObjectInfo(bucket, key, state.size(), eTag, contentType, state.modified(), Map.of());
    }

    private static String md5(Path file) throws IOException {
        MessageDigest md5 = ETags.md5();
        try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
            byte[] buffer = new byte[BUFFER];
            for (int n; (n = in.read(buffer)) > 0; ) md5.update(buffer, 0, n);
        }
        return ETags.hex(md5.digest());
    }

    /** Sidecars live in a flat hashed tree: any key maps to one file name, whatever its shape. */
    private Path sidecarFile(String bucket, String key) {
        MessageDigest sha = sha256();
        String hash = HexFormat.of().formatHex(sha.digest(key.getBytes(StandardCharsets.UTF_8)));
        return meta.resolve(bucket).resolve(hash.substring(0, 2)).resolve(hash.substring(2) + ".json");
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-256", e);
        }
    }

    private Sidecar readSidecar(String bucket, String key) {
        Path f = sidecarFile(bucket, key);
        try {
            return JSON.readValue(Files.readAllBytes(f), Sidecar.class);
        } catch (IOException e) {
            return null; // none, or unreadable: the file is described from its content instead
        }
    }

    /**
     * Whether remembering a file's computed ETag may replace the sidecar there. A write (in this or another process)
     * puts its sidecar in place just before its file, so a recent sidecar that describes another version may be a
     * write in progress: leave it. An old one describes a file another program replaced.
     */
    private boolean mayReplaceSidecar(String bucket, String key) throws IOException {
        try {
            Instant written = Files.getLastModifiedTime(sidecarFile(bucket, key)).toInstant();
            return written.isBefore(Instant.now().minus(PENDING_WRITE));
        } catch (NoSuchFileException e) {
            return true;
        }
    }

    /** Whether this file system keeps user extended attributes (tried on a file of its own). */
    private boolean attributesWork() {
        TempFile probe = newTempFile(tmp, "probe-");
        try {
            probe.channel().close();
            UserDefinedFileAttributeView view = Files.getFileAttributeView(probe.path(), UserDefinedFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
            if (view == null) return false;
            view.write(ATTRIBUTE, ByteBuffer.wrap("{}".getBytes(StandardCharsets.UTF_8)));
            return true;
        } catch (IOException | UnsupportedOperationException e) {
            LOG.debug("{}: no extended attributes ({}): object metadata goes into sidecar files", tmp, e.toString());
            return false;
        } finally {
            deleteQuietly(probe.path());
        }
    }

    /** Describes a staged file before it becomes the object: in its own extended attribute, else a sidecar file. */
    private void describe(String bucket, String key, Path staged, Sidecar sidecar) {
        if (attributes) {
            try {
                UserDefinedFileAttributeView view = Files.getFileAttributeView(staged, UserDefinedFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
                view.write(ATTRIBUTE, ByteBuffer.wrap(JSON.writeValueAsBytes(sidecar)));
                return;
            } catch (IOException e) {
                LOG.debug("cannot describe {}/{} in an extended attribute ({}): a sidecar file instead", bucket, key, e.toString());
            }
        }
        writeSidecar(bucket, key, sidecar);
    }

    /** The description in a file's extended attribute, or null (none, or unreadable). */
    private static Sidecar readAttribute(Path file) {
        try {
            UserDefinedFileAttributeView view = Files.getFileAttributeView(file, UserDefinedFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
            ByteBuffer buffer = ByteBuffer.allocate(ATTRIBUTE_MAX_BYTES);
            view.read(ATTRIBUTE, buffer);
            buffer.flip();
            return JSON.readValue(buffer.array(), 0, buffer.limit(), Sidecar.class);
        } catch (IOException | RuntimeException e) {
            return null; // none (most objects), or not ours: the sidecar file or the content says what it is
        }
    }

    /** Writes a sidecar whole or not at all: a temporary file beside it, renamed over it. */
    private void writeSidecar(String bucket, String key, Sidecar sidecar) {
        Path target = sidecarFile(bucket, key);
        TempFile temp = null;
        try {
            byte[] json = JSON.writeValueAsBytes(sidecar);
            temp = newTempFile(target.getParent(), ".");
            try (FileChannel channel = temp.channel()) {
                ByteBuffer out = ByteBuffer.wrap(json);
                while (out.hasRemaining()) channel.write(out);
            }
            Files.move(temp.path(), target, StandardCopyOption.ATOMIC_MOVE);
            temp = null;
        } catch (IOException e) {
            throw io("cannot write " + target, e);
        } finally {
            if (temp != null) deleteQuietly(temp.path());
        }
    }

    private ReentrantLock lock(String bucket, String key) {
        return locks[Math.floorMod((bucket + "/" + key).hashCode(), locks.length)];
    }

    private static NotFoundException noSuchKey(String bucket, String key) {
        return new NotFoundException(bucket + "/" + Texts.abbreviate(key, 200) + ": no such object");
    }

    private static InkwellException io(String what, IOException e) {
        return new UnavailableException(what + ": " + e.getMessage(), e);
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            LOG.debug("cannot delete {}: {}", p, e.toString());
        }
    }

    private static void closeQuietly(FileChannel c) {
        try {
            c.close();
        } catch (IOException e) {
            LOG.debug("cannot close a channel: {}", e.toString());
        }
    }

    /** Collects the smallest entries after {@code after} in S3 order: never more than a page in memory. */
    private static final class PageCollector {
        private final ListRequest request;
        private final String after;
        /** key or common prefix -> the object's file, or null for a common prefix */
        private final TreeMap<String, Path> entries = new TreeMap<>(ObjectKeys.ORDER);
        private boolean more;

        PageCollector(ListRequest request, String after) {
            this.request = request;
            this.after = after;
        }

        boolean wantsPrefix(String commonPrefix) {
            return commonPrefix.startsWith(request.prefix()) && (after == null || ObjectKeys.ORDER.compare(commonPrefix, after) > 0);
        }

        void offerObject(String key, Path file) {
            if (!key.startsWith(request.prefix())) return;
            String d = request.delimiter();
            if (d != null) {
                int i = key.indexOf(d, request.prefix().length());
                if (i >= 0) {
                    String commonPrefix = key.substring(0, i + d.length());
                    if (wantsPrefix(commonPrefix)) offer(commonPrefix, null);
                    return;
                }
            }
            if (after == null || ObjectKeys.ORDER.compare(key, after) > 0) offer(key, file);
        }

        void offerPrefix(String commonPrefix) {
            offer(commonPrefix, null);
        }

        private void offer(String entry, Path file) {
            if (entries.containsKey(entry)) return;
            entries.put(entry, file);
            if (entries.size() > request.maxKeys()) {
                entries.pollLastEntry();
                more = true;
            }
        }

        ListPage toPage(BiFunction<String, Path, ObjectSummary> summarize) {
            List<ObjectSummary> objects = new ArrayList<>();
            List<String> prefixes = new ArrayList<>();
            for (var e : entries.entrySet()) {
                if (e.getValue() == null) {
                    prefixes.add(e.getKey());
                } else {
                    ObjectSummary s = summarize.apply(e.getKey(), e.getValue());
                    if (s != null) objects.add(s);
                }
            }
            String next = more && !entries.isEmpty() ? encodeToken(entries.lastKey()) : null;
            return new ListPage(objects, prefixes, next);
        }
    }

    /** Reads at most {@code remaining} bytes (a range) of a stream. */
    private static final class BoundedInputStream extends InputStream {
        private final InputStream in;
        private long remaining;

        BoundedInputStream(InputStream in, long remaining) {
            this.in = in;
            this.remaining = remaining;
        }

        @Override
        public int read() throws IOException {
            if (remaining <= 0) return -1;
            int b = in.read();
            if (b >= 0) remaining--;
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (remaining <= 0) return -1;
            int n = in.read(b, off, (int) Math.min(len, remaining));
            if (n > 0) remaining -= n;
            return n;
        }

        @Override
        public int available() throws IOException {
            return (int) Math.min(in.available(), remaining);
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
