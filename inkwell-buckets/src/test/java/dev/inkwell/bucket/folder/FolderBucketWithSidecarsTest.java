package dev.inkwell.bucket.folder;

import static org.assertj.core.api.Assertions.assertThat;

import dev.inkwell.bucket.BucketContract;
import dev.inkwell.bucket.Buckets;
import dev.inkwell.bucket.PutOptions;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bucket contract on folders whose object descriptions go into sidecar files, as on a file system without user
 * extended attributes (where {@link FolderStore} falls back to them by itself).
 */
class FolderBucketWithSidecarsTest extends BucketContract {
    @TempDir
    Path root;

    @Test
    void descriptionsAreSidecarFilesAndNotAttributes() throws Exception {
        bucket.put("a/b.txt", new ByteArrayInputStream("hi".getBytes(StandardCharsets.UTF_8)),
                PutOptions.none().withMetadata(Map.of("origin", "test")));
        try (Stream<Path> files = Files.walk(root.resolve(FolderStore.STATE).resolve("meta"))) {
            assertThat(files.filter(Files::isRegularFile).count()).isEqualTo(1);
        }
        UserDefinedFileAttributeView view = Files.getFileAttributeView(root.resolve(bucket.name()).resolve("a/b.txt"), UserDefinedFileAttributeView.class);
        if (view != null) assertThat(view.list()).doesNotContain("inkwell.object");
        assertThat(bucket.head("a/b.txt").metadata()).containsEntry("origin", "test");
    }

    @Override
    protected Buckets openBuckets() {
        System.setProperty(FolderStore.ATTRIBUTES_PROPERTY, "false"); // read once, when the store is made
        try {
            return Buckets.folder(root);
        } finally {
            System.clearProperty(FolderStore.ATTRIBUTES_PROPERTY);
        }
    }
}
