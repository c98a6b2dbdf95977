package dev.inkwell.bucket;

import dev.inkwell.bucket.event.BucketEvents;
import dev.inkwell.bucket.folder.FolderStore;
import dev.inkwell.bucket.s3.S3Settings;
import dev.inkwell.bucket.s3.S3Store;
import dev.inkwell.core.ConflictException;
import dev.inkwell.core.InkwellHome;
import dev.inkwell.core.InputLocation;
import dev.inkwell.core.InvalidInputException;
import dev.inkwell.core.Texts;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Inkwell's buckets: opened from one location string, handing out {@link Bucket}s by name and raising their events.
 *
 * <pre>{@code
 * try (Buckets buckets = Buckets.open(null)) {             // $INKWELL_BUCKETS, else $INKWELL_HOME/buckets
 *     buckets.events().subscribe(event -> log(event));
 *     buckets.createIfMissing("uploads").put("digits/7.png", bytes, "image/png");
 * }
 * }</pre>
 *
 * Locations: a folder path (the embedded default; {@code file:} URIs too) or {@code s3://} for an S3-compatible store,
 * where every Inkwell bucket is the S3 bucket of that name. The S3 endpoint, region, path-style addressing and
 * credentials come from the environment ({@link S3Settings#fromEnvironment}) or the location's query:
 * {@code s3://?endpoint=http://minio:9000&region=us-east-1&path-style=true}.
 */
public final class Buckets implements AutoCloseable {
    /** The environment variable naming the buckets location. */
    public static final String ENVIRONMENT = "INKWELL_BUCKETS";
    private static final Pattern OTHER_URL = Pattern.compile("(?i)^[a-z][a-z0-9+.-]*://.*");

    private final BucketStore store;
    private final BucketEvents events = new BucketEvents();

    private Buckets(BucketStore store) {
        this.store = store;
    }

    /** Buckets over any backend. */
    public static Buckets of(BucketStore store) {
        return new Buckets(store);
    }

    /** {@code $INKWELL_HOME/buckets}. */
    public static Path defaultFolder() {
        return InkwellHome.path().resolve("buckets");
    }

    /** The folder backend rooted at {@code root} (created when missing). */
    public static Buckets folder(Path root) {
        return new Buckets(new FolderStore(root));
    }

    public static Buckets s3(S3Settings settings) {
        return new Buckets(new S3Store(settings));
    }

    /** Opens {@code location}; null or blank means {@code $INKWELL_BUCKETS}, else {@code $INKWELL_HOME/buckets}. */
    public static Buckets open(String location) {
        String l = location;
        if (l == null || l.isBlank()) l = System.getenv(ENVIRONMENT);
        if (l == null || l.isBlank()) return folder(defaultFolder());
        String lower = l.strip().toLowerCase(Locale.ROOT);
        if (lower.startsWith("s3:")) return s3(S3Settings.fromEnvironment(System.getenv()).withLocation(l.strip()));
        if (lower.startsWith("file:")) {
            try {
                return folder(Path.of(URI.create(l.strip())));
            } catch (IllegalArgumentException e) {
                throw new InvalidInputException(InputLocation.file(Texts.abbreviate(l, 200)), "not a file: URI (" + e.getMessage() + ")");
            }
        }
        if (OTHER_URL.matcher(l).matches()) {
            throw new InvalidInputException(InputLocation.file(Texts.abbreviate(l, 200)),
                    "not a buckets location: give a folder path or s3:// (an S3-compatible store)");
        }
        return folder(Path.of(l));
    }

    /** A bucket by name (checked against S3's naming rules); whether it exists shows on first use. */
    public Bucket bucket(String name) {
        return new Bucket(this, BucketNames.check(name));
    }

    /** Creates a bucket; a {@code ConflictException} when it exists. */
    public Bucket create(String name) {
        store.createBucket(BucketNames.check(name));
        return new Bucket(this, name);
    }

    public Bucket createIfMissing(String name) {
        if (!exists(name)) {
            try {
                return create(name);
            } catch (ConflictException e) {
                // created meanwhile by someone else: as good
            }
        }
        return bucket(name);
    }

    /** Deletes an empty bucket; a {@code ConflictException} when it holds objects, {@code NotFoundException} when missing. */
    public void delete(String name) {
        store.deleteBucket(BucketNames.check(name));
    }

    public boolean exists(String name) {
        return store.bucketExists(BucketNames.check(name));
    }

    /** The buckets, by name. */
    public List<BucketInfo> list() {
        return store.listBuckets();
    }

    /** Where the events of every write and delete through these buckets go; subscribe to hear them. */
    public BucketEvents events() {
        return events;
    }

    public BucketStore store() {
        return store;
    }

    /** One line for messages: the folder or the S3 endpoint, without secrets. */
    public String describe() {
        return store.describe();
    }

    @Override
    public void close() {
        store.close();
    }

    @Override
    public String toString() {
        return describe();
    }
}
