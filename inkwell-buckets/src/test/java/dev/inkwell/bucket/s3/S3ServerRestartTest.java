package dev.inkwell.bucket.s3;

import static org.assertj.core.api.Assertions.assertThat;

import dev.inkwell.bucket.Bucket;
import dev.inkwell.bucket.Buckets;
import dev.inkwell.bucket.testing.S3TestServer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * An S3 service that restarts closes the connections its clients keep alive. The JDK's HTTP client finds that out
 * only by using one, one at a time, so a client that kept several must retry past all of them: the next write after
 * the restart goes through instead of failing on the pool's dead connections.
 */
class S3ServerRestartTest {

    @Test
    void writesGoOnAfterTheServerRestartsUnderPooledConnections() throws Exception {
        try (S3TestServer server = S3TestServer.start(); Buckets buckets = Buckets.s3(server.settings())) {
            Bucket bucket = buckets.create("restarts");
            int writers = 5; // the JDK keeps up to http.maxConnections (5) idle connections per server
            for (int round = 0; round < 3; round++) {
                writeAtOnce(bucket, writers, "before-" + round);
                server.restart();
                bucket.put("after-" + round, bytes("after " + round));
                assertThat(bucket.get("after-" + round).readAllBytes()).isEqualTo(bytes("after " + round));
            }
            assertThat(bucket.objects("before-").count()).isEqualTo(3L * writers);
        }
    }

    /** Puts from several threads at once, so that the client opens and then keeps several connections. */
    private static void writeAtOnce(Bucket bucket, int writers, String prefix) throws Exception {
        CyclicBarrier start = new CyclicBarrier(writers);
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < writers; i++) {
                String key = prefix + "/" + i;
                done.add(pool.submit(() -> {
                    start.await();
                    bucket.put(key, bytes(key));
                    return null;
                }));
            }
            for (Future<?> f : done) f.get();
        } finally {
            pool.shutdownNow();
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
