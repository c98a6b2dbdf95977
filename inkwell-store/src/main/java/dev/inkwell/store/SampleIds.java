package dev.inkwell.store;

import dev.inkwell.dataset.Sample;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.UUID;

/**
 * The key of a sample in a table: its own uuid when the source has one (a CSV uuid column), else a name-based UUID
 * of where it came from and what it holds. Re-reading the same file gives the same keys, so a re-run ingest adds
 * nothing twice; two different images never share a key even when their sources are named alike.
 */
public final class SampleIds {
    private SampleIds() {
    }

    public static String idOf(Sample s) {
        if (s.uuid() != null && !s.uuid().isBlank()) return s.uuid();
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
        md.update((s.source() == null ? "" : s.source()).getBytes(StandardCharsets.UTF_8));
        md.update(ByteBuffer.allocate(17).put((byte) 0).putInt(s.label() == null ? -1 : s.label())
                .putInt(s.width()).putInt(s.height()).putInt(s.channels()).array());
        md.update(s.pixels());
        byte[] h = md.digest();
        // RFC 9562 version 8 (custom, hash-based) layout: version and variant bits set on the first 16 bytes
        h[6] = (byte) ((h[6] & 0x0F) | 0x80);
        h[8] = (byte) ((h[8] & 0x3F) | 0x80);
        ByteBuffer b = ByteBuffer.wrap(h, 0, 16);
        return new UUID(b.getLong(), b.getLong()).toString();
    }
}
