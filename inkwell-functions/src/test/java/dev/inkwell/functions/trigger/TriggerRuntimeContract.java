package dev.inkwell.functions.trigger;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.inkwell.bucket.Bucket;
import dev.inkwell.bucket.Buckets;
import dev.inkwell.bucket.event.S3Notifications;
import dev.inkwell.bucket.testing.S3TestServer;
import dev.inkwell.core.Json;
import dev.inkwell.functions.FunctionEnvironment;
import dev.inkwell.functions.FunctionFailure;
import dev.inkwell.functions.Functions;
import dev.inkwell.functions.TestModels;
import dev.inkwell.store.Store;
import dev.inkwell.store.WorkItem;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The trigger runtime on real folder buckets and a real store (SQLite, PostgreSQL): events from writes, watchers and
 * webhooks become work done once; failures are retried, reported and listed; outputs never trigger; processes sharing
 * a store never run one object at once and take over a dead one's work.
 */
abstract class TriggerRuntimeContract {
    @TempDir
    Path dir;
    final TestFunctions test = new TestFunctions();
    private final List<AutoCloseable> opened = Collections.synchronizedList(new ArrayList<>());

    /** A fresh store location. */
    abstract String newStore() throws Exception;

    /** One process's view: its own store connection pool, buckets and trigger runtime. */
    record Runtime(Store store, Buckets buckets, TriggerService service) {
        Triggers triggers() {
            return service.triggers();
        }

        long count(WorkItem.Status status) {
            return service.counts().getOrDefault(status, 0L);
        }
    }

    static TriggerSettings fast() {
        return TriggerSettings.defaults().withRefresh(Duration.ofMillis(200)).withQueuePoll(Duration.ofMillis(100))
                .withLease(Duration.ofSeconds(3)).withRetries(4, Duration.ofMillis(100), Duration.ofSeconds(1))
                .withWatchSettle(Duration.ofMillis(200)).withWatchPoll(Duration.ofMillis(200)).withBucketPoll(Duration.ofMillis(300));
    }

    Functions functions() {
        return Functions.builtIn().register(test.record()).register(test.flaky()).register(test.blocking());
    }

    <T extends AutoCloseable> T closeLater(T c) {
        opened.add(c);
        return c;
    }

    Runtime start(String store, Buckets buckets, TriggerSettings settings) {
        Store s = closeLater(Store.open(store));
        FunctionEnvironment env = new FunctionEnvironment(buckets, () -> s, TestModels.mnist8(), null, null);
        TriggerService service = closeLater(TriggerService.start(s, buckets, functions(), env, settings));
        return new Runtime(s, buckets, service);
    }

    Runtime start(String store) {
        return start(store, closeLater(folderBuckets()), fast());
    }

    Buckets folderBuckets() {
        Buckets b = Buckets.folder(dir.resolve("buckets"));
        b.createIfMissing("uploads");
        return b;
    }

    @AfterEach
    void closeAll() throws Exception {
        List<AutoCloseable> reversed = new ArrayList<>(opened);
        Collections.reverse(reversed);
        for (AutoCloseable c : reversed) c.close();
    }

    static ObjectNode options(String... pairs) {
        ObjectNode o = Json.mapper().createObjectNode();
        for (int i = 0; i < pairs.length; i += 2) o.put(pairs[i], pairs[i + 1]);
        return o;
    }

    private static String text(Bucket b, String key) {
        return new String(b.get(key).readAllBytes(), StandardCharsets.UTF_8);
    }

