package dev.inkwell.s3api;

import dev.inkwell.bucket.BucketContract;
import dev.inkwell.bucket.Buckets;
import dev.inkwell.bucket.s3.S3Settings;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bucket contract through the S3 API: Inkwell's S3 backend (the AWS SDK v2 Java client) talking to Inkwell's S3
 * API over a folder bucket, so every request crosses the real protocol both ways.
 */
class S3ApiBucketTest extends BucketContract {
    static final String ACCESS = "contract-access";
    static final String SECRET = "contract-secret-key";

    @TempDir
    Path root;
    private Buckets served;
    private S3ApiServer server;

    @Override
    protected Buckets openBuckets() {
        served = Buckets.folder(root);
        server = S3ApiServer.start(served, "127.0.0.1", 0, S3Credentials.of(ACCESS, SECRET));
        return Buckets.s3(S3Settings.endpoint(server.endpoint(), ACCESS, SECRET).withPartSize(S3Settings.MIN_PART_SIZE));
    }

    @AfterEach
    void stop() {
        if (buckets != null) buckets.close(); // the client first: its idle connections would hold the server's stop
        if (server != null) server.close();
        if (served != null) served.close();
    }

    @Override
    protected boolean deleteTellsWhetherThereWasAnObject() {
        return false;
    }
}
