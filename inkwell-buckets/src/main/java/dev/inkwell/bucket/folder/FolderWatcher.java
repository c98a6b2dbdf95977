package dev.inkwell.bucket.folder;

import static java.nio.file.StandardWatchEventKinds.ENTRY_CREATE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_DELETE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_MODIFY;

import dev.inkwell.bucket.Buckets;
import dev.inkwell.bucket.ETags;
import dev.inkwell.bucket.ObjectInfo;
import dev.inkwell.bucket.event.BucketEvent;
import dev.inkwell.bucket.event.BucketEvents;
import dev.inkwell.bucket.event.SeenObjects;
import dev.inkwell.core.InkwellException;
import dev.inkwell.core.NotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Raises bucket events for files other programs copy into (or delete from) a folder bucket: S3's notifications for a
 * folder. A file is announced once it is complete, that is when its size and time stay the same for
 * {@link Options#settle()}; announced once per version ({@link SeenObjects}: the same (key, ETag) never twice, so a
 * {@code touch} is no event); never for Inkwell's own temporary files (they live outside the bucket) nor for writes
 * through Inkwell's bucket API in this process (those raise their own event).
 *
 * <p>The file system's change notifications (a {@link WatchService}) wake it up; a periodic scan catches what they
 * miss, and is all it uses where they are unavailable or {@link Options#polling()} asks for it.
 *
 * <p>It watches the whole bucket unless told to look under some key prefixes only ({@link #watchOnly}): a scan
 * lists every file it looks at, and a bucket's results, exports and archives need no looking at when only uploads
 * under {@code incoming/} trigger anything.
 */
public final class FolderWatcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(FolderWatcher.class);
    /** How often a watcher that has change notifications still scans, in poll intervals. */
    private static final int SAFETY_SCANS_EVERY = 15;

    /**
     * @param settle           how long a file must stay unchanged to count as complete
     * @param pollInterval     how often to scan when polling
     * @param polling          scan only, without the file system's notifications (network file systems)
     * @param announceExisting raise events at start for files the {@link SeenObjects} has not seen (a persistent one
     *                         catches what arrived while Inkwell was down); else start from what is there, silently
     */
    public record Options(Duration settle, Duration pollInterval, boolean polling, boolean announceExisting) {
        public Options {
            if (settle.isNegative() || pollInterval.isNegative() || pollInterval.isZero()) throw new IllegalArgumentException("settle " + settle + ", poll " + pollInterval);
        }

        public static Options defaults() {
            return new Options(Duration.ofSeconds(1), Duration.ofSeconds(2), false, false);
        }

        public Options withSettle(Duration d) {
            return new Options(d, pollInterval, polling, announceExisting);
        }

        public Options withPollInterval(Duration d) {
            return new Options(settle, d, polling, announceExisting);
        }

        public Options withPolling(boolean p) {
            return new Options(settle, pollInterval, p, announceExisting);
        }

        public Options withAnnounceExisting(boolean a) {
            return new Options(settle, pollInterval, polling, a);
        }
    }

    private record Known(FileState state, String eTag) {
    }

    private record Pending(FileState state, Instant since) {
    }

    private final FolderStore store;
    private final BucketEvents events;
    private final String bucket;
    private final Path dir;
    private final Options options;
    private final SeenObjects seen;
    private final Map<String, Known> known = new HashMap<>();
    private final Map<String, Pending> pending = new HashMap<>();
    private final Map<String, Instant> missing = new HashMap<>();
    private final Set<Path> watched = new HashSet<>();
    private final AtomicLong scans = new AtomicLong();
    /** The key prefixes looked at, none nested in another; {@code [""]}: the whole bucket. */
    private List<String> scope = List.of("");
    private final BucketEvents.Subscription subscription;
    private final Thread thread;
    private WatchService watchService;
    private volatile boolean closed;

    private FolderWatcher(Buckets buckets, String bucket, Options options, SeenObjects seen) {
        if (!(buckets.store() instanceof FolderStore folder)) {
            throw new InkwellException("only folder buckets can be watched (" + buckets.describe() + "): poll an S3 store, or post its event notifications to Inkwell");
        }
        this.store = folder;
        this.events = buckets.events();
        this.bucket = bucket;
        this.dir = folder.bucketFolder(bucket);
        this.options = options;
        this.seen = seen;
        if (!Files.isDirectory(dir)) throw new NotFoundException("bucket " + bucket + ": no such bucket");
        baseline();
        if (!options.polling()) watchService = openWatchService();
        this.subscription = events.subscribe(this::onOwnEvent);
        this.thread = Thread.ofPlatform().daemon().name("inkwell-watch-" + bucket).unstarted(this::run);
    }

    /** Starts watching a folder bucket; events go to {@code buckets.events()}. */
    public static FolderWatcher start(Buckets buckets, String bucket, Options options, SeenObjects seen) {
        FolderWatcher w = new FolderWatcher(buckets, bucket, options, seen);
        w.thread.start();
        LOG.info("watching bucket {} ({}, settle {} ms)", bucket, w.watchService != null ? "file system notifications" : "polling every " + options.pollInterval().toMillis() + " ms", options.settle().toMillis());
        return w;
    }

    public static FolderWatcher start(Buckets buckets, String bucket) {
        return start(buckets, bucket, Options.defaults(), SeenObjects.inMemory());
    }

    /** Whether the file system's change notifications are in use (else: polling). */
    public boolean usesNotifications() {
        return watchService != null;
    }

    /**
     * Looks only at keys under {@code prefixes} from now on (an empty prefix among them: the whole bucket). Files
     * under a prefix not looked at before are taken as they are, as at start: what was there is no news.
     */
    public synchronized void watchOnly(Collection<String> prefixes) {
        List<String> next = narrowest(prefixes);
        if (next.equals(scope)) return;
        List<String> before = scope;
        scope = next;
        known.keySet().removeIf(k -> !inScope(k));
        pending.keySet().removeIf(k -> !inScope(k));
        missing.keySet().removeIf(k -> !inScope(k));
        for (var e : files().entrySet()) {
            String key = e.getKey();
            if (!covered(before, key) && !known.containsKey(key) && !pending.containsKey(key)) known.put(key, new Known(e.getValue(), null));
        }
        LOG.debug("bucket {}: watching {}", bucket, next);
    }

    /** The prefixes without those under another one of them; [""] when one is empty (or none is given). */
    static List<String> narrowest(Collection<String> prefixes) {
        if (prefixes.isEmpty() || prefixes.contains("")) return List.of("");
        List<String> sorted = new ArrayList<>(new TreeSet<>(prefixes));
        List<String> out = new ArrayList<>();
        for (String p : sorted) {
            if (out.isEmpty() || !p.startsWith(out.getLast())) out.add(p);
        }
        return List.copyOf(out);
    }

    private boolean inScope(String key) {
        return covered(scope, key);
    }

    private static boolean covered(List<String> prefixes, String key) {
        for (String p : prefixes) {
            if (key.startsWith(p)) return true;
        }
        return false;
    }

    /** Scans done so far (for tests and metrics). */
    public long scans() {
        return scans.get();
    }

    @Override
    public void close() {
        closed = true;
        subscription.close();
        if (watchService != null) {
            try {
                watchService.close();
            } catch (IOException e) {
                LOG.debug("closing the watch service: {}", e.toString());
            }
        }
        thread.interrupt();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private synchronized void baseline() {
        Map<String, FileState> current = files();
        Instant now = Instant.now();
        for (var e : current.entrySet()) {
            if (options.announceExisting()) pending.put(e.getKey(), new Pending(e.getValue(), now.minus(options.settle())));
            else known.put(e.getKey(), new Known(e.getValue(), null));
        }
    }

    private WatchService openWatchService() {
        try {
            WatchService ws = dir.getFileSystem().newWatchService();
            this.watchService = ws;
            registerTree(dir);
            return ws;
        } catch (IOException | UnsupportedOperationException | UncheckedIOException e) {
            LOG.warn("bucket {}: no file system notifications ({}): polling every {} ms", bucket, e.toString(), options.pollInterval().toMillis());
            this.watchService = null;
            return null;
        }
    }

    private void registerTree(Path top) throws IOException {
        Files.walkFileTree(top, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) throws IOException {
                if (watched.add(d)) d.register(watchService, ENTRY_CREATE, ENTRY_DELETE, ENTRY_MODIFY);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
                return FileVisitResult.CONTINUE;
            }
        });
    }

    private void run() {
        Instant lastScan = Instant.now();
        while (!closed) {
            try {
                boolean busy;
                synchronized (this) {
                    busy = !pending.isEmpty() || !missing.isEmpty();
                }
                Duration wait = busy ? tick() : options.pollInterval().multipliedBy(watchService != null ? SAFETY_SCANS_EVERY : 1);
                boolean changed = waitForChange(wait);
                Instant now = Instant.now();
                if (changed || busy || Duration.between(lastScan, now).compareTo(wait) >= 0) {
                    scan();
                    lastScan = now;
                }
            } catch (ClosedWatchServiceException e) {
                return;
            } catch (InterruptedException e) {
                if (closed) return;
            } catch (RuntimeException e) {
                // a watcher outlives any one failure (a folder that vanished, a file that could not be read)
                LOG.warn("watching bucket {}: {}", bucket, e.toString(), e);
                sleepQuietly(options.pollInterval());
            }
        }
    }

    private Duration tick() {
        Duration half = options.settle().dividedBy(2);
        return half.compareTo(Duration.ofMillis(50)) < 0 ? Duration.ofMillis(50) : half;
    }

    /** Waits for a change notification (true) or the time to pass (false); registers new folders as they appear. */
    private boolean waitForChange(Duration wait) throws InterruptedException {
        if (watchService == null) {
            Thread.sleep(wait.toMillis());
            return false;
        }
        WatchKey key = watchService.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
        if (key == null) return false;
        for (; key != null; key = watchService.poll()) {
            Path folder = (Path) key.watchable();
            for (var event : key.pollEvents()) {
                if (event.kind() == ENTRY_CREATE && event.context() instanceof Path name) {
                    Path child = folder.resolve(name);
                    if (Files.isDirectory(child, LinkOption.NOFOLLOW_LINKS)) {
                        try {
                            registerTree(child);
                        } catch (IOException e) {
                            LOG.debug("cannot watch {}: {}", child, e.toString());
                        }
                    }
                }
            }
            if (!key.reset()) watched.remove(folder);
        }
        return true;
    }

    /** One pass: files that settled are announced, files gone for {@code settle} are announced as deleted. */
    synchronized void scan() {
        scans.incrementAndGet();
        Map<String, FileState> current = files();
        Instant now = Instant.now();
        for (var e : current.entrySet()) {
            String key = e.getKey();
            FileState state = e.getValue();
            missing.remove(key);
            Known k = known.get(key);
            if (k != null && k.state().equals(state)) {
                pending.remove(key);
                continue;
            }
            Pending p = pending.get(key);
            if (p == null || !p.state().equals(state)) {
                pending.put(key, new Pending(state, now));
            } else if (!now.isBefore(p.since().plus(options.settle()))) {
                settled(key, state);
            }
        }
        pending.keySet().retainAll(current.keySet());
        for (String key : Set.copyOf(known.keySet())) {
            if (current.containsKey(key)) continue;
            Instant since = missing.computeIfAbsent(key, k -> now);
            if (!now.isBefore(since.plus(options.settle()))) {
                known.remove(key);
                missing.remove(key);
                seen.remove(bucket, key);
                events.publish(BucketEvent.DELETE, bucket, key, null, -1, BucketEvent.Source.WATCHER);
            }
        }
        missing.keySet().retainAll(known.keySet());
    }

    private void settled(String key, FileState state) {
        ObjectInfo info;
        try {
            info = store.objectInfo(bucket, key, dir.resolve(key), state);
        } catch (NoSuchFileException e) {
            pending.remove(key);
            return;
        } catch (IOException e) {
            LOG.warn("bucket {}: cannot read {}: {}", bucket, key, e.toString());
            return;
        }
        if (info == null) return; // changed while being read: still settling
        pending.remove(key);
        known.put(key, new Known(state, info.eTag()));
        if (seen.update(bucket, key, info.eTag())) {
            String name = ETags.isMultipart(info.eTag()) ? BucketEvent.COMPLETE_MULTIPART_UPLOAD : BucketEvent.PUT;
            events.publish(name, bucket, key, info.eTag(), info.size(), BucketEvent.Source.WATCHER);
        }
    }

    /** Writes through Inkwell in this process announce themselves: remember them so they are not announced again. */
    private synchronized void onOwnEvent(BucketEvent event) {
        if (event.source() != BucketEvent.Source.INKWELL || !event.bucket().equals(bucket) || !inScope(event.key())) return;
        pending.remove(event.key());
        missing.remove(event.key());
        if (event.isRemoved()) {
            known.remove(event.key());
            seen.remove(bucket, event.key());
            return;
        }
        try {
            FileState state = FileState.read(dir.resolve(event.key()));
            if (state != null) known.put(event.key(), new Known(state, event.eTag()));
        } catch (IOException | RuntimeException e) {
            LOG.debug("bucket {}: cannot read {}: {}", bucket, event.key(), e.toString());
        }
        seen.update(bucket, event.key(), event.eTag());
    }

    /** The object files in scope and their states: no folders, links or Inkwell's temporary files. */
    private Map<String, FileState> files() {
        Map<String, FileState> out = new HashMap<>();
        for (String prefix : scope) {
            Path base = FolderKeys.folderOf(dir, prefix);
            if (base == null) continue; // no key could be under it
            if (!base.equals(dir) && !Files.isDirectory(base, LinkOption.NOFOLLOW_LINKS)) continue;
            walk(base, prefix, out);
        }
        return out;
    }

    private void walk(Path base, String prefix, Map<String, FileState> out) {
        try {
            Files.walkFileTree(base, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    if (!attrs.isRegularFile() || FolderKeys.isReserved(file.getFileName().toString())) return FileVisitResult.CONTINUE;
                    String key = dir.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/");
                    if (key.startsWith(prefix) && FolderKeys.isStorable(key)) out.put(key, FileState.of(attrs));
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    return FileVisitResult.CONTINUE; // deleted while scanning: the next scan sees it gone
                }
            });
        } catch (NoSuchFileException e) {
            if (base.equals(dir)) LOG.warn("bucket {}: its folder {} is gone", bucket, dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot scan " + base + ": " + e.getMessage(), e);
        }
    }

    private static void sleepQuietly(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