    @Test
    void seed001sFlowAnUploadedDigitIsClassifiedOnceAndARepeatAddsNothing() throws Exception {
        Runtime r = start(newStore());
        r.triggers().create("digits", "uploads", "incoming/", ".png", "classify", options());
        Bucket uploads = r.buckets().bucket("uploads");
        uploads.put("incoming/7.png", TestModels.digit(7), "image/png");
        Await.until("the result of 7.png", () -> uploads.exists("results/incoming/7.png.txt") && r.count(WorkItem.Status.DONE) == 1);
        assertThat(text(uploads, "results/incoming/7.png.txt")).startsWith("class=7 ; probability=");
        assertThat(Json.mapper().readTree(text(uploads, "results/incoming/7.png.json")).get("label").asText()).isEqualTo("7");
        String eTag = uploads.head("results/incoming/7.png.txt").eTag();

        uploads.put("incoming/7.png", TestModels.digit(7), "image/png"); // the same version again
        uploads.put("incoming/notes.txt", new byte[] {1}, "text/plain");  // not the suffix
        uploads.put("elsewhere/3.png", TestModels.digit(3), "image/png"); // not the prefix
        Thread.sleep(500);
        assertThat(r.service().counts()).containsOnlyKeys(WorkItem.Status.DONE).containsEntry(WorkItem.Status.DONE, 1L);
        assertThat(uploads.head("results/incoming/7.png.txt").eTag()).isEqualTo(eTag);

        uploads.put("incoming/7.png", TestModels.digit(1), "image/png"); // a new version is new work
        Await.until("the new version's result", () -> r.count(WorkItem.Status.DONE) == 2 && text(uploads, "results/incoming/7.png.txt").startsWith("class=1 "));
    }

    @Test
    void whatTriggersWriteNeverTriggersAgain() throws Exception {
        Runtime r = start(newStore());
        // everything in the bucket: the results and reports land where these triggers look
        r.triggers().create("all", "uploads", "", "", "record", options());
        r.triggers().create("classify-all", "uploads", "", "", "classify", options("output_prefix", "results/"));
        Bucket uploads = r.buckets().bucket("uploads");
        for (int d = 0; d < 3; d++) uploads.put("in/" + d + ".png", TestModels.digit(d), "image/png");
        Await.until("three results", () -> uploads.exists("results/in/2.png.txt") && uploads.exists("done/in/2.png") && r.count(WorkItem.Status.DONE) >= 6);
        Thread.sleep(1500); // a watcher or a second pass would have queued more by now
        assertThat(test.runs).hasSize(3);
        assertThat(r.count(WorkItem.Status.DONE)).as("no work queued for outputs, even by the trigger's catch-up").isEqualTo(6);
        assertThat(r.count(WorkItem.Status.FAILED)).isZero();
        assertThat(uploads.objects("").map(o -> o.key()).toList()).noneMatch(k -> k.startsWith("results/results/") || k.startsWith("done/done/")
                || k.startsWith("results/done/") || k.startsWith("done/results/"));
    }

    @Test
    void aCorruptPictureGivesAnErrorReportAndAFailureAndNothingElseBreaks() throws Exception {
        Runtime r = start(newStore());
        r.triggers().create("digits", "uploads", "incoming/", ".png", "classify", options());
        Bucket uploads = r.buckets().bucket("uploads");
        byte[] png = TestModels.digit(5);
        uploads.put("incoming/bad.png", Arrays.copyOf(png, 40), "image/png");
        uploads.put("incoming/5.png", png, "image/png");
        Await.until("a report and a result", () -> uploads.exists("results/incoming/bad.png.error.json") && uploads.exists("results/incoming/5.png.txt"));
        JsonNode report = Json.mapper().readTree(text(uploads, "results/incoming/bad.png.error.json"));
        assertThat(report.get("error").asText()).isEqualTo(FunctionFailure.INVALID_INPUT);
        assertThat(report.get("cause").asText()).contains("s3://uploads/incoming/bad.png");
        assertThat(report.get("attempts").asInt()).as("a bad input is not retried").isEqualTo(1);
        assertThat(report.get("trigger").asText()).isEqualTo("digits");
        assertThat(uploads.exists("results/incoming/bad.png.txt")).isFalse();
        Await.until("the failure is listed", () -> r.triggers().failures("digits", 10).size() == 1);
        TriggerFailure f = r.triggers().failures(null, 10).getFirst();
        assertThat(f.key()).isEqualTo("incoming/bad.png");
        assertThat(f.report()).isEqualTo("results/incoming/bad.png.error.json");
        assertThat(f.error()).isEqualTo(FunctionFailure.INVALID_INPUT);
        assertThat(r.triggers().failures("other", 10)).isEmpty();
        assertThat(text(uploads, "results/incoming/5.png.txt")).startsWith("class=5 ");
    }

