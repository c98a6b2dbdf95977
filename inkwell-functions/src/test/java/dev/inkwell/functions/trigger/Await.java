package dev.inkwell.functions.trigger;

import static org.assertj.core.api.Assertions.fail;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Waiting for what other threads and processes do, with generous limits: the build machine is often loaded. */
public final class Await {
    public static final Duration LONG = Duration.ofSeconds(90);

    private Await() {
    }

    public static void until(String what, BooleanSupplier condition) {
        until(what, LONG, condition);
    }

    public static void until(String what, Duration limit, BooleanSupplier condition) {
        until(what, limit, condition, () -> "");
    }

    /** As {@link #until(String, BooleanSupplier)}, saying {@code state} when it times out. */
    public static void until(String what, BooleanSupplier condition, Duration limit, Supplier<String> state) {
        until(what, limit, condition, state);
    }

    public static void until(String what, Duration limit, BooleanSupplier condition, Supplier<String> state) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) fail("waited " + limit.toSeconds() + " s for " + what + " " + state.get());
            try {
                Thread.sleep(25);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail("interrupted waiting for " + what);
            }
        }
    }
}
