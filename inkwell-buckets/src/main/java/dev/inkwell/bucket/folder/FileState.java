package dev.inkwell.bucket.folder;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/**
 * What tells one version of a file from another without reading it: size, modification time and file identity
 * (device and inode where the file system has them). Stored metadata describes a file only while these match, so a
 * file replaced by another program is never described by the old one's metadata.
 */
record FileState(long size, long modifiedNanos, String fileKey) {
    /** The state of a regular file, or null when there is none (missing, a folder, a symbolic link). */
    static FileState read(Path p) throws IOException {
        try {
            BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            return a.isRegularFile() ? of(a) : null;
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    static FileState of(BasicFileAttributes a) {
        return new FileState(a.size(), a.lastModifiedTime().to(TimeUnit.NANOSECONDS), a.fileKey() == null ? null : a.fileKey().toString());
    }

    Instant modified() {
        return Instant.ofEpochSecond(0, modifiedNanos);
    }
}