    @Test
    void seed000sFlowACsvIsIngestedOnceAndABadOneIsReportedWithLineAndColumn() throws Exception {
        Runtime r = start(newStore());
        r.triggers().create("ingest", "uploads", "csv/", ".csv", "ingest", options("table", "digits"));
        Bucket uploads = r.buckets().bucket("uploads");
        StringBuilder csv = new StringBuilder();
        for (int row = 0; row < 50; row++) {
            csv.append(row % 10);
            for (int i = 0; i < 784; i++) csv.append(',').append((row + i) % 256);
            csv.append('\n');
        }
        uploads.put("csv/train.csv", csv.toString().getBytes(StandardCharsets.US_ASCII), "text/csv");
        Await.until("50 rows", () -> r.store().table("digits").counts().getOrDefault("train", 0L) == 50);
        uploads.put("csv/bad.csv", "1,2,3,4,5\n1,2,3,4,x\n".getBytes(StandardCharsets.US_ASCII), "text/csv");
        Await.until("the report", () -> uploads.exists("results/csv/bad.csv.error.json"));
        JsonNode report = Json.mapper().readTree(text(uploads, "results/csv/bad.csv.error.json"));
        assertThat(report.at("/location/file").asText()).isEqualTo("s3://uploads/csv/bad.csv");
        assertThat(report.at("/location/line").asInt()).isEqualTo(2);
        assertThat(report.at("/location/column").asInt()).isEqualTo(5);
        assertThat(r.store().table("digits").counts()).containsEntry("train", 50L);
    }

    @Test
    void failuresThatMayPassAreRetriedWithBackoffAndThenGivenUp() throws Exception {
        Runtime r = start(newStore());
        r.triggers().create("twice", "uploads", "twice/", "", "flaky", options("fail_times", "2").deepCopy().put("fail_times", 2));
        r.triggers().create("never", "uploads", "never/", "", "flaky", Json.mapper().createObjectNode().put("fail_times", 100));
        Bucket uploads = r.buckets().bucket("uploads");
        uploads.put("twice/a.bin", new byte[] {1}, "application/octet-stream");
        uploads.put("never/b.bin", new byte[] {2}, "application/octet-stream");
        Await.until("one done, one failed", () -> r.count(WorkItem.Status.DONE) == 1 && r.count(WorkItem.Status.FAILED) == 1,
                Await.LONG, () -> r.service().status().toString());
        assertThat(test.attempts.get("twice/a.bin").get()).isEqualTo(3);
        assertThat(test.attempts.get("never/b.bin").get()).as("maxAttempts").isEqualTo(4);
        TriggerFailure f = r.triggers().failures("never", 5).getFirst();
        assertThat(f.attempts()).isEqualTo(4);
        assertThat(f.error()).isEqualTo(FunctionFailure.UNAVAILABLE);
        assertThat(f.cause()).contains("attempt 4");
        assertThat(Json.mapper().readTree(text(uploads, "results/never/b.bin.error.json")).get("attempts").asInt()).isEqualTo(4);
    }

    @Test
    void filesOtherProgramsCopyIntoAFolderBucketAreSeen() throws Exception {
        Runtime r = start(newStore());
        r.triggers().create("copied", "uploads", "dropped/", ".png", "classify", options());
        Path folder = dir.resolve("buckets/uploads/dropped");
        Files.createDirectories(folder);
        Path staged = Files.write(dir.resolve("8.png.tmp"), TestModels.digit(8));
        Thread.sleep(600); // the watcher starts within a refresh
        Files.move(staged, folder.resolve("8.png"), StandardCopyOption.ATOMIC_MOVE);
        Bucket uploads = r.buckets().bucket("uploads");
        Await.until("the copied file's result", () -> uploads.exists("results/dropped/8.png.txt"));
        assertThat(text(uploads, "results/dropped/8.png.txt")).startsWith("class=8 ");
    }

    @Test
    void aTriggerCreatedByAnotherProcessCatchesUpOnObjectsWrittenBeforeThisOneKnewIt() throws Exception {
        String location = newStore();
        TriggerSettings slow = fast().withRefresh(Duration.ofSeconds(2));
        Runtime r = start(location, closeLater(folderBuckets()), slow);
        Store other = closeLater(Store.open(location));
        new Triggers(other, functions(), null).create("late", "uploads", "late/", "", "record", options());
        r.buckets().bucket("uploads").put("late/x.bin", new byte[] {7}, "application/octet-stream"); // before this process read the trigger
        // the function runs before its work item is marked done: wait for both, then for what a duplicate would need
        Await.until("the catch-up", () -> test.runs.keySet().stream().anyMatch(k -> k.startsWith("uploads/late/x.bin@"))
                && r.count(WorkItem.Status.DONE) >= 1);
        Thread.sleep(500);
        assertThat(r.count(WorkItem.Status.DONE)).isEqualTo(1);
    }

