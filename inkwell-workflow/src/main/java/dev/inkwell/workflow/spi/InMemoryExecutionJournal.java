package dev.inkwell.workflow.spi;

import com.fasterxml.jackson.databind.JsonNode;
import dev.inkwell.workflow.HistoryEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A journal in memory: each execution's full history and every snapshot it was given (so it grows with every
 * transition: for tests). It is the model of what a database-backed journal keeps: history rows plus the latest snapshot.
 */
public final class InMemoryExecutionJournal implements ExecutionJournal {
    private final Map<String, Journal> journals = new ConcurrentHashMap<>();

    private static final class Journal {
        final List<HistoryEvent> events = new ArrayList<>();
        final List<JsonNode> snapshots = new ArrayList<>();
        boolean finished;
    }

    @Override
    public void record(Entry entry) {
        Journal j = journals.computeIfAbsent(entry.executionArn(), k -> new Journal());
        synchronized (j) {
            j.events.addAll(entry.events());
            j.snapshots.add(entry.snapshot());
            j.finished |= entry.finished();
        }
    }

    public List<HistoryEvent> history(String executionArn) {
        Journal j = journals.get(executionArn);
        if (j == null) return List.of();
        synchronized (j) {
            return List.copyOf(j.events);
        }
    }

    /** Every snapshot recorded, oldest first. */
    public List<JsonNode> snapshots(String executionArn) {
        Journal j = journals.get(executionArn);
        if (j == null) return List.of();
        synchronized (j) {
            return List.copyOf(j.snapshots);
        }
    }

    public JsonNode latestSnapshot(String executionArn) {
        List<JsonNode> all = snapshots(executionArn);
        return all.isEmpty() ? null : all.get(all.size() - 1);
    }

    public boolean finished(String executionArn) {
        Journal j = journals.get(executionArn);
        if (j == null) return false;
        synchronized (j) {
            return j.finished;
        }
    }

    /** The history as it stood when {@code snapshot} was recorded: what a crash right after it would leave. */
    public List<HistoryEvent> historyUpTo(String executionArn, JsonNode snapshot) {
        long last = snapshot.get("lastEventId").longValue();
        return history(executionArn).stream().filter(e -> e.id() <= last).toList();
    }
}
