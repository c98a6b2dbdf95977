package dev.inkwell.serving;

import dev.inkwell.core.UnavailableException;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Where admitted large pictures are read: platform threads, one per core, which the operating system time-slices
 * against the virtual threads' carriers. Read on a virtual thread, a large picture holds its carrier until it is done
 * (virtual threads are not preempted), and with every carrier so held the small requests, health checks and refusals
 * wait behind it; on these threads they get their turn from the OS within a time slice. How many run at once is the
 * admission budget's business, not this pool's: the queue only holds what was admitted.
 */
final class LargePictures {
    private static final ThreadPoolExecutor THREADS = threads();

    private LargePictures() {
    }

    private static ThreadPoolExecutor threads() {
        int cores = Math.max(1, Runtime.getRuntime().availableProcessors());
        ThreadPoolExecutor pool = new ThreadPoolExecutor(cores, cores, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                Thread.ofPlatform().daemon().name("large-pictures-", 0).factory());
        pool.allowCoreThreadTimeOut(true); // none kept at rest
        return pool;
    }

    /** Runs {@code work} on one of these threads and returns its result; its exception is rethrown as it was. */
    static <T> T read(Callable<T> work) {
        Future<T> result = THREADS.submit(work);
        try {
            return result.get();
        } catch (InterruptedException e) {
            result.cancel(true);
            Thread.currentThread().interrupt();
            throw new UnavailableException("interrupted while a large picture was read (the server is stopping)");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException r) throw r;
            if (cause instanceof Error err) throw err;
            throw new IllegalStateException(cause);
        }
    }
}