    /** S3 buckets: events come only from notifications here (no polling), objects are written by others. */
    @Test
    void webhookNotificationsAreQueuedAndMinIOsShortFormIsLookedUp() throws Exception {
        S3TestServer s3 = closeLater(S3TestServer.start());
        Buckets writer = closeLater(Buckets.s3(s3.settings()));
        writer.create("uploads");
        Runtime r = start(newStore(), closeLater(Buckets.s3(s3.settings())), fast().withBucketPoll(Duration.ZERO));
        r.triggers().create("hook", "uploads", "hook/", "", "record", options());
        String eTag = writer.bucket("uploads").put("hook/a.bin", new byte[] {1, 2, 3}).eTag();
        writer.bucket("uploads").put("hook/b c.bin", new byte[] {4});
        String aws = """
                {"Records": [{"eventVersion": "2.1", "eventSource": "aws:s3", "eventName": "ObjectCreated:Put",
                  "eventTime": "2026-11-28T10:00:00.000Z",
                  "s3": {"bucket": {"name": "uploads"}, "object": {"key": "hook/a.bin", "size": 3, "eTag": "%s", "sequencer": "0A1B"}}},
                 {"eventVersion": "2.1", "eventSource": "aws:s3", "eventName": "ObjectCreated:Put",
                  "eventTime": "2026-11-28T10:00:00.000Z",
                  "s3": {"bucket": {"name": "uploads"}, "object": {"key": "elsewhere/z.bin", "size": 3, "eTag": "%s", "sequencer": "0A1C"}}}]}
                """.formatted(eTag, eTag);
        assertThat(r.service().deliverWebhook(S3Notifications.parse(aws).events())).isEqualTo(1);
        assertThat(r.service().deliverWebhook(S3Notifications.parse(aws).events())).as("a retried notification adds nothing").isZero();
        String minio = "{\"EventName\": \"s3:ObjectCreated:Put\", \"Key\": \"uploads/hook/b c.bin\"}";
        assertThat(r.service().deliverWebhook(S3Notifications.parse(minio).events())).isEqualTo(1);
        Await.until("both objects", () -> r.count(WorkItem.Status.DONE) == 2);
        assertThat(test.runs.keySet()).anyMatch(k -> k.startsWith("uploads/hook/b c.bin@"));
        assertThat(r.buckets().bucket("uploads").exists("done/hook/a.bin")).isTrue();
        String gone = "{\"EventName\": \"s3:ObjectCreated:Put\", \"Key\": \"uploads/hook/never-written.bin\"}";
        assertThat(r.service().deliverWebhook(S3Notifications.parse(gone).events())).isZero();
    }

    /** S3 without notifications: one of the processes sharing the store polls a prefix; another takes over when it stops. */
    @Test
    void anS3PrefixIsPolledByOneProcessAtATime() throws Exception {
        S3TestServer s3 = closeLater(S3TestServer.start());
        Buckets writer = closeLater(Buckets.s3(s3.settings()));
        writer.create("uploads");
        String location = newStore();
        Runtime a = start(location, closeLater(Buckets.s3(s3.settings())), fast());
        Runtime b = start(location, closeLater(Buckets.s3(s3.settings())), fast());
        writer.bucket("uploads").put("polled/old.bin", new byte[] {0}); // before the trigger: not its work
        Thread.sleep(EventSources.CREATION_SLACK.toMillis() + 1100); // S3 times have whole seconds
        a.triggers().create("polled", "uploads", "polled/", "", "record", options());
        Await.until("one poller", () -> (int) a.service().status().get("polling") + (int) b.service().status().get("polling") == 1);
        Thread.sleep(1000);
        assertThat((int) a.service().status().get("polling") + (int) b.service().status().get("polling")).isEqualTo(1);
        writer.bucket("uploads").put("polled/1.bin", new byte[] {1});
        Await.until("the new object run", () -> test.runs.keySet().stream().anyMatch(k -> k.startsWith("uploads/polled/1.bin@")));
        Runtime leader = (int) a.service().status().get("polling") == 1 ? a : b;
        Runtime other = leader == a ? b : a;
        leader.service().close();
        Await.until("the other process polls", () -> (int) other.service().status().get("polling") == 1);
        writer.bucket("uploads").put("polled/2.bin", new byte[] {2});
        Await.until("the next object run", () -> test.runs.keySet().stream().anyMatch(k -> k.startsWith("uploads/polled/2.bin@")));
        Thread.sleep(1000);
        assertThat(test.runs.keySet()).noneMatch(k -> k.startsWith("uploads/polled/old.bin@"));
        assertThat(test.runs.values()).allMatch(n -> n.get() == 1);
    }

