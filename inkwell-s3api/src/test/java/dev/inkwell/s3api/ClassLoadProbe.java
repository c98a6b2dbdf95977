package dev.inkwell.s3api;

import dev.inkwell.bucket.Bucket;
import dev.inkwell.bucket.Buckets;
import dev.inkwell.bucket.ListRequest;
import dev.inkwell.bucket.folder.FolderWatcher;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Run in a JVM of its own by {@link LeanClassPathTest}: uses buckets the way a serving replica does, and starts
 * the S3 API only when asked, printing how long that took.
 */
public final class ClassLoadProbe {
    private ClassLoadProbe() {
    }

    public static void main(String[] args) throws Exception {
        Path root = Files.createTempDirectory("probe");
        try (Buckets buckets = Buckets.folder(root)) {
            Bucket b = buckets.createIfMissing("probe");
            b.put("a/b.txt", "probe".getBytes(StandardCharsets.UTF_8));
            b.list(ListRequest.all().withDelimiter("/"));
            b.get("a/b.txt").readAllBytes();
            FolderWatcher.start(buckets, "probe").close();
            if (args.length > 0 && args[0].equals("s3-api")) {
                long started = System.nanoTime();
                try (S3ApiServer s3 = S3ApiServer.start(buckets, "127.0.0.1", 0, S3Credentials.of("probe", "probe-secret"))) {
                    System.out.println("S3 API started in " + (System.nanoTime() - started) / 1_000_000 + " ms on port " + s3.port());
                }
            }
            b.delete("a/b.txt");
        }
        System.out.println("probe done");
    }
}
