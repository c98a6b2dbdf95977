package dev.inkwell.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What every process sharing a store relies on from a work queue, on SQLite and on PostgreSQL. */
abstract class WorkQueueContract {
    private final List<Store> opened = new ArrayList<>();

    abstract String newLocation() throws Exception;

    Store open(String location) {
        Store s = Store.open(location);
        opened.add(s);
        return s;
    }

    @AfterEach
    void closeStores() {
        opened.forEach(Store::close);
    }

    /** A clock the test moves by hand. */
    static final class TestClock extends Clock {
        final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-11-28T10:00:00Z"));

        void advance(Duration d) {
            now.updateAndGet(t -> t.plus(d));
        }

        @Override
        public Instant instant() {
            return now.get();
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }

    @Test
    void enqueueingTheSameKeyTwiceAddsOneItem() throws Exception {
        WorkQueue q = open(newLocation()).queue("objects");
        assertThat(q.enqueue("b/k/etag1", "{}")).isTrue();
        assertThat(q.enqueue("b/k/etag1", "{\"other\":1}")).isFalse();
        assertThat(q.enqueue("b/k/etag2", "{}")).isTrue();
        assertThat(q.counts()).containsEntry(WorkItem.Status.PENDING, 2L);
        assertThat(q.find("b/k/etag1").orElseThrow().payload()).isEqualTo("{}");
    }

    @Test
    void claimsTakeTheOldestDueItemsPendingOrWithAnExpiredLeaseWhateverIsDone() throws Exception {
        TestClock clock = new TestClock();
        WorkQueue q = open(newLocation()).queue("objects", clock);
        for (String k : List.of("a", "b", "c", "d")) q.enqueue(k, "{}");
        WorkItem a = q.claim("replica-a", Duration.ofSeconds(30), 1).getFirst();
        WorkItem b = q.claim("replica-a", Duration.ofSeconds(30), 1).getFirst();
        assertThat(List.of(a.key(), b.key())).containsExactly("a", "b");
        assertThat(q.complete(b, "replica-a", "{}")).isTrue();
        for (int i = 0; i < 50; i++) { // history: done items never come back, however many
            q.enqueue("old-" + i, "{}");
        }
        for (WorkItem old : q.claim("replica-a", Duration.ofSeconds(30), 60)) {
            if (old.key().startsWith("old-")) assertThat(q.complete(old, "replica-a", "{}")).isTrue();
            else assertThat(q.release(old, "replica-a")).isTrue(); // c and d go back, unclaimed
        }
        clock.advance(Duration.ofSeconds(40)); // a's lease ran out
        q.enqueue("e", "{}"); // due now, later than the others
        assertThat(q.claim("replica-b", Duration.ofSeconds(30), 3)).extracting(WorkItem::key).containsExactly("a", "c", "d");
        assertThat(q.claim("replica-b", Duration.ofSeconds(30), 5)).extracting(WorkItem::key).containsExactly("e");
        assertThat(q.claim("replica-b", Duration.ofSeconds(30), 5)).isEmpty();
    }

    @Test
    void aClaimedItemIsNobodyElsesUntilItsLeaseRunsOutThenItIsTakenOver() throws Exception {
        TestClock clock = new TestClock();
        WorkQueue q = open(newLocation()).queue("objects", clock);
        q.enqueue("k1", "{}");
        WorkItem first = q.claim("replica-a", Duration.ofSeconds(30), 10).getFirst();
        assertThat(first.status()).isEqualTo(WorkItem.Status.RUNNING);
        assertThat(first.attempts()).isEqualTo(1);
        assertThat(q.claim("replica-b", Duration.ofSeconds(30), 10)).isEmpty();
        clock.advance(Duration.ofSeconds(20));
        assertThat(q.extend(first, "replica-a", Duration.ofSeconds(30))).isTrue();
        clock.advance(Duration.ofSeconds(20));
        assertThat(q.claim("replica-b", Duration.ofSeconds(30), 10)).as("the lease was extended").isEmpty();
        clock.advance(Duration.ofSeconds(15)); // replica-a died: its lease runs out
        WorkItem taken = q.claim("replica-b", Duration.ofSeconds(30), 10).getFirst();
        assertThat(taken.owner()).isEqualTo("replica-b");
        assertThat(taken.attempts()).isEqualTo(2);
        // the stalled replica comes back: its late answer is refused, the new holder's counts
        assertThat(q.complete(first, "replica-a", "late")).isFalse();
        assertThat(q.complete(taken, "replica-b", "{\"ok\":true}")).isTrue();
        WorkItem done = q.find("k1").orElseThrow();
        assertThat(done.status()).isEqualTo(WorkItem.Status.DONE);
        assertThat(done.result()).isEqualTo("{\"ok\":true}");
        assertThat(q.claim("replica-c", Duration.ofSeconds(30), 10)).isEmpty();
    }

