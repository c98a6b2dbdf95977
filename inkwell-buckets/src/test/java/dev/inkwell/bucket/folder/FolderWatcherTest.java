package dev.inkwell.bucket.folder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.inkwell.bucket.Bucket;
import dev.inkwell.bucket.Buckets;
import dev.inkwell.bucket.ETags;
import dev.inkwell.bucket.event.BucketEvent;
import dev.inkwell.bucket.event.SeenObjects;
import dev.inkwell.bucket.testing.S3TestServer;
import dev.inkwell.core.InkwellException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The folder watcher sees what other programs do to a folder bucket: once per version, only complete files. */
class FolderWatcherTest {
    private static final Duration SETTLE = Duration.ofMillis(300);
    /**
     * The slow writer's settle: its pauses (a quarter of {@link #SETTLE}) must stay shorter than this even when a loaded
     * machine stalls the writing thread, or the watcher rightly announces a half-written file.
     */
    private static final Duration SLOW_WRITER_SETTLE = Duration.ofSeconds(2);

    @TempDir
    Path root;
    Buckets buckets;
    Bucket bucket;
    Path dir;
    final List<BucketEvent> events = new CopyOnWriteArrayList<>();
    FolderWatcher watcher;

    @BeforeEach
    void open() {
        buckets = Buckets.folder(root);
        bucket = buckets.create("inbox");
        dir = root.resolve("inbox");
        buckets.events().subscribe(events::add);
    }

    @AfterEach
    void close() {
        if (watcher != null) watcher.close();
        buckets.close();
    }

    private void watch(boolean polling) {
        watch(polling, SETTLE);
    }

    private void watch(boolean polling, Duration settle) {
        watcher = FolderWatcher.start(buckets, "inbox",
                FolderWatcher.Options.defaults().withSettle(settle).withPollInterval(Duration.ofMillis(100)).withPolling(polling), SeenObjects.inMemory());
    }

    private static String md5(byte[] b) throws Exception {
        return ETags.hex(MessageDigest.getInstance("MD5").digest(b));
    }

    private List<BucketEvent> await(Predicate<List<BucketEvent>> done) throws InterruptedException {
        Instant end = Instant.now().plusSeconds(30);
        while (!done.test(events) && Instant.now().isBefore(end)) Thread.sleep(20);
        return List.copyOf(events);
    }

    /** Waits long enough for a watcher to have announced anything it was going to. */
    private void quietPeriod() throws InterruptedException {
        Thread.sleep(SETTLE.multipliedBy(4).toMillis());
    }

    /** As {@link #quietPeriod()} after an announcement, for a watcher whose settle is {@code settle}. */
    private void quietPeriod(Duration settle) throws InterruptedException {
        Thread.sleep(settle.multipliedBy(2).toMillis());
    }

    @ParameterizedTest(name = "polling {0}")
    @ValueSource(booleans = {false, true})
    void aFileCopiedInIsAnnouncedOnceWhenComplete(boolean polling) throws Exception {
        watch(polling, SLOW_WRITER_SETTLE);
        assertThat(watcher.usesNotifications()).isEqualTo(!polling);
        byte[] content = new byte[300_000];
        for (int i = 0; i < content.length; i++) content[i] = (byte) (i * 31);
        Files.createDirectories(dir.resolve("new"));
        // a slow writer: the file grows in steps shorter than the settle time
        try (OutputStream out = Files.newOutputStream(dir.resolve("new/scan.png"))) {
            for (int off = 0; off < content.length; off += 50_000) {
                out.write(content, off, 50_000);
                out.flush();
                Thread.sleep(SETTLE.toMillis() / 4);
            }
        }
        List<BucketEvent> seen = await(e -> !e.isEmpty());
        quietPeriod(SLOW_WRITER_SETTLE);
        assertThat(events).hasSize(1);
        BucketEvent e = seen.get(0);
        assertThat(e.eventName()).isEqualTo(BucketEvent.PUT);
        assertThat(e.bucket()).isEqualTo("inbox");
        assertThat(e.key()).isEqualTo("new/scan.png");
        assertThat(e.eTag()).isEqualTo(md5(content));
        assertThat(e.size()).isEqualTo(content.length);
        assertThat(e.source()).isEqualTo(BucketEvent.Source.WATCHER);
        // the first read of the file found its ETag remembered
        assertThat(bucket.head("new/scan.png").contentType()).isEqualTo("image/png");
    }