    /** Two processes (each its own pool and buckets, as two serve replicas) share one store and one folder. */
    @Test
    void processesSharingAStoreRunEachObjectOnceAndNeverTwoAtATime() throws Exception {
        String location = newStore();
        Runtime a = start(location);
        Runtime b = start(location);
        a.triggers().create("shared", "uploads", "shared/", "", "record", options());
        test.sleepMillis = 10;
        Await.until("b knows the trigger", () -> b.service().status().get("triggers").equals(1));
        for (int i = 0; i < 200; i++) {
            Runtime via = i % 2 == 0 ? a : b;
            via.buckets().bucket("uploads").put("shared/" + i + ".bin", ("object " + i).getBytes(StandardCharsets.UTF_8), "application/octet-stream");
        }
        Await.until("200 objects run", () -> test.runs.size() == 200 && a.count(WorkItem.Status.DONE) == 200, Await.LONG,
                () -> a.service().status() + " " + b.service().status());
        Thread.sleep(1000); // what a late duplicate would need to show
        assertThat(test.overlaps).isEmpty();
        assertThat(test.runs.values()).allMatch(n -> n.get() == 1);
        assertThat(a.count(WorkItem.Status.DONE)).isEqualTo(200);
        long doneByA = (Long) a.service().status().get("done_here");
        long doneByB = (Long) b.service().status().get("done_here");
        assertThat(doneByA + doneByB).isEqualTo(200);
        assertThat(doneByA).as("both processes worked").isPositive();
        assertThat(doneByB).as("both processes worked").isPositive();
    }

    @Test
    void aHungOrDeadProcessesWorkIsTakenOverWhenItsLeaseRunsOut() throws Exception {
        String location = newStore();
        Runtime a = start(location);
        a.triggers().create("slow", "uploads", "slow/", "", "blocking", options());
        a.buckets().bucket("uploads").put("slow/x.bin", new byte[] {9}, "application/octet-stream");
        assertThat(test.blocked.await(60, TimeUnit.SECONDS)).isTrue();
        // a dies: its heartbeats stop, its worker hangs where it was
        a.service().close(Duration.ZERO);
        Runtime b = start(location);
        Await.until("b takes over after a's lease", () -> b.count(WorkItem.Status.DONE) == 1, Await.LONG, () -> b.service().status().toString());
        assertThat(test.runs("slow/x.bin")).isEqualTo(2);
        WorkItem item = b.store().queue(TriggerWork.QUEUE).list(WorkItem.Status.DONE, 10).getFirst();
        assertThat(item.attempts()).isEqualTo(2);
        test.release.countDown();
    }

    @Test
    void closingGivesBackWhatWasClaimedButNotBegunAndFinishesTheRest() throws Exception {
        String location = newStore();
        Runtime a = start(location, closeLater(folderBuckets()), fast().withWorkers(1));
        a.triggers().create("all", "uploads", "batch/", "", "record", options());
        test.sleepMillis = 200;
        for (int i = 0; i < 20; i++) a.buckets().bucket("uploads").put("batch/" + i, new byte[] {(byte) i}, "application/octet-stream");
        Await.until("some work done", () -> a.count(WorkItem.Status.DONE) >= 1);
        a.service().close(Duration.ofSeconds(30));
        assertThat(a.count(WorkItem.Status.RUNNING)).as("nothing left leased to a stopped process").isZero();
        Runtime b = start(location);
        Await.until("the rest done by b", () -> b.count(WorkItem.Status.DONE) == 20);
        assertThat(test.runs.values()).allMatch(n -> n.get() == 1);
    }
}
