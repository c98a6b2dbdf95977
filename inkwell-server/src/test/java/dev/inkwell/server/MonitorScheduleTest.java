package dev.inkwell.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.inkwell.bucket.Buckets;
import dev.inkwell.core.Json;
import dev.inkwell.core.Progress;
import dev.inkwell.dataset.Datasets;
import dev.inkwell.inference.OnnxImageClassifier;
import dev.inkwell.model.ModelResolvers;
import dev.inkwell.monitor.BaselineBuilder;
import dev.inkwell.monitor.CaptureWindow;
import dev.inkwell.preprocess.PreprocessOptions;
import dev.inkwell.recognition.Recognizer;
import dev.inkwell.registry.endpoint.CaptureSettings;
import dev.inkwell.server.monitoring.MonitorScheduler;
import dev.inkwell.server.monitoring.MonitorWindows;
import dev.inkwell.serving.endpoint.EndpointSpec;
import dev.inkwell.store.Store;
import dev.inkwell.store.WorkItem;
import dev.inkwell.testing.PostgresServer;
import dev.inkwell.testing.SharedData;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The monitoring schedule inside serve: two replicas on one SQLite file (and on one PostgreSQL database), each capturing its own traffic, judge 2-second
 * windows against a real baseline; every window is run by exactly one of them, its report lands in the reports
 * bucket, and both show the latest window's gauges on /metrics.
 */
class MonitorScheduleTest {
    private static final Logger LOG = LoggerFactory.getLogger(MonitorScheduleTest.class);
    private final HttpClient client = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    @Test
    void windowsAreAlignedToTheClockAndKeyedByEndpointAndWindow() {
        Duration hour = Duration.ofHours(1);
        CaptureWindow w = MonitorWindows.latestDue(Instant.parse("2026-11-23T10:00:30Z"), hour, Duration.ofMinutes(1));
        assertThat(w).isEqualTo(new CaptureWindow(Instant.parse("2026-11-23T08:00:00Z"), Instant.parse("2026-11-23T09:00:00Z")));
        CaptureWindow later = MonitorWindows.latestDue(Instant.parse("2026-11-23T10:01:00Z"), hour, Duration.ofMinutes(1));
        assertThat(later.since()).isEqualTo(Instant.parse("2026-11-23T09:00:00Z"));
        assertThat(MonitorWindows.previous(later)).isEqualTo(w);
        assertThat(MonitorWindows.key("mnist", later)).isEqualTo("mnist@2026-11-23T09:00:00Z/2026-11-23T10:00:00Z");
    }

    @Test
    void twoReplicasOnOneSqliteFileRunEachWindowOnceAndBothShowItsGauges() throws Exception {
        twoReplicas(dir.resolve("inkwell.db").toString());
    }

    /** The same on PostgreSQL, where the replicas claim windows with FOR UPDATE SKIP LOCKED instead of taking turns. */
    @Test
    void twoReplicasOnOnePostgresDatabaseRunEachWindowOnceAndBothShowItsGauges() throws Exception {
        twoReplicas(PostgresServer.shared().newDatabase("monitor"));
    }

    /**
     * A replica claimed a window and died: its lease (2 s for a 2 s interval) is not kept, so a live replica takes the
     * window over and runs it, as the item's second attempt.
     */
    @Test
    void aWindowWhoseReplicaDiedIsTakenOverWhenItsLeaseRunsOut() throws Exception {
        String store = dir.resolve("inkwell.db").toString();
        Path baseline = dir.resolve("baseline");
        String mnist8 = SharedData.mnist8Onnx().toString();
        try (OnnxImageClassifier classifier = OnnxImageClassifier.load(ModelResolvers.defaults().resolve(mnist8), 1)) {
            BaselineBuilder.build(new Recognizer(classifier, PreprocessOptions.DEFAULT), Datasets.open(SharedData.mnist()).split("test"), 200,
                    Progress.NONE).write(baseline);
        }
        CaptureWindow old = new CaptureWindow(Instant.parse("2026-11-28T08:00:00Z"), Instant.parse("2026-11-28T08:00:02Z"));
        String key = MonitorWindows.key("default", old);
        try (Store s = Store.open(store)) {
            s.queue(MonitorScheduler.QUEUE).enqueue(key, Json.mapper().createObjectNode().put("endpoint", "default")
                    .put("since", old.since().toString()).put("until", old.until().toString()).put("trigger", MonitorScheduler.SCHEDULE).toString());
            assertThat(s.queue(MonitorScheduler.QUEUE).claim(key, "dead-replica", Duration.ofSeconds(2))).isPresent();
        }
        try (InkwellServer live = InkwellServer.start(config(store, dir.resolve("buckets").toString(), mnist8, baseline), "test");
             Store s = Store.open(store)) {
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            WorkItem item = s.queue(MonitorScheduler.QUEUE).find(key).orElseThrow();
            while (item.status() != WorkItem.Status.DONE) {
                if (System.nanoTime() > deadline) throw new AssertionError("the dead replica's window was not taken over: " + item);
                Thread.sleep(50);
                item = s.queue(MonitorScheduler.QUEUE).find(key).orElseThrow();
            }
            assertThat(item.attempts()).isEqualTo(2);
            String replica = Json.mapper().readTree(item.result()).path("replica").asText();
            assertThat(replica).isNotEqualTo("dead-replica");
            assertThat(live.monitoring().ran()).containsEntry(key, replica);
        }
    }

