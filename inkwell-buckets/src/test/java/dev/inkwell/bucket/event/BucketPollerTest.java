package dev.inkwell.bucket.event;

import static org.assertj.core.api.Assertions.assertThat;

import dev.inkwell.bucket.Bucket;
import dev.inkwell.bucket.Buckets;
import dev.inkwell.bucket.testing.S3TestServer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The poller finds changes on a store that sends no notifications (S3 here, written by "someone else"). */
class BucketPollerTest {
    S3TestServer server;
    Buckets inkwell;
    Buckets someoneElse;
    Bucket bucket;
    final List<BucketEvent> events = new CopyOnWriteArrayList<>();

    @BeforeEach
    void open() {
        server = S3TestServer.start();
        inkwell = Buckets.s3(server.settings());
        someoneElse = Buckets.s3(server.settings());
        bucket = inkwell.create("polled");
        inkwell.events().subscribe(events::add);
    }

    @AfterEach
    void close() {
        inkwell.close();
        someoneElse.close();
        server.close();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void newChangedAndDeletedObjectsAreAnnouncedOnce() {
        someoneElse.bucket("polled").put("uploads/before.txt", bytes("there at start"));
        BucketPoller poller = new BucketPoller(bucket, "uploads/", SeenObjects.inMemory(), false);
        assertThat(poller.poll()).isEqualTo(new BucketPoller.Poll(1, 0, 0));
        someoneElse.bucket("polled").put("uploads/new.txt", bytes("new"));
        someoneElse.bucket("polled").put("elsewhere/ignored.txt", bytes("not under the prefix"));
        assertThat(poller.poll()).isEqualTo(new BucketPoller.Poll(2, 1, 0));
        assertThat(poller.poll()).isEqualTo(new BucketPoller.Poll(2, 0, 0));
        someoneElse.bucket("polled").put("uploads/new.txt", bytes("changed"));
        someoneElse.bucket("polled").delete("uploads/before.txt");
        assertThat(poller.poll()).isEqualTo(new BucketPoller.Poll(1, 1, 1));
        assertThat(events).extracting(BucketEvent::eventName).containsExactly(BucketEvent.PUT, BucketEvent.PUT, BucketEvent.DELETE);
        assertThat(events).extracting(BucketEvent::source).containsOnly(BucketEvent.Source.POLLER);
        assertThat(events.get(1).eTag()).isNotEqualTo(events.get(0).eTag());
        poller.close();
    }

    @Test
    void writesThroughInkwellAreNotAnnouncedAgain() {
        BucketPoller poller = new BucketPoller(bucket, "", SeenObjects.inMemory(), true);
        poller.poll();
        bucket.put("mine.txt", bytes("mine"));
        bucket.delete("mine.txt");
        bucket.put("kept.txt", bytes("kept"));
        assertThat(poller.poll().created()).isZero();
        assertThat(poller.poll().removed()).isZero();
        assertThat(events).extracting(BucketEvent::source).containsOnly(BucketEvent.Source.INKWELL);
        poller.close();
    }

    @Test
    void aStartedPollerPollsOnItsOwn() throws InterruptedException {
        try (BucketPoller poller = BucketPoller.start(bucket, "", Duration.ofMillis(100), SeenObjects.inMemory(), true)) {
            someoneElse.bucket("polled").put("late.txt", bytes("late"));
            Instant end = Instant.now().plusSeconds(10);
            while (events.isEmpty() && Instant.now().isBefore(end)) Thread.sleep(20);
            assertThat(events).extracting(BucketEvent::key).containsExactly("late.txt");
        }
    }
}