    @Test
    void aKeptLeaseIsExtendedWhileTheWorkRunsAndRunsOutOnceTheKeeperStops() throws Exception {
        WorkQueue q = open(newLocation()).queue("objects");
        q.enqueue("k1", "{}");
        WorkItem item = q.claim("replica-a", Duration.ofSeconds(2), 1).getFirst();
        Instant first = item.leaseUntil();
        try (LeaseKeeper kept = LeaseKeeper.keep(q, item, "replica-a", Duration.ofSeconds(2))) {
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (!q.find("k1").orElseThrow().leaseUntil().isAfter(first)) {
                assertThat(System.nanoTime()).as("the keeper extended the lease within 30 s").isLessThan(deadline);
                Thread.sleep(50);
            }
            assertThat(kept.held()).isTrue();
        }
        WorkItem last = q.find("k1").orElseThrow();
        assertThat(last.owner()).isEqualTo("replica-a");
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        List<WorkItem> taken = q.claim("replica-b", Duration.ofSeconds(30), 1);
        while (taken.isEmpty()) { // the keeper stopped: the lease runs out and replica-b takes the item over
            assertThat(System.nanoTime()).as("taken over within 30 s").isLessThan(deadline);
            Thread.sleep(50);
            taken = q.claim("replica-b", Duration.ofSeconds(30), 1);
        }
        assertThat(taken.getFirst().attempts()).isEqualTo(2);
        assertThat(q.find("k1").orElseThrow().leaseUntil()).isAfterOrEqualTo(last.leaseUntil());
    }

