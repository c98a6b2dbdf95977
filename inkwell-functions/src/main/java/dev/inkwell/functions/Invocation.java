package dev.inkwell.functions;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One call of a function: what it may need from where it runs and the rules of the call.
 *
 * @param idempotencyKey the same for every repetition of one call (a trigger's work item, a workflow task attempt):
 *                       a function with effects beyond keyed objects and rows keys them by it
 * @param deadline       when the caller stops waiting; long work checks {@link #checkDeadline()} between steps
 * @param origin         who asked: {@code trigger/NAME}, {@code cli}, {@code http}, {@code workflow/…}; objects the
 *                       function writes carry it (so a trigger never fires on its own output)
 * @param environment    the buckets, store, endpoints and deployer the function works with
 * @param heartbeat      tells the caller the function is still working (a trigger extends its lease); called by long
 *                       work now and then
 * @param object         the event's object as the caller read it already, or null: a function that reads the object
 *                       whole takes it from here ({@link #readAlready})
 */
public record Invocation(String idempotencyKey, Instant deadline, String origin, FunctionEnvironment environment, Runnable heartbeat,
                         ObjectSnapshot object) {
    public Invocation {
        Objects.requireNonNull(idempotencyKey);
        Objects.requireNonNull(deadline);
        Objects.requireNonNull(origin);
        Objects.requireNonNull(environment);
        if (heartbeat == null) heartbeat = () -> {
        };
    }

    public Invocation(String idempotencyKey, Instant deadline, String origin, FunctionEnvironment environment, Runnable heartbeat) {
        this(idempotencyKey, deadline, origin, environment, heartbeat, null);
    }

    /** The object at {@code bucket/key} when the caller handed it over, else null (read it). */
    public ObjectSnapshot readAlready(String bucket, String key) {
        return object != null && object.is(bucket, key) ? object : null;
    }

    /** A call with a fresh key, {@code timeout} from now, and no heartbeat to give. */
    public static Invocation direct(FunctionEnvironment environment, String origin, Duration timeout) {
        // a key, not a secret: no need to draw on the system's entropy for every call
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return new Invocation(new UUID(random.nextLong(), random.nextLong()).toString(), Instant.now().plus(timeout), origin, environment, null);
    }

    /** Time left before the deadline (negative once past). */
    public Duration remaining(Clock clock) {
        return Duration.between(clock.instant(), deadline);
    }

    /** Throws {@code States.Timeout} once the deadline has passed. */
    public void checkDeadline() throws FunctionFailure {
        if (Instant.now().isAfter(deadline)) {
            throw new FunctionFailure(FunctionFailure.TIMEOUT, "the invocation ran past its deadline (" + deadline + ")", true);
        }
    }

    public void beat() {
        heartbeat.run();
    }

    /** Whether the caller is a trigger (its output must never trigger again). */
    public boolean fromTrigger() {
        return origin.startsWith(FunctionOutputs.TRIGGER_ORIGIN_PREFIX);
    }
}
