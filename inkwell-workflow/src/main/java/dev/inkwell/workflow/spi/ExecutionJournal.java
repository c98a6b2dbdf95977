package dev.inkwell.workflow.spi;

import com.fasterxml.jackson.databind.JsonNode;
import dev.inkwell.workflow.HistoryEvent;
import java.util.List;

/**
 * Where an execution's progress is made durable. The engine calls {@link #record} at every transition, with the
 * history events added since the previous call and a snapshot of where the execution stands, so both can be written
 * in one transaction. Any snapshot may be handed to {@code WorkflowEngine.resume} to carry on after a crash.
 *
 * <p>Calls for one execution come one at a time, in order; calls for different executions may come concurrently.
 * An exception thrown here fails nothing in the execution: it is logged, and the next call carries a newer snapshot.
 */
@FunctionalInterface
public interface ExecutionJournal {
    void record(Entry entry);

    /**
     * @param executionArn the execution
     * @param events       the new history events, oldest first (may be empty)
     * @param snapshot     where the execution stands after them: plain JSON, store it as text
     * @param finished     true for the last entry (the execution succeeded or failed)
     */
    record Entry(String executionArn, List<HistoryEvent> events, JsonNode snapshot, boolean finished) {}

    /** Records nothing: for callers that need no durability. */
    ExecutionJournal NONE = entry -> {};
}
