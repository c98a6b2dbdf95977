package dev.inkwell.monitor.capture;

import static org.assertj.core.api.Assertions.assertThat;

import dev.inkwell.bucket.Buckets;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A process capturing without end is killed outright (SIGKILL, no shutdown hook runs): every reading acknowledged
 * more than one flush interval before the kill is in the bucket.
 */
class CaptureKillTest {
    private static final Logger LOG = LoggerFactory.getLogger(CaptureKillTest.class);
    private static final long INTERVAL_MS = 1000;

    @TempDir
    Path temp;

    private record Ack(long seq, long millis) {
    }

    @Test
    void killMinusNineLosesAtMostTheLastFlushInterval() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-Xmx256m", "-Djava.awt.headless=true", "-cp", System.getProperty("java.class.path"),
                CaptureChild.class.getName(), temp.toString(), Long.toString(INTERVAL_MS))
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        List<Ack> acks = new CopyOnWriteArrayList<>();
        AtomicLong lastWritten = new AtomicLong(Long.MAX_VALUE);
        AtomicLong writes = new AtomicLong();
        Thread reader = Thread.ofPlatform().start(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    String[] p = line.split(" ");
                    if (p.length == 3 && p[0].equals("ack")) acks.add(new Ack(Long.parseLong(p[1]), Long.parseLong(p[2])));
                    if (p.length == 2 && p[0].equals("written")) {
                        lastWritten.set(Long.parseLong(p[1]));
                        writes.incrementAndGet();
                    }
                }
            } catch (Exception e) {
                // the pipe closes when the child dies
            }
        });
        long killAt;
        try {
            // a cold JVM on a loaded machine may take seconds before its writer's first write: kill only once the
            // writer has written twice (CI once killed a child whose writer had not written yet, and counted it all lost)
            StoredCaptures.await("the child to capture for three flush intervals and write twice", Duration.ofSeconds(120),
                    () -> writes.get() >= 2 && acks.size() > 50 && acks.getLast().millis() - acks.getFirst().millis() > 3 * INTERVAL_MS);
            killAt = System.currentTimeMillis();
            child.destroyForcibly();
            assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
        } finally {
            child.destroyForcibly();
        }
        reader.join(Duration.ofSeconds(30));

        Set<Long> stored = new HashSet<>();
        try (Buckets buckets = Buckets.folder(temp)) {
            for (CaptureRecord r : StoredCaptures.records(buckets, "captures")) {
                String input = new String(Base64.getDecoder().decode(r.captureData().endpointInput().data()), StandardCharsets.US_ASCII);
                stored.add(Long.parseLong(input.substring("seq-".length())));
            }
        }
        List<Long> old = new ArrayList<>();
        List<Long> recent = new ArrayList<>();
        // "the last interval" ends at the kill, or earlier when a starved machine kept the writer from running since its
        // last write: what was acknowledged an interval before the writer's last chance must be stored
        long cutoff = Math.min(killAt, lastWritten.get()) - INTERVAL_MS;
        for (Ack a : acks) (a.millis() < cutoff ? old : recent).add(a.seq());
        List<Long> lostOld = old.stream().filter(s -> !stored.contains(s)).toList();
        long lostRecent = recent.stream().filter(s -> !stored.contains(s)).count();
        LOG.info("kill -9: {} readings acknowledged, {} in the bucket; of the {} acknowledged more than {} ms before the kill, {} missing; "
                + "of the {} in the last interval, {} missing", acks.size(), stored.size(), old.size(), INTERVAL_MS, lostOld.size(), recent.size(), lostRecent);
        assertThat(old).as("readings acknowledged well before the kill").hasSizeGreaterThan(50);
        assertThat(lostOld).as("acknowledged more than one interval before the kill, yet not in the bucket").isEmpty();
    }
}
