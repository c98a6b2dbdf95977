package dev.inkwell.serving.endpoint;

import dev.inkwell.core.UnavailableException;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A named endpoint as a replica serves it: its current {@link Deployment} (swapped atomically by a deploy), where its
 * definition comes from, and the last deploy that failed (the endpoint then keeps serving what it had).
 */
public final class LiveEndpoint {
    /** Where the definition comes from: the command line / config file, or the store (shared by all replicas). */
    public enum Source { STATIC, STORE }

    private final String name;
    private final Source source;
    private final AtomicReference<Deployment> deployment = new AtomicReference<>();
    private volatile Failure lastFailure;

    /** A deploy that did not happen, and why. */
    public record Failure(int revision, String reason, Instant at) {
    }

    LiveEndpoint(String name, Source source) {
        this.name = name;
        this.source = source;
    }

    public String name() {
        return name;
    }

    public Source source() {
        return source;
    }

    /** What it serves now; null before its first deploy succeeded. */
    public Deployment deployment() {
        return deployment.get();
    }

    /** What it serves now, or 503 when it has never been deployed (its models could not be loaded). */
    public Deployment requireDeployment() {
        Deployment d = deployment.get();
        if (d == null) {
            Failure f = lastFailure;
            throw new UnavailableException("endpoint " + name + " is not serving" + (f == null ? " yet" : ": " + f.reason()));
        }
        return d;
    }

    public Failure lastFailure() {
        return lastFailure;
    }

    Deployment swap(Deployment next) {
        lastFailure = null;
        return deployment.getAndSet(next);
    }

    void failed(int revision, String reason, Instant at) {
        lastFailure = new Failure(revision, reason, at);
    }
}