    private void twoReplicas(String store) throws Exception {
        Path baseline = dir.resolve("baseline");
        String mnist8 = SharedData.mnist8Onnx().toString();
        try (OnnxImageClassifier classifier = OnnxImageClassifier.load(ModelResolvers.defaults().resolve(mnist8), 1)) {
            BaselineBuilder.build(new Recognizer(classifier, PreprocessOptions.DEFAULT), Datasets.open(SharedData.mnist()).split("test"), 500,
                    Progress.NONE).write(baseline);
        }
        String buckets = dir.resolve("buckets").toString();
        List<InkwellServer> replicas = new ArrayList<>();
        try {
            for (int i = 0; i < 2; i++) replicas.add(InkwellServer.start(config(store, buckets, mnist8, baseline), "replica-" + i));
            long end = System.nanoTime() + Duration.ofSeconds(9).toNanos();
            for (int n = 0; System.nanoTime() < end; n++) {
                InkwellServer to = replicas.get(n % 2);
                HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + to.port() + "/v1/endpoints/default/predict"))
                        .header("Content-Type", "image/png").POST(HttpRequest.BodyPublishers.ofByteArray(TestServer.sample(n % 10))).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(r.statusCode()).isEqualTo(200);
                Thread.sleep(40);
            }
            awaitDone(store, 3);
            for (InkwellServer s : replicas) awaitMetric(s, "inkwell_monitor_low_confidence_share{endpoint=\"default\"}");
            for (InkwellServer s : replicas) {
                String metrics = get(s, "/metrics");
                assertThat(metrics).contains("inkwell_monitor_drift_distance{endpoint=\"default\",feature=\"top_probability\"}")
                        .contains("inkwell_monitor_window_end_seconds{endpoint=\"default\"}");
            }
        } finally {
            for (InkwellServer s : replicas) s.close();
        }
        Map<String, String> a = replicas.get(0).monitoring().ran();
        Map<String, String> b = replicas.get(1).monitoring().ran();
        Set<String> both = new HashSet<>(a.keySet());
        both.retainAll(b.keySet());
        assertThat(both).as("windows run by both replicas").isEmpty();
        try (Store s = Store.open(store); Buckets bk = Buckets.folder(Path.of(buckets))) {
            assertThat(s.queue(MonitorScheduler.QUEUE).counts()).as("no run failed").doesNotContainKey(WorkItem.Status.FAILED);
            List<WorkItem> done = s.queue(MonitorScheduler.QUEUE).list(WorkItem.Status.DONE, 1000);
            Set<String> ran = new HashSet<>(a.keySet());
            ran.addAll(b.keySet());
            assertThat(done).extracting(WorkItem::key).containsExactlyInAnyOrderElementsOf(ran);
            assertThat(done).allSatisfy(item -> assertThat(item.attempts()).as(item.key() + ": " + item.error()).isEqualTo(1));
            LOG.info("windows run: {} by replica 0, {} by replica 1", a.size(), b.size());
            long withReadings = 0;
            for (WorkItem item : done) {
                JsonNode summary = Json.mapper().readTree(item.result());
                if (summary.path("readings").asLong() == 0) continue;
                withReadings++;
                String report = summary.path("report").asText();
                assertThat(report).startsWith("s3://monitoring/default/");
                String prefix = report.substring("s3://monitoring/".length());
                assertThat(bk.bucket("monitoring").exists(prefix + "constraint_violations.json")).as(report).isTrue();
                assertThat(bk.bucket("monitoring").exists(prefix + "report.html")).as(report).isTrue();
            }
            assertThat(withReadings).as("windows with captured readings").isGreaterThanOrEqualTo(2);
        }
    }

    private static ServerConfig config(String store, String buckets, String model, Path baseline) {
        ServerConfig.Builder c = ServerConfig.builder(List.of(new EndpointSpec("default", model)))
                .auth(new ServerConfig.Auth(null))
                .http(ServerConfig.Http.defaults().withAddress("127.0.0.1", 0))
                .store(store).buckets(buckets);
        c.capture(c.capture().withEndpoints(new CaptureSettings(100, null)).withFlushInterval(Duration.ofMillis(200)));
        c.monitoring(c.monitoring().withEvery(Duration.ofSeconds(2), Duration.ofMillis(600)).withBaselines(Map.of("default", baseline.toString())));
        return c.build();
    }

    private void awaitDone(String store, int windows) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        try (Store s = Store.open(store)) {
            while (s.queue(MonitorScheduler.QUEUE).counts().getOrDefault(WorkItem.Status.DONE, 0L) < windows) {
                if (System.nanoTime() > deadline) throw new AssertionError("fewer than " + windows + " windows done: " + s.queue(MonitorScheduler.QUEUE).counts());
                Thread.sleep(50);
            }
        }
    }

    private void awaitMetric(InkwellServer s, String metric) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!get(s, "/metrics").contains(metric)) {
            if (System.nanoTime() > deadline) throw new AssertionError("no " + metric + " on replica " + s.port());
            Thread.sleep(50);
        }
    }

    private String get(InkwellServer s, String path) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + s.port() + path)).build(), HttpResponse.BodyHandlers.ofString()).body();
    }
}
