package dev.inkwell.monitor.capture;

import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One capture object's lines as they are encoded, in fixed-size chunks taken from a {@link Pool} and given back once
 * the object is written: a busy writer keeps reusing the same few long-lived arrays instead of growing, copying and
 * dropping a large one every flush (which the collector would copy while it is alive). The writing thread's alone.
 */
final class CaptureBuffer extends OutputStream {
    static final int CHUNK_BYTES = 64 * 1024;

    /**
     * Spare chunks. The writer {@link #fit fits} the bound to what it uses at each flush (twice the chunks then out,
     * between a floor and a ceiling): under a burst the pool grows so that every object is written from chunks that
     * live for good instead of new ones the young collections copy and promote, and it shrinks again after.
     */
    static final class Pool {
        private final ArrayDeque<byte[]> spare = new ArrayDeque<>();
        private final int floor;
        private final int ceiling;
        private int max;
        private int out;

        Pool(int floor, int ceiling) {
            this.floor = floor;
            this.ceiling = Math.max(floor, ceiling);
            this.max = floor;
        }

        byte[] take() {
            out++;
            byte[] c = spare.poll();
            return c != null ? c : new byte[CHUNK_BYTES];
        }

        void give(byte[] chunk) {
            out--;
            if (spare.size() < max) spare.push(chunk);
        }

        /** Keeps up to twice the chunks now taken (within the floor and ceiling) from now on. */
        void fit() {
            max = (int) Math.max(floor, Math.min(ceiling, 2L * out));
            while (spare.size() > max) spare.pop();
        }

        int spare() {
            return spare.size();
        }

        /** Chunks taken and not given back. */
        int out() {
            return out;
        }
    }

    private final Pool pool;
    private final List<byte[]> chunks = new ArrayList<>();
    private long size;

    CaptureBuffer(Pool pool) {
        this.pool = pool;
    }

    @Override
    public void write(int b) {
        int at = (int) (size % CHUNK_BYTES);
        if (at == 0 && size / CHUNK_BYTES == chunks.size()) chunks.add(pool.take());
        chunks.get((int) (size / CHUNK_BYTES))[at] = (byte) b;
        size++;
    }

    @Override
    public void write(byte[] b, int off, int len) {
        while (len > 0) {
            int at = (int) (size % CHUNK_BYTES);
            if (at == 0 && size / CHUNK_BYTES == chunks.size()) chunks.add(pool.take());
            int n = Math.min(len, CHUNK_BYTES - at);
            System.arraycopy(b, off, chunks.get((int) (size / CHUNK_BYTES)), at, n);
            size += n;
            off += n;
            len -= n;
        }
    }

    long size() {
        return size;
    }

    /** Drops what was written after the buffer was {@code size} bytes long (a line that could not be finished). */
    void truncate(long to) {
        if (to < 0 || to > size) throw new IllegalArgumentException("cannot truncate " + size + " bytes to " + to);
        size = to;
        int keep = (int) ((to + CHUNK_BYTES - 1) / CHUNK_BYTES);
        while (chunks.size() > keep) pool.give(chunks.removeLast());
    }

    /** The bytes as a stream, read straight from the chunks (the buffer must not change while it is read). */
    InputStream stream() {
        return new InputStream() {
            private long at;

            @Override
            public int read() {
                if (at >= size) return -1;
                int b = chunks.get((int) (at / CHUNK_BYTES))[(int) (at % CHUNK_BYTES)] & 0xff;
                at++;
                return b;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                Objects.checkFromIndexSize(off, len, b.length);
                if (len == 0) return 0;
                if (at >= size) return -1;
                int in = (int) (at % CHUNK_BYTES);
                int n = (int) Math.min(len, Math.min(CHUNK_BYTES - in, size - at));
                System.arraycopy(chunks.get((int) (at / CHUNK_BYTES)), in, b, off, n);
                at += n;
                return n;
            }

            @Override
            public int available() {
                return (int) Math.min(Integer.MAX_VALUE, size - at);
            }
        };
    }

    /** Gives every chunk back to the pool; the buffer is empty after. */
    void release() {
        truncate(0);
    }
}
