package dev.inkwell.functions.trigger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.inkwell.bucket.Bucket;
import dev.inkwell.core.Json;
import dev.inkwell.functions.EventFields;
import dev.inkwell.functions.Function;
import dev.inkwell.functions.FunctionFailure;
import dev.inkwell.functions.FunctionOutputs;
import dev.inkwell.functions.Invocation;
import dev.inkwell.functions.ObjectEvent;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Functions that tell the tests what the runtime did with them: how often each object was run, whether two runs of
 * one object ever overlapped (across every runtime sharing this instance), failures on demand, a run that blocks.
 */
final class TestFunctions {
    final Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();
    final Set<String> running = ConcurrentHashMap.newKeySet();
    final Set<String> overlaps = ConcurrentHashMap.newKeySet();
    final Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();
    final CountDownLatch blocked = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);
    volatile int sleepMillis = 0;

    int runs(String key) {
        AtomicInteger n = runs.get(key);
        return n == null ? 0 : n.get();
    }

    /** Counts, watches for overlap, writes {@code done/KEY} (a trigger output) in the same bucket. */
    Function record() {
        return new Base("record") {
            @Override
            public JsonNode invoke(JsonNode event, Invocation invocation) throws FunctionFailure {
                ObjectEvent o = ObjectEvent.of(event);
                String id = o.bucket() + "/" + o.key() + "@" + o.eTag();
                if (!running.add(id)) overlaps.add(id);
                try {
                    if (sleepMillis > 0) Thread.sleep(sleepMillis);
                    Bucket b = invocation.environment().buckets().bucket(o.bucket());
                    FunctionOutputs.put(b, "done/" + o.key(), invocation.idempotencyKey().getBytes(StandardCharsets.UTF_8), "text/plain", invocation.origin());
                    runs.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
                    return Json.mapper().createObjectNode().put("ok", id);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new FunctionFailure(FunctionFailure.UNAVAILABLE, "interrupted", true);
                } finally {
                    running.remove(id);
                }
            }
        };
    }

    /** Fails (may pass) until its {@code fail_times} option is used up for the object, then succeeds. */
    Function flaky() {
        return new Base("flaky") {
            @Override
            public ObjectNode checkOptions(ObjectNode options) {
                return options;
            }

            @Override
            public JsonNode invoke(JsonNode event, Invocation invocation) throws FunctionFailure {
                ObjectEvent o = ObjectEvent.of(event);
                int n = attempts.computeIfAbsent(o.key(), k -> new AtomicInteger()).incrementAndGet();
                if (n <= EventFields.integer(event, "fail_times", 0, 0, 1000)) {
                    throw new FunctionFailure(FunctionFailure.UNAVAILABLE, "the disk is busy (attempt " + n + ")", true);
                }
                return Json.mapper().createObjectNode().put("attempt", n);
            }
        };
    }

    /** Signals that it runs, then waits until released (a process that hangs or dies mid-way). */
    Function blocking() {
        return new Base("blocking") {
            @Override
            public JsonNode invoke(JsonNode event, Invocation invocation) throws FunctionFailure {
                ObjectEvent o = ObjectEvent.of(event);
                runs.computeIfAbsent(o.key(), k -> new AtomicInteger()).incrementAndGet();
                if (blocked.getCount() > 0) {
                    blocked.countDown();
                    try {
                        release.await(120, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                return Json.mapper().createObjectNode().put("finished_by", invocation.idempotencyKey());
            }
        };
    }

    private abstract static class Base implements Function {
        private final String name;

        Base(String name) {
            this.name = name;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public String description() {
            return "test function " + name;
        }

        @Override
        public boolean takesObjectEvents() {
            return true;
        }
    }
}
