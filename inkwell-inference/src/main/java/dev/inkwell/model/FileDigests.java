package dev.inkwell.model;

import dev.inkwell.core.AtomicFiles;
import dev.inkwell.core.InkwellHome;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * SHA-256 digests of model files (a model's identity when it is served), remembered between starts: a fresh JVM hashes
 * the ~0.9 MB of a small model in ~45 ms, interpreted, on every start. A note per file, under {@link #inCache()},
 * holds the digest with the file's stamp (size, modification and status-change times, inode); the note is used only
 * while the stamp is unchanged. The status-change time cannot be set back by any tool, so a rewrite with the same size
 * and a restored modification time is still seen; and a note is written only for a file unchanged for {@link #SETTLE}
 * (as git does), so a rewrite within the same tick of the file system's clock cannot go unseen either. Where the file
 * system has no such times, nothing is remembered. Notes are small files written atomically: processes sharing a home
 * may race to write one, never to corrupt it. A remembered digest costs no {@link MessageDigest} at all: a note is
 * named by a plain hash of the file's path (the note names the path too, so two paths with one name only replace each
 * other's note), as setting up the JDK's security providers for the first digest took ~20 ms of a start, interpreted.
 */
public final class FileDigests {
    /** How long a file must have been left alone before its digest is remembered. */
    public static final Duration SETTLE = Duration.ofSeconds(2);

    private final Path notes;
    private final Duration settle;

    public FileDigests(Path notes, Duration settle) {
        this.notes = notes;
        this.settle = settle;
    }

    /** Notes under {@code $INKWELL_HOME/cache/digests}. */
    public static FileDigests inCache() {
        return new FileDigests(InkwellHome.cache().resolve("digests"), SETTLE);
    }

    /** The lowercase hex SHA-256 of {@code file}'s content. */
    public String sha256(Path file) {
        Path absolute = file.toAbsolutePath().normalize();
        Stamp before = Stamp.of(absolute);
        Path note = before == null ? null : notes.resolve(noteName(absolute));
        if (note != null) {
            String known = recalled(note, absolute, before.text());
            if (known != null) return known;
        }
        String digest = hash(absolute);
        if (note != null && before.equals(Stamp.of(absolute)) && before.settledBy(Instant.now().minus(settle))) {
            remember(note, absolute, before.text(), digest);
        }
        return digest;
    }

    /** What identifies a file's content without reading it: size, modification and status-change times (ns), inode. */
    private record Stamp(long size, long modified, long changed, Object inode) {
        /** Null when the file system has no status-change time. */
        static Stamp of(Path file) {
            try {
                Map<String, Object> a = Files.readAttributes(file, "unix:size,lastModifiedTime,ctime,ino");
                return new Stamp((Long) a.get("size"), nanos(a.get("lastModifiedTime")), nanos(a.get("ctime")), a.get("ino"));
            } catch (UnsupportedOperationException | IllegalArgumentException | ClassCastException | IOException e) {
                return null;
            }
        }

        private static long nanos(Object time) {
            return ((FileTime) time).to(TimeUnit.NANOSECONDS);
        }

        /** Whether the file was last changed no later than {@code instant}. */
        boolean settledBy(Instant instant) {
            long latest = Math.max(modified, changed);
            return !Instant.ofEpochSecond(0, latest).isAfter(instant);
        }

        String text() {
            return size + ":" + modified + ":" + changed + ":" + inode;
        }
    }

    /** The note's digest when it is about this file with this stamp; null otherwise (missing, stale, damaged). */
    private static String recalled(Path note, Path file, String stamp) {
        try {
            List<String> lines = Files.readAllLines(note, StandardCharsets.UTF_8);
            if (lines.size() == 3 && lines.get(0).equals(file.toString()) && lines.get(1).equals(stamp)
                    && lines.get(2).matches("[0-9a-f]{64}")) {
                return lines.get(2);
            }
        } catch (IOException | UncheckedIOException e) {
            // no note, or an unreadable one: hash the file
        }
        return null;
    }

    private static void remember(Path note, Path file, String stamp, String digest) {
        try {
            AtomicFiles.write(note, out -> out.write((file + "\n" + stamp + "\n" + digest + "\n").getBytes(StandardCharsets.UTF_8)));
        } catch (RuntimeException e) {
            // a read-only home: the digest is only not remembered
        }
    }

    private static String hash(Path file) {
        try (DigestInputStream in = new DigestInputStream(Files.newInputStream(file), messageDigest())) {
            in.transferTo(OutputStream.nullOutputStream());
            return hex(in.getMessageDigest().digest());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /**
     * 32 hex digits from two 64-bit FNV-1a hashes of the path's UTF-8 bytes (different offsets): enough to keep paths
     * apart in one home, and nothing to set up.
     */
    static String noteName(Path file) {
        byte[] bytes = file.toString().getBytes(StandardCharsets.UTF_8);
        long a = 0xcbf29ce484222325L;
        long b = 0x84222325cbf29ce4L;
        for (byte x : bytes) {
            a = (a ^ (x & 0xff)) * 0x100000001b3L;
            b = (b ^ (x & 0xff)) * 0x100000001b3L;
            b ^= b >>> 29;
        }
        return HexFormat.of().toHexDigits(a) + HexFormat.of().toHexDigits(b);
    }

    private static MessageDigest messageDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
