package dev.inkwell.bucket.folder;

import dev.inkwell.bucket.BucketContract;
import dev.inkwell.bucket.Buckets;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The bucket contract on the folder backend. */
class FolderBucketTest extends BucketContract {
    @TempDir
    Path root;

    @Override
    protected Buckets openBuckets() {
        return Buckets.folder(root);
    }
}
