package dev.inkwell.bucket;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;

/**
 * An object being read: what HEAD says about it and its bytes (all of them, or the range asked for). The caller
 * reads and closes it; the content is the object as it was when the read began, whatever writes happen meanwhile.
 */
public final class ObjectContent implements Closeable {
    private final ObjectInfo info;
    private final InputStream stream;
    private final long first;
    private final long length;

    /**
     * @param first  where the bytes start in the object (0 unless a range was asked for)
     * @param length how many bytes {@code stream} gives
     */
    public ObjectContent(ObjectInfo info, InputStream stream, long first, long length) {
        this.info = info;
        this.stream = stream;
        this.first = first;
        this.length = length;
    }

    public ObjectInfo info() {
        return info;
    }

    public InputStream stream() {
        return stream;
    }

    public long first() {
        return first;
    }

    public long length() {
        return length;
    }

    /** Whether this is a part of the object (a range was asked for). */
    public boolean isPartial() {
        return first != 0 || length != info.size();
    }

    /** HTTP's Content-Range value for a partial read: {@code bytes FIRST-LAST/SIZE}. */
    public String contentRange() {
        return "bytes " + first + "-" + (first + length - 1) + "/" + info.size();
    }

    public byte[] readAllBytes() {
        try (this) {
            return stream.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + info.bucket() + "/" + info.key() + ": " + e.getMessage(), e);
        }
    }

    public long transferTo(OutputStream out) throws IOException {
        try (this) {
            return stream.transferTo(out);
        }
    }

    @Override
    public void close() throws IOException {
        stream.close();
    }
}