    @Test
    void aKeeperWhoseItemWasTakenOverStopsAndSaysSo() throws Exception {
        TestClock clock = new TestClock();
        WorkQueue q = open(newLocation()).queue("objects", clock);
        q.enqueue("k1", "{}");
        WorkItem stalled = q.claim("replica-a", Duration.ofSeconds(30), 1).getFirst();
        clock.advance(Duration.ofSeconds(31));
        WorkItem taken = q.claim("replica-b", Duration.ofSeconds(30), 1).getFirst();
        try (LeaseKeeper kept = LeaseKeeper.keep(q, stalled, "replica-a", Duration.ofMillis(60))) {
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (kept.held()) {
                assertThat(System.nanoTime()).as("the keeper noticed within 30 s").isLessThan(deadline);
                Thread.sleep(20);
            }
        }
        WorkItem now = q.find("k1").orElseThrow();
        assertThat(now.owner()).isEqualTo("replica-b");
        assertThat(now.leaseUntil()).isEqualTo(taken.leaseUntil());
        assertThatThrownBy(() -> LeaseKeeper.keep(q, taken, "replica-b", Duration.ofMillis(5)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 30 ms");
    }

    @Test
    void retriesWaitForTheirTimeAndFailuresStay() throws Exception {
        TestClock clock = new TestClock();
        WorkQueue q = open(newLocation()).queue("objects", clock);
        q.enqueue("k1", "{}");
        q.enqueue("k2", "{}");
        List<WorkItem> both = q.claim("a", Duration.ofMinutes(1), 10);
        assertThat(both).extracting(WorkItem::key).containsExactly("k1", "k2");
        assertThat(q.retry(both.get(0), "a", "timeout talking to S3", clock.instant().plusSeconds(10))).isTrue();
        assertThat(q.fail(both.get(1), "a", "line 3, column 5: not a number")).isTrue();
        assertThat(q.claim("a", Duration.ofMinutes(1), 10)).as("not before its retry time").isEmpty();
        clock.advance(Duration.ofSeconds(11));
        WorkItem again = q.claim("a", Duration.ofMinutes(1), 10).getFirst();
        assertThat(again.key()).isEqualTo("k1");
        assertThat(again.attempts()).isEqualTo(2);
        assertThat(again.error()).isEqualTo("timeout talking to S3");
        assertThat(q.list(WorkItem.Status.FAILED, 10)).extracting(WorkItem::error).containsExactly("line 3, column 5: not a number");
    }

    /** A lease on one named thing: who polls a bucket prefix. Held until it runs out, then anyone may take it. */
    @Test
    void anItemClaimedByKeyIsALeaseOnThatThing() throws Exception {
        TestClock clock = new TestClock();
        WorkQueue q = open(newLocation()).queue("leaders", clock);
        q.enqueue("poll:uploads/in/", "{}");
        q.enqueue("poll:other/", "{}");
        assertThat(q.claim("poll:nothing/", "a", Duration.ofSeconds(30))).isEmpty();
        WorkItem held = q.claim("poll:uploads/in/", "a", Duration.ofSeconds(30)).orElseThrow();
        assertThat(held.owner()).isEqualTo("a");
        assertThat(held.key()).isEqualTo("poll:uploads/in/");
        assertThat(q.claim("poll:uploads/in/", "b", Duration.ofSeconds(30))).as("a holds it").isEmpty();
        assertThat(q.find("poll:other/").orElseThrow().status()).as("only the named item").isEqualTo(WorkItem.Status.PENDING);
        clock.advance(Duration.ofSeconds(20));
        assertThat(q.extend(held, "a", Duration.ofSeconds(30))).isTrue();
        clock.advance(Duration.ofSeconds(20));
        assertThat(q.claim("poll:uploads/in/", "b", Duration.ofSeconds(30))).isEmpty();
        clock.advance(Duration.ofSeconds(11)); // a died
        WorkItem taken = q.claim("poll:uploads/in/", "b", Duration.ofSeconds(30)).orElseThrow();
        assertThat(taken.owner()).isEqualTo("b");
        assertThat(q.extend(held, "a", Duration.ofSeconds(30))).as("a lost it").isFalse();
        assertThat(q.complete(taken, "b", null)).isTrue();
        assertThat(q.claim("poll:uploads/in/", "c", Duration.ofSeconds(30))).as("done is done").isEmpty();
    }

    @Test
    void aReleasedItemIsClaimableAtOnceAndTheClaimDoesNotCount() throws Exception {
        TestClock clock = new TestClock();
        WorkQueue q = open(newLocation()).queue("objects", clock);
        q.enqueue("k1", "{}", clock.instant().plusSeconds(5));
        assertThat(q.claim("a", Duration.ofMinutes(1), 10)).isEmpty();
        clock.advance(Duration.ofSeconds(5));
        WorkItem item = q.claim("a", Duration.ofMinutes(1), 10).getFirst();
        assertThat(item.attempts()).isEqualTo(1);
        assertThat(q.release(item, "b")).as("not b's").isFalse();
        assertThat(q.release(item, "a")).isTrue();
        assertThat(q.release(item, "a")).as("released already").isFalse();
        WorkItem again = q.claim("b", Duration.ofMinutes(1), 10).getFirst();
        assertThat(again.key()).isEqualTo("k1");
        assertThat(again.attempts()).isEqualTo(1);
        assertThat(q.complete(item, "a", null)).as("a gave it away").isFalse();
    }

    @Test
    void itemsAreListedByStatusAndKeyPrefix() throws Exception {
        WorkQueue q = open(newLocation()).queue("objects");
        for (String key : List.of("digits@1/uploads/e1/a.png", "digits@1/uploads/e2/b.png", "digits-2@1/uploads/e3/c.png", "csv@1/x/e/%_.csv")) {
            q.enqueue(key, "{}");
        }
        for (WorkItem item : q.claim("a", Duration.ofMinutes(1), 10)) q.fail(item, "a", "bad " + item.key());
        assertThat(q.list(WorkItem.Status.FAILED, "digits@", 10)).extracting(WorkItem::key)
                .containsExactly("digits@1/uploads/e1/a.png", "digits@1/uploads/e2/b.png");
        assertThat(q.list(WorkItem.Status.FAILED, "digits", 1)).hasSize(1);
        assertThat(q.list(WorkItem.Status.FAILED, "csv@1/x/e/%_", 10)).as("no wildcards").extracting(WorkItem::key).containsExactly("csv@1/x/e/%_.csv");
        assertThat(q.list(WorkItem.Status.FAILED, "csv@1/x/e/__", 10)).isEmpty();
        assertThat(q.list(WorkItem.Status.PENDING, "digits@", 10)).isEmpty();
        assertThat(q.list(WorkItem.Status.FAILED, "", 10)).hasSize(4);
    }

    @Test
    void theLatestItemsOfAKeyPrefixComeNewestFirstInAnyStatusAndAnItemIsFoundById() throws Exception {
        WorkQueue q = open(newLocation()).queue("monitor");
        for (String key : List.of("mnist@1", "mnist-2@1", "mnist@2", "mnist@3")) q.enqueue(key, "{}");
        WorkItem claimed = q.claim("mnist@1", "a", Duration.ofMinutes(1)).orElseThrow();
        q.complete(claimed, "a", "{\"readings\": 1}");
        assertThat(q.latest("mnist@", 10)).extracting(WorkItem::key).containsExactly("mnist@3", "mnist@2", "mnist@1");
        assertThat(q.latest("mnist@", 2)).extracting(WorkItem::key).containsExactly("mnist@3", "mnist@2");
        assertThat(q.latest("none@", 10)).isEmpty();
        assertThat(q.find(claimed.id())).get().satisfies(i -> {
            assertThat(i.status()).isEqualTo(WorkItem.Status.DONE);
            assertThat(i.result()).isEqualTo("{\"readings\": 1}");
        });
        assertThat(q.find(claimed.id() + 1000)).isEmpty();
        assertThat(open(newLocation()).queue("other").find(claimed.id())).as("another queue's item").isEmpty();
    }

    @Test
    void nextDueSaysWhenWorkCanBeClaimed() throws Exception {
        TestClock clock = new TestClock();
        WorkQueue q = open(newLocation()).queue("objects", clock);
        assertThat(q.nextDue()).isEmpty();
        Instant later = clock.instant().plusSeconds(40);
        q.enqueue("later", "{}", later);
        assertThat(q.nextDue()).contains(later);
        q.enqueue("now", "{}");
        assertThat(q.nextDue()).contains(clock.instant());
        WorkItem now = q.claim("a", Duration.ofSeconds(10), 1).getFirst();
        assertThat(q.nextDue()).as("the running item's lease ends first").contains(clock.instant().plusSeconds(10));
        q.complete(now, "a", null);
        assertThat(q.nextDue()).contains(later);
        clock.advance(Duration.ofSeconds(41));
        q.fail(q.claim("a", Duration.ofSeconds(10), 1).getFirst(), "a", "no");
        assertThat(q.nextDue()).as("done and failed items are no work").isEmpty();
    }

    @Test
    void queuesAreSeparate() throws Exception {
        Store s = open(newLocation());
        s.queue("a").enqueue("same-key", "1");
        s.queue("b").enqueue("same-key", "2");
        assertThat(s.queue("a").claim("x", Duration.ofMinutes(1), 5)).extracting(WorkItem::payload).containsExactly("1");
        assertThat(s.queue("b").claim("x", Duration.ofMinutes(1), 5)).extracting(WorkItem::payload).containsExactly("2");
    }

    /** Four workers (each its own store, as separate replicas would be) drain 200 items: each one exactly once. */
    @Test
    void workersSharingAStoreEachTakeDifferentItems() throws Exception {
        String location = newLocation();
        Store setup = open(location);
        for (int i = 0; i < 200; i++) setup.queue("objects").enqueue("item-" + i, "{}");
        Set<String> seen = ConcurrentHashMap.newKeySet();
        List<String> duplicates = Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Integer>> workers = new ArrayList<>();
            for (int w = 0; w < 4; w++) {
                Store replica = open(location);
                String owner = "replica-" + w;
                workers.add(pool.submit(() -> {
                    int done = 0;
                    WorkQueue q = replica.queue("objects");
                    for (List<WorkItem> batch = q.claim(owner, Duration.ofMinutes(5), 7); !batch.isEmpty();
                         batch = q.claim(owner, Duration.ofMinutes(5), 7)) {
                        for (WorkItem item : batch) {
                            if (!seen.add(item.key())) duplicates.add(item.key());
                            assertThat(q.complete(item, owner, null)).isTrue();
                            done++;
                        }
                    }
                    return done;
                }));
            }
            int total = 0;
            for (Future<Integer> f : workers) total += f.get();
            assertThat(total).isEqualTo(200);
        } finally {
            pool.shutdown();
        }
        assertThat(duplicates).isEmpty();
        assertThat(new HashSet<>(seen)).hasSize(200);
        assertThat(setup.queue("objects").counts()).containsEntry(WorkItem.Status.DONE, 200L).doesNotContainKey(WorkItem.Status.PENDING);
    }
}
