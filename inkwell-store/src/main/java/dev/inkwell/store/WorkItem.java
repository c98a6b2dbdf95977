package dev.inkwell.store;

import java.time.Instant;

/**
 * One unit of shared work as a {@link WorkQueue} holds it.
 *
 * @param key      what the work is about, unique in its queue (enqueueing the same key twice adds nothing)
 * @param payload  what the worker needs (JSON text, the queue's own format)
 * @param attempts how many times it was claimed, this claim included
 * @param owner    the process holding the lease while it is {@link Status#RUNNING}
 */
public record WorkItem(long id, String queue, String key, String payload, Status status, int attempts, Instant notBefore,
                       String owner, Instant leaseUntil, String result, String error, Instant createdAt, Instant updatedAt) {

    public enum Status {
        /** waiting to be claimed (from {@code notBefore} on) */
        PENDING,
        /** claimed by {@code owner} until {@code leaseUntil}; after that anyone may take it over */
        RUNNING,
        DONE,
        /** given up: {@code error} says why */
        FAILED;

        String column() {
            return name().toLowerCase();
        }

        static Status of(String column) {
            return valueOf(column.toUpperCase());
        }
    }
}
