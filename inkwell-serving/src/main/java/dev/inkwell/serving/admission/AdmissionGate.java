package dev.inkwell.serving.admission;

import dev.inkwell.serving.input.PredictInput;
import java.util.List;

/**
 * Decides whether a request's inputs may be read now: {@link #admit} returns a ticket held while they are decoded and
 * read, or throws {@link OverloadedException} when the replica is full.
 */
@FunctionalInterface
public interface AdmissionGate {
    /** Admits everything (trigger and workflow work, which queues in the store instead). */
    AdmissionGate OPEN = inputs -> Ticket.NONE;

    /** A ticket for {@code inputs} (image URLs already fetched); close it when they are read. */
    Ticket admit(List<PredictInput> inputs);

    /** What an admitted request holds; closing it gives its share back. */
    interface Ticket extends AutoCloseable {
        Ticket NONE = () -> { };

        /** Whether the request was admitted as a large one (over the small requests' share): read off the carriers. */
        default boolean large() {
            return false;
        }

        @Override
        void close();
    }
}
