package dev.inkwell.functions.builtin;

import dev.inkwell.bucket.Bucket;
import dev.inkwell.bucket.ObjectInfo;
import dev.inkwell.bucket.PutOptions;
import dev.inkwell.core.AtomicFiles;
import dev.inkwell.core.InputLocation;
import dev.inkwell.core.InvalidInputException;
import dev.inkwell.core.Progress;
import dev.inkwell.dataset.CsvWriter;
import dev.inkwell.dataset.Dataset;
import dev.inkwell.dataset.Sample;
import dev.inkwell.dataset.SampleReader;
import dev.inkwell.functions.FunctionOutputs;
import dev.inkwell.store.SampleTable;
import dev.inkwell.store.Store;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Seed 000's ExportDBToS3, streamed: a samples table as Kaggle CSV ({@code label,pixel0..pixelN[,uuid]}, with or
 * without header), into a bucket or a local file. Rows flow from the table's cursor to the destination as they are
 * written (a bucket takes a stream of unknown length: S3 in parts), so a table of any size needs little memory; the
 * object or file appears whole or not at all.
 */
public final class TableExport {
    private static final int PIPE_BYTES = 1 << 20;

    /**
     * @param split only this split (train, test…), or null for every row in table order
     */
    public record Request(String table, String split, boolean header, boolean uuid) {
        public Request {
            SampleTable.checkName(table);
            if (split != null) SampleTable.checkSplit(split);
        }
    }

    /** What was written: rows, and where (an object's ETag and size, or a file). */
    public record Result(long rows, String bucket, String key, String eTag, long size, Path file) {
    }

    private TableExport() {
    }

    /** Writes the table's rows as CSV to {@code out}; returns how many. */
    public static long write(Store store, Request request, OutputStream out, Progress progress) {
        Dataset dataset = store.table(request.table()).dataset();
        if (request.split() != null) {
            dataset = dataset.split(request.split());
            if (dataset.parts().isEmpty()) {
                throw new InvalidInputException(InputLocation.file("table " + request.table()), "has no rows in split " + request.split());
            }
        }
        CsvWriter writer = new CsvWriter(out, new CsvWriter.Options(request.header(), request.uuid(), null), "table " + request.table());
        try (SampleReader reader = dataset.open()) {
            for (Sample s = reader.next(); s != null; s = reader.next()) {
                writer.write(s);
                if ((writer.count() & 1023) == 0) progress.advance(1024);
            }
        }
        writer.flush();
        return writer.count();
    }

    public static Result toFile(Store store, Request request, Path file, Progress progress) {
        AtomicLong rows = new AtomicLong();
        AtomicFiles.write(file, out -> rows.set(write(store, request, out, progress)));
        return new Result(rows.get(), null, null, null, file.toFile().length(), file);
    }

    /**
     * Streams the CSV into {@code bucket/key} (marked as written by {@code origin}): the rows are written on a thread
     * of their own into a pipe the bucket reads. A failure on either side stores nothing.
     */
    public static Result toBucket(Store store, Request request, Bucket bucket, String key, String origin, Progress progress) {
        AtomicReference<RuntimeException> writeFailure = new AtomicReference<>();
        AtomicLong rows = new AtomicLong();
        PipedInputStream pipe = new PipedInputStream(PIPE_BYTES);
        PipedOutputStream sink;
        try {
            sink = new PipedOutputStream(pipe);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Thread writer = Thread.ofVirtual().name("inkwell-export-" + request.table()).start(() -> {
            // the failure is recorded before the pipe closes: the reader, seeing the end, must already know of it
            // (closing first, as try-with-resources would, let a failed export end like a whole one)
            try {
                rows.set(write(store, request, sink, progress));
            } catch (RuntimeException e) {
                writeFailure.set(e);
            } finally {
                try {
                    sink.close();
                } catch (IOException e) {
                    writeFailure.compareAndSet(null, new UncheckedIOException(e));
                }
            }
        });
        ObjectInfo info;
        try (InputStream in = new FailingAtEnd(pipe, writeFailure)) {
            info = FunctionOutputs.put(bucket, key, in, PutOptions.none().withContentType("text/csv"), origin);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            // the reading side gave up: the writer must not wait on a full pipe, and its own failure says more
            closeQuietly(pipe);
            join(writer);
            // a writer that failed on its own (a bad row, the store) says more; one that only found the pipe closed does not
            if (writeFailure.get() != null && !(writeFailure.get() instanceof UncheckedIOException)) throw writeFailure.get();
            throw e;
        }
        join(writer);
        if (writeFailure.get() != null) throw writeFailure.get(); // cannot happen after a stored object, but never hide it
        return new Result(rows.get(), bucket.name(), key, info.eTag(), info.size(), null);
    }

    private static void join(Thread t) {
        try {
            t.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException ignored) {
            // closing a pipe cannot fail in a way that matters here
        }
    }

    /** A pipe's reading end that fails instead of ending when the writer failed: half a table never looks whole. */
    private static final class FailingAtEnd extends InputStream {
        private final InputStream in;
        private final AtomicReference<RuntimeException> failure;

        FailingAtEnd(InputStream in, AtomicReference<RuntimeException> failure) {
            this.in = in;
            this.failure = failure;
        }

        private int checked(int n) throws IOException {
            if (n < 0 && failure.get() != null) throw new IOException("the export failed: " + failure.get().getMessage(), failure.get());
            return n;
        }

        @Override
        public int read() throws IOException {
            return checked(in.read());
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            return checked(in.read(b, off, len));
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
