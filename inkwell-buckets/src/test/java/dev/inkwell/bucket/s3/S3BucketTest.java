package dev.inkwell.bucket.s3;

import dev.inkwell.bucket.BucketContract;
import dev.inkwell.bucket.Buckets;
import dev.inkwell.bucket.testing.S3TestServer;
import org.junit.jupiter.api.AfterEach;

/** The bucket contract on the S3 backend, against a real S3 server (S3Proxy in-process, in memory, fresh per test). */
class S3BucketTest extends BucketContract {
    private S3TestServer server;

    @Override
    protected Buckets openBuckets() {
        server = S3TestServer.start();
        return Buckets.s3(server.settings());
    }

    @AfterEach
    void stopServer() {
        if (server != null) server.close();
    }

    @Override
    protected boolean deleteTellsWhetherThereWasAnObject() {
        return false;
    }

    @Override
    protected boolean listsInUtf8Order() {
        return false;
    }

    @Override
    protected boolean describesWhatItReadsUnderConcurrentWrites() {
        return false;
    }

    @Override
    protected boolean refusesPartsOfUnknownUploads() {
        return false;
    }
}