    @Test
    void touchingAFileIsNoEventChangingItIs() throws Exception {
        watch(false);
        Path file = dir.resolve("a.txt");
        Files.writeString(file, "one");
        await(e -> e.size() == 1);
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(5)));
        quietPeriod();
        assertThat(events).hasSize(1);
        Files.writeString(file, "two");
        List<BucketEvent> seen = await(e -> e.size() == 2);
        assertThat(seen.get(1).eTag()).isEqualTo(md5("two".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void aFileDeletedByAnotherProgramIsAnnounced() throws Exception {
        Files.writeString(dir.resolve("old.txt"), "there before the watcher");
        watch(false);
        quietPeriod();
        assertThat(events).isEmpty(); // what was there at start is not news
        Files.delete(dir.resolve("old.txt"));
        List<BucketEvent> seen = await(e -> !e.isEmpty());
        quietPeriod();
        assertThat(events).hasSize(1);
        assertThat(seen.get(0).eventName()).isEqualTo(BucketEvent.DELETE);
        assertThat(seen.get(0).key()).isEqualTo("old.txt");
    }

    @Test
    void writesThroughInkwellAreAnnouncedByInkwellOnly() throws Exception {
        watch(false);
        bucket.put("api/one.txt", "through the API".getBytes(StandardCharsets.UTF_8));
        bucket.copy("api/one.txt", "api/two.txt");
        bucket.delete("api/one.txt");
        quietPeriod();
        assertThat(events).extracting(BucketEvent::source).containsOnly(BucketEvent.Source.INKWELL);
        assertThat(events).extracting(BucketEvent::eventName).containsExactly(BucketEvent.PUT, BucketEvent.COPY, BucketEvent.DELETE);
    }

    @Test
    void anotherInkwellProcessesWritesAreAnnounced() throws Exception {
        watch(false);
        try (Buckets other = Buckets.folder(root)) { // the CLI, say, while a server watches
            other.bucket("inbox").put("from-cli.csv", "label\n1\n".getBytes(StandardCharsets.UTF_8));
        }
        List<BucketEvent> seen = await(e -> !e.isEmpty());
        quietPeriod();
        assertThat(events).hasSize(1);
        assertThat(seen.get(0).source()).isEqualTo(BucketEvent.Source.WATCHER);
        assertThat(seen.get(0).key()).isEqualTo("from-cli.csv");
    }

    @Test
    void temporaryFilesAndLinksAreNoObjects() throws Exception {
        watch(false);
        Files.writeString(dir.resolve(".inkwell-partial.part"), "half");
        Files.createSymbolicLink(dir.resolve("link"), root);
        Path staged = Files.writeString(root.resolve("staged.txt"), "moved in whole");
        Files.move(staged, dir.resolve("moved.txt"), StandardCopyOption.ATOMIC_MOVE);
        List<BucketEvent> seen = await(e -> !e.isEmpty());
        quietPeriod();
        assertThat(events).hasSize(1);
        assertThat(seen.get(0).key()).isEqualTo("moved.txt");
    }

    @Test
    void existingFilesAreAnnouncedWhenAsked() throws Exception {
        Files.writeString(dir.resolve("waiting.txt"), "arrived while Inkwell was down");
        SeenObjects seen = SeenObjects.inMemory();
        seen.update("inbox", "known.txt", md5("already handled".getBytes(StandardCharsets.UTF_8)));
        Files.writeString(dir.resolve("known.txt"), "already handled");
        watcher = FolderWatcher.start(buckets, "inbox", FolderWatcher.Options.defaults().withSettle(SETTLE).withAnnounceExisting(true), seen);
        await(e -> !e.isEmpty());
        quietPeriod();
        assertThat(events).extracting(BucketEvent::key).containsExactly("waiting.txt");
    }

    @Test
    void aWatcherToldToLookUnderPrefixesSeesNothingElse() throws Exception {
        Files.createDirectories(dir.resolve("archive"));
        Files.writeString(dir.resolve("archive/before.txt"), "there before the prefix was watched");
        watch(true);
        watcher.watchOnly(List.of("incoming/", "incoming/deeper/", "top"));
        Files.createDirectories(dir.resolve("results"));
        Files.writeString(dir.resolve("results/out.txt"), "not looked at");
        Files.createDirectories(dir.resolve("incoming"));
        Files.writeString(dir.resolve("incoming/in.png"), "looked at");
        Files.writeString(dir.resolve("top-level.csv"), "under the prefix top");
        Files.writeString(dir.resolve("other.csv"), "not under it");
        await(e -> e.size() >= 2);
        quietPeriod();
        assertThat(events).extracting(BucketEvent::key).containsExactlyInAnyOrder("incoming/in.png", "top-level.csv");
        // a prefix looked at from now on: what is there already is no news, what comes is
        watcher.watchOnly(List.of("incoming/", "archive/"));
        Files.writeString(dir.resolve("archive/after.txt"), "new");
        await(e -> e.size() >= 3);
        quietPeriod();
        assertThat(events).extracting(BucketEvent::key).containsExactlyInAnyOrder("incoming/in.png", "top-level.csv", "archive/after.txt");
        // a file no longer looked at is not announced as deleted
        Files.delete(dir.resolve("top-level.csv"));
        quietPeriod();
        assertThat(events).hasSize(3);
    }

    @Test
    void prefixesNestedInAnotherAreOneScope() {
        assertThat(FolderWatcher.narrowest(List.of("a/b/", "a/", "c", "cat/"))).containsExactly("a/", "c");
        assertThat(FolderWatcher.narrowest(List.of("x/", ""))).containsExactly("");
        assertThat(FolderWatcher.narrowest(List.of())).containsExactly("");
    }

    @Test
    void onlyFolderBucketsCanBeWatched() {
        try (S3TestServer server = S3TestServer.start(); Buckets s3 = Buckets.s3(server.settings())) {
            s3.create("remote");
            assertThatThrownBy(() -> FolderWatcher.start(s3, "remote")).isInstanceOf(InkwellException.class).hasMessageContaining("only folder buckets");
        }
        assertThatThrownBy(() -> FolderWatcher.start(buckets, "missing")).isInstanceOf(InkwellException.class).hasMessageContaining("no such bucket");
    }
}
