package dev.inkwell.workflow.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.inkwell.core.InputLocation;
import dev.inkwell.core.InvalidInputException;
import dev.inkwell.store.Store;
import dev.inkwell.workflow.json.JsonTrees;
import dev.inkwell.workflow.spi.TaskFailedException;
import dev.inkwell.workflow.spi.TaskInvoker;
import dev.inkwell.workflow.task.LambdaInvoker;
import java.sql.PreparedStatement;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Functions for runtime tests, routed by Lambda function name: {@code echo} answers its event, {@code effect} records
 * one row per task attempt (keyed by the idempotency key, so repeating an attempt changes nothing) and counts every
 * call in another table, {@code hold} never answers until {@link #release()}, {@code fail} fails with
 * {@code Test.Failure}.
 */
final class TestTasks implements TaskRouter {
    private final Store store;
    final AtomicInteger calls = new AtomicInteger();
    private final Map<String, CompletableFuture<JsonNode>> held = new ConcurrentHashMap<>();

    TestTasks(Store store) {
        this.store = store;
        store.useConnection("test tables", c -> {
            try (var st = c.createStatement()) {
                st.executeUpdate("CREATE TABLE IF NOT EXISTS test_effects (task_key TEXT PRIMARY KEY, execution TEXT NOT NULL)");
                st.executeUpdate("CREATE TABLE IF NOT EXISTS test_calls (task_key TEXT NOT NULL, owner TEXT NOT NULL)");
            }
        });
    }

    @Override
    public void check(WorkflowRecord workflow) {
        JsonNode unknown = workflow.functions().get("unknown");
        if (unknown != null) throw new InvalidInputException(InputLocation.file("functions"), "unknown function");
    }

    @Override
    public TaskInvoker tasks(WorkflowRecord workflow) {
        return new LambdaInvoker(Map.of(
                "echo", (event, context) -> {
                    calls.incrementAndGet();
                    return CompletableFuture.completedFuture(event);
                },
                "effect", (event, context) -> CompletableFuture.supplyAsync(() -> {
                    calls.incrementAndGet();
                    String owner = event.path("owner").asText("test");
                    store.useTransaction("effect", c -> {
                        try (PreparedStatement st = c.prepareStatement("INSERT INTO test_calls (task_key, owner) VALUES (?, ?)")) {
                            st.setString(1, context.idempotencyKey());
                            st.setString(2, owner);
                            st.executeUpdate();
                        }
                        try (PreparedStatement st = c.prepareStatement("INSERT INTO test_effects (task_key, execution) VALUES (?, ?)"
                                + " ON CONFLICT (task_key) DO NOTHING")) {
                            st.setString(1, context.idempotencyKey());
                            st.setString(2, context.executionArn());
                            st.executeUpdate();
                        }
                    });
                    ObjectNode out = event.isObject() ? ((ObjectNode) event).deepCopy() : JsonTrees.object();
                    out.put("count", out.path("count").asInt() + 1);
                    return (JsonNode) out;
                }),
                "hold", (event, context) -> {
                    calls.incrementAndGet();
                    return held.computeIfAbsent(context.idempotencyKey(), k -> new CompletableFuture<>());
                },
                "fail", (event, context) -> CompletableFuture.failedFuture(new TaskFailedException("Test.Failure", "asked to fail"))));
    }

    /** Answers every held call with its key. */
    void release() {
        held.forEach((key, future) -> future.complete(JsonTrees.NODES.textNode(key)));
    }

    int heldCalls() {
        return held.size();
    }

    long effects() {
        return count("SELECT COUNT(*) FROM test_effects");
    }

    long callRows() {
        return count("SELECT COUNT(*) FROM test_calls");
    }

    private long count(String sql) {
        return store.withConnection("count", c -> {
            try (var st = c.createStatement(); var rs = st.executeQuery(sql)) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }
}
