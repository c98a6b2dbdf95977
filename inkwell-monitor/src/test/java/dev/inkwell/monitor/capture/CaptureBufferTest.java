package dev.inkwell.monitor.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** The chunked capture buffer against a plain byte stream, across chunk boundaries, truncation and reuse. */
class CaptureBufferTest {
    @Property(tries = 200)
    void holdsWhatWasWrittenAcrossChunks(@ForAll @Size(max = 12) List<@IntRange(min = 0, max = 150_000) Integer> writes,
                                         @ForAll @IntRange(min = 0, max = 100) int cutPercent) {
        CaptureBuffer.Pool pool = new CaptureBuffer.Pool(4, 4);
        CaptureBuffer buffer = new CaptureBuffer(pool);
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        int seed = 0;
        for (int len : writes) {
            byte[] b = new byte[len];
            for (int i = 0; i < len; i++) b[i] = (byte) (seed++ * 31 + 7);
            if (len % 2 == 0) {
                buffer.write(b, 0, len);
            } else {
                for (byte x : b) buffer.write(x); // byte by byte
            }
            expected.write(b, 0, len);
        }
        assertThat(buffer.size()).isEqualTo(expected.size());
        assertThat(bytes(buffer)).isEqualTo(expected.toByteArray());

        long cut = buffer.size() * cutPercent / 100;
        buffer.truncate(cut);
        buffer.write(new byte[] {1, 2, 3}, 0, 3);
        byte[] after = Arrays.copyOf(Arrays.copyOf(expected.toByteArray(), (int) cut), (int) cut + 3);
        after[(int) cut] = 1;
        after[(int) cut + 1] = 2;
        after[(int) cut + 2] = 3;
        assertThat(bytes(buffer)).isEqualTo(after);

        buffer.release();
        assertThat(buffer.size()).isZero();
        assertThat(bytes(buffer)).isEmpty();
        assertThat(pool.spare()).isLessThanOrEqualTo(4);
    }

    @Example
    void givenBackChunksAreReused() {
        CaptureBuffer.Pool pool = new CaptureBuffer.Pool(8, 8);
        CaptureBuffer a = new CaptureBuffer(pool);
        a.write(new byte[3 * CaptureBuffer.CHUNK_BYTES], 0, 3 * CaptureBuffer.CHUNK_BYTES);
        assertThat(pool.spare()).isZero();
        a.release();
        assertThat(pool.spare()).isEqualTo(3);
        CaptureBuffer b = new CaptureBuffer(pool);
        b.write(7);
        assertThat(pool.spare()).isEqualTo(2);
        assertThat(bytes(b)).containsExactly(7);
    }

    @Example
    void truncatingBeyondTheEndIsRefused() {
        CaptureBuffer buffer = new CaptureBuffer(new CaptureBuffer.Pool(1, 1));
        buffer.write(1);
        assertThatThrownBy(() -> buffer.truncate(2)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> buffer.truncate(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Example
    void aStreamReadsBackWhatWasWrittenAcrossChunks() throws IOException {
        CaptureBuffer buffer = new CaptureBuffer(new CaptureBuffer.Pool(4, 4));
        byte[] data = new byte[CaptureBuffer.CHUNK_BYTES * 2 + 123];
        new Random(5).nextBytes(data);
        buffer.write(data, 0, data.length);
        assertThat(buffer.stream().readAllBytes()).isEqualTo(data);
        InputStream in = buffer.stream(); // byte by byte, then in odd slices, across the chunk edges
        byte[] back = new byte[data.length];
        back[0] = (byte) in.read();
        int at = 1;
        for (int n; (n = in.read(back, at, Math.min(7_919, back.length - at))) > 0; ) at += n;
        assertThat(at).isEqualTo(data.length);
        assertThat(back).isEqualTo(data);
        assertThat(in.read()).isEqualTo(-1);
        assertThat(new CaptureBuffer(new CaptureBuffer.Pool(1, 1)).stream().read()).isEqualTo(-1);
    }

    @Example
    void thePoolGrowsToTheLoadAndShrinksAfter() {
        CaptureBuffer.Pool pool = new CaptureBuffer.Pool(2, 100);
        List<CaptureBuffer> burst = oneChunkEach(pool, 30);
        assertThat(pool.out()).isEqualTo(30);
        pool.fit(); // at a flush under the burst: keep up to 60
        burst.forEach(CaptureBuffer::release);
        assertThat(pool.spare()).isEqualTo(30);
        assertThat(pool.out()).isZero();
        CaptureBuffer quiet = new CaptureBuffer(pool);
        quiet.write(1);
        pool.fit(); // one chunk out: keep the floor of 2
        assertThat(pool.spare()).isEqualTo(2);
        quiet.release();
        assertThat(pool.spare()).isEqualTo(2);
        CaptureBuffer.Pool capped = new CaptureBuffer.Pool(2, 5);
        List<CaptureBuffer> many = oneChunkEach(capped, 30);
        capped.fit();
        many.forEach(CaptureBuffer::release);
        assertThat(capped.spare()).isEqualTo(5); // the ceiling (the writer's byte bound)
    }

    /** {@code n} buffers holding one byte, so one chunk, each. */
    private static List<CaptureBuffer> oneChunkEach(CaptureBuffer.Pool pool, int n) {
        List<CaptureBuffer> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            CaptureBuffer b = new CaptureBuffer(pool);
            b.write(1);
            out.add(b);
        }
        return out;
    }

    /** What the buffer holds, read back as its object is written: through its stream. */
    private static byte[] bytes(CaptureBuffer buffer) {
        try {
            return buffer.stream().readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
