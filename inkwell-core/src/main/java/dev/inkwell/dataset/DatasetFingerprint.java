package dev.inkwell.dataset;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * SHA-256 of a dataset's content, independent of its file format: for each sample in order, its label
 * (-1 when unlabelled), width, height and channels as big-endian 32-bit integers, then its pixel bytes.
 * uuid, source and split are not content, so MNIST read from IDX, from CSV with uuids, or from IDX written back
 * has the same fingerprint.
 */
public final class DatasetFingerprint {
    private static final byte[] DOMAIN = "inkwell-dataset-v1\n".getBytes(StandardCharsets.US_ASCII);
    private final MessageDigest sha;
    private final ByteBuffer head = ByteBuffer.allocate(16);

    public DatasetFingerprint() {
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
        sha.update(DOMAIN);
    }

    public void add(Sample s) {
        head.clear();
        head.putInt(s.label() == null ? -1 : s.label()).putInt(s.width()).putInt(s.height()).putInt(s.channels());
        sha.update(head.array());
        sha.update(s.pixels());
    }

    /** The hex digest; the fingerprint cannot be added to afterwards. */
    public String hex() {
        return HexFormat.of().formatHex(sha.digest());
    }

    /** Fingerprint of everything {@code reader} yields (and closes it). */
    public static String of(SampleReader reader) {
        try (reader) {
            DatasetFingerprint f = new DatasetFingerprint();
            for (Sample s = reader.next(); s != null; s = reader.next()) f.add(s);
            return f.hex();
        }
    }
}
