import com.sun.management.OperatingSystemMXBean;
import dev.inkwell.bucket.Bucket;
import dev.inkwell.bucket.Buckets;
import dev.inkwell.bucket.s3.S3Settings;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.locks.LockSupport;

/**
 * A light S3 client for bench/triggers.sh: Inkwell's S3 bucket backend (the AWS SDK v2 for Java) putting PNGs through
 * the S3 API, so that on a small machine the client's own CPU does not decide the figure (boto3 costs several ms of
 * CPU per request). Prints what bench/triggers_client.py's upload prints: {"ok", "failed", "started", "seconds"}, and
 * "cpu_ms", this process's CPU time during the uploads.
 *
 * With GO (a file name) it first warms itself up: WARM puts of keys under PREFIX that end in ".bin" (no trigger takes
 * them), so that its own JIT compilation is not in the figures; then it creates GO.ready and waits for GO to exist, so
 * that the caller can start counting the server's CPU time.
 *
 *   java -Dhttp.maxConnections=64 -cp "inkwell-app/target/inkwell.jar:inkwell-app/target/lib/*" bench/TriggerLoad.java \
 *       ENDPOINT ACCESS SECRET BUCKET PREFIX SAMPLES_DIR COUNT THREADS RATE [GO WARM]
 */
public class TriggerLoad {
    public static void main(String[] a) throws Exception {
        URI endpoint = URI.create(a[0]);
        String bucketName = a[3];
        String prefix = a[4];
        Path samples = Path.of(a[5]);
        int count = Integer.parseInt(a[6]);
        int threads = Integer.parseInt(a[7]);
        double rate = Double.parseDouble(a[8]);
        byte[][] digits = new byte[10][];
        for (int d = 0; d < 10; d++) digits[d] = Files.readAllBytes(samples.resolve(d + ".png"));
        Map<String, Double> started = new ConcurrentHashMap<>();
        List<String> failed = Collections.synchronizedList(new ArrayList<>());
        try (Buckets buckets = Buckets.s3(S3Settings.endpoint(endpoint, a[1], a[2]))) {
            Uploader bucket = "http".equals(System.getProperty("client", "sdk"))
                    ? new SignedHttpUploader(endpoint, a[1], a[2], bucketName)
                    : sdk(buckets.bucket(bucketName));
            bucket.put(prefix + "warm-up.bin", new byte[] {0}, "application/octet-stream"); // the client's own start, outside the figures
            if (a.length > 9) warmUp(bucket, prefix, digits, threads, Integer.parseInt(a[10]), Path.of(a[9]));
            long cpu0 = processCpuNanos();
            long t0 = System.nanoTime() + 200_000_000L;
            long begin = System.nanoTime();
            try (var pool = Executors.newFixedThreadPool(threads)) {
                for (int i = 0; i < count; i++) {
                    int k = i;
                    pool.submit(() -> {
                        String key = String.format("%s%04d_%d.png", prefix, k, k % 10);
                        if (rate > 0) {
                            long at = t0 + (long) (k / rate * 1e9);
                            for (long wait; (wait = at - System.nanoTime()) > 0; ) LockSupport.parkNanos(wait);
                        }
                        double when = System.currentTimeMillis() / 1000.0;
                        try {
                            bucket.put(key, digits[k % 10], "image/png");
                            started.put(key, when);
                        } catch (Exception e) {
                            failed.add(key);
                        }
                    });
                }
            }
            double seconds = (System.nanoTime() - begin) / 1e9;
            StringBuilder json = new StringBuilder("{\"ok\": ").append(started.size()).append(", \"failed\": [");
            for (int i = 0; i < failed.size(); i++) json.append(i == 0 ? "" : ", ").append('"').append(failed.get(i)).append('"');
            json.append("], \"seconds\": ").append(seconds).append(", \"cpu_ms\": ").append((processCpuNanos() - cpu0) / 1_000_000)
                    .append(", \"started\": {");
            boolean first = true;
            for (var e : started.entrySet()) {
                json.append(first ? "" : ", ").append('"').append(e.getKey()).append("\": ").append(e.getValue());
                first = false;
            }
            System.out.println(json.append("}}"));
        }
    }

    private static void warmUp(Uploader bucket, String prefix, byte[][] digits, int threads, int count, Path go) throws Exception {
        try (var pool = Executors.newFixedThreadPool(threads)) {
            for (int i = 0; i < count; i++) {
                int k = i;
                pool.submit(() -> {
                    bucket.put(String.format("%swarm-up/%04d.bin", prefix, k), digits[k % 10], "image/png");
                    return null;
                });
            }
        }
        Files.createFile(Path.of(go + ".ready"));
        while (!Files.exists(go)) Thread.sleep(10);
    }

    /** One way to put an object; failures are exceptions. */
    interface Uploader {
        void put(String key, byte[] body, String contentType) throws Exception;
    }

    /** Inkwell's S3 bucket backend: the AWS SDK v2 for Java (the default, -Dclient=sdk). */
    private static Uploader sdk(Bucket bucket) {
        return (key, body, type) -> bucket.put(key, body, type);
    }

    /**
     * -Dclient=http: the JDK's HTTP client, each PUT signed with the SDK's own SigV4 signer (unsigned payload), nothing
     * else of the SDK: on a 2-core machine the SDK's client costs ~3.5 ms of CPU per upload, taken from the server.
     */
    static final class SignedHttpUploader implements Uploader {
        private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        private final AwsV4HttpSigner signer = AwsV4HttpSigner.create();
        private final AwsCredentialsIdentity credentials;
        private final URI endpoint;
        private final String bucket;

        SignedHttpUploader(URI endpoint, String access, String secret, String bucket) {
            this.endpoint = endpoint;
            this.credentials = AwsCredentialsIdentity.create(access, secret);
            this.bucket = bucket;
        }

        @Override
        public void put(String key, byte[] body, String contentType) throws Exception {
            URI uri = endpoint.resolve("/" + bucket + "/" + key);
            SdkHttpRequest request = SdkHttpRequest.builder().method(SdkHttpMethod.PUT).uri(uri)
                    .putHeader("Content-Type", contentType).putHeader("Content-Length", Integer.toString(body.length)).build();
            SignedRequest signed = signer.sign(r -> r.identity(credentials).request(request)
                    .payload(ContentStreamProvider.fromByteArrayUnsafe(body))
                    .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "s3")
                    .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1")
                    .putProperty(AwsV4HttpSigner.PAYLOAD_SIGNING_ENABLED, false));
            HttpRequest.Builder b = HttpRequest.newBuilder(uri).PUT(HttpRequest.BodyPublishers.ofByteArray(body));
            signed.request().forEachHeader((name, values) -> {
                if (!name.equalsIgnoreCase("Host") && !name.equalsIgnoreCase("Content-Length")) values.forEach(v -> b.header(name, v));
            });
            HttpResponse<Void> response = http.send(b.build(), HttpResponse.BodyHandlers.discarding());
            if (response.statusCode() != 200) throw new IllegalStateException("PUT " + key + ": HTTP " + response.statusCode());
        }
    }

    private static long processCpuNanos() {
        return ((OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }
}
