package dev.inkwell.serving.admission;

import dev.inkwell.serving.input.PredictInput;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Admits prediction requests by what they cost to read — their pictures' pixels, from the headers, before any decoding
 * — against one {@link PixelBudget} per replica; a large request that does not fit waits a bounded time for room in a
 * short queue (parked, not on a core), and one that still does not fit is refused with {@link OverloadedException}
 * (503, {@code Retry-After}), so a flood of large pictures waits at the clients instead of in the replica's CPU queue,
 * ahead of small requests. A picture without a readable header is charged its byte
 * length: the decoder refuses it quickly.
 */
public final class PixelAdmission implements AdmissionGate {
    private final PixelBudget budget;
    private final Duration retryAfter;
    private final long maxPicturePixels;
    private final Duration maxWait;
    private final AtomicLong admitted = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();

    public PixelAdmission(PixelBudget budget, Duration retryAfter) {
        this(budget, retryAfter, Long.MAX_VALUE);
    }

    /**
     * @param maxPicturePixels the most pixels the decoder accepts in one picture: a header claiming more costs nothing
     *                         here, since the decoder refuses it from that header (413) without reading a pixel; asking
     *                         its client to retry later (503) would be a lie
     */
    public PixelAdmission(PixelBudget budget, Duration retryAfter, long maxPicturePixels) {
        this(budget, retryAfter, maxPicturePixels, Duration.ZERO);
    }

    /** @param maxWait how long a large request waits for room before it is refused (0: refused at once) */
    public PixelAdmission(PixelBudget budget, Duration retryAfter, long maxPicturePixels, Duration maxWait) {
        if (retryAfter == null || retryAfter.isNegative()) throw new IllegalArgumentException("retry-after must be 0 or more");
        if (maxWait == null || maxWait.isNegative()) throw new IllegalArgumentException("the longest wait must be 0 or more");
        if (maxPicturePixels <= 0) throw new IllegalArgumentException("the largest picture must have a positive number of pixels");
        this.budget = budget;
        this.retryAfter = retryAfter;
        this.maxPicturePixels = maxPicturePixels;
        this.maxWait = maxWait;
    }

    @Override
    public Ticket admit(List<PredictInput> inputs) {
        long cost = cost(inputs, maxPicturePixels);
        long charge = acquire(cost);
        if (charge < 0) {
            rejected.incrementAndGet();
            throw new OverloadedException("this replica is reading " + budget.inFlight() + " pixels, its limit; a request of "
                    + cost + " pixels does not fit now: try again later", retryAfter);
        }
        admitted.incrementAndGet();
        boolean large = budget.isLarge(cost);
        return new Ticket() {
            private boolean closed;

            @Override
            public boolean large() {
                return large;
            }

            @Override
            public synchronized void close() {
                if (closed) return;
                closed = true;
                budget.release(charge);
            }
        };
    }

    private long acquire(long cost) {
        try {
            return budget.acquire(cost, maxWait);
        } catch (InterruptedException e) { // the server is stopping
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** The pixels a request's inputs cost: each picture's header size, each row of model pixels its size. */
    static long cost(List<PredictInput> inputs) {
        return cost(inputs, Long.MAX_VALUE);
    }

    static long cost(List<PredictInput> inputs, long maxPicturePixels) {
        long sum = 0;
        for (PredictInput in : inputs) {
            long one = switch (in) {
                case PredictInput.EncodedImage e -> {
                    long p = ImageHeaders.pixels(e.bytes());
                    if (p > maxPicturePixels) yield 0; // refused by the decoder from its header, at no cost
                    yield p > 0 ? p : e.bytes().length;
                }
                case PredictInput.ModelPixels m -> (long) m.image().width() * m.image().height();
                case PredictInput.ImageUrl u -> 0; // fetched before admission; never here
            };
            sum = sum > Long.MAX_VALUE - one ? Long.MAX_VALUE : sum + one;
        }
        return sum;
    }

    public PixelBudget budget() {
        return budget;
    }

    public long admitted() {
        return admitted.get();
    }

    public long rejected() {
        return rejected.get();
    }
}
