package dev.inkwell.workflow.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.inkwell.workflow.asl.State;
import dev.inkwell.workflow.asl.State.Graph;
import dev.inkwell.workflow.json.JsonTrees;
import dev.inkwell.workflow.spi.WorkflowScheduler.Cancellable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One thread of control in an execution: the execution itself, a Parallel branch or a Map iteration. It is where
 * the interpreter keeps everything about the state it is in, and all of it (but the timers) is written to and read
 * back from the snapshot, which is what makes an execution resumable.
 */
final class Run {
    /** Where a run is within its current state. */
    enum Phase {
        /** About to run the state (StateEntered is emitted when {@code entered} is false). */
        READY,
        /** A Task attempt is in flight. */
        TASK,
        /** A Wait state sleeps until {@code wakeAt}. */
        WAITING,
        /** Backing off until {@code wakeAt} before retrying the state. */
        RETRY_WAIT,
        /** A Parallel or Map state waits for its branches or iterations. */
        CHILDREN,
        /** The run has finished: {@code output} or {@code error}. */
        DONE
    }

    final Run parent;
    final Graph graph;
    /** Branch or item index within the parent container; -1 for the execution's root run. */
    final int index;
    /** Path of the state holding this run plus the index, e.g. "Fan/1" or "Each[3]"; "" for the root. */
    final String path;
    /** Variables assigned in this run's scope (outer scopes are read through {@code parent}). */
    ObjectNode variables = JsonTrees.object();

    String state;
    JsonNode input;
    boolean entered;
    long enteredEventId;
    Instant enteredTime;
    long lastEventId;
    Phase phase = Phase.READY;
    int[] retryCounts = new int[0];
    int attempt;
    Instant wakeAt;
    /** The effective input (Task parameters, container input) computed when the state started. */
    JsonNode effectiveInput;

    // Parallel and Map
    ArrayNode items;
    JsonNode[] results;
    List<Run> children = new ArrayList<>();
    int nextChild;
    int failures;
    int finishedChildren;
    int maxConcurrency;

    // Map iteration: the item
    JsonNode itemValue;

    // the end
    JsonNode output;
    String error;
    String cause;
    boolean failed;

    // transient: not in snapshots
    Cancellable timer;
    Cancellable heartbeatTimer;
    long generation;
    boolean aborted;

    Run(Run parent, Graph graph, int index, String path) {
        this.parent = parent;
        this.graph = graph;
        this.index = index;
        this.path = path;
    }

    State current() {
        return graph.states().get(state);
    }

    /** The state's path within the execution, unique per branch and item: "Fan/1/Resize", "Each[3]/Resize". */
    String statePath() {
        return path.isEmpty() ? state : path + "/" + state;
    }

    JsonNode variable(String name) {
        for (Run r = this; r != null; r = r.parent) {
            JsonNode v = r.variables.get(name);
            if (v != null) return v;
        }
        return null;
    }

    boolean done() {
        return phase == Phase.DONE;
    }

    void cancelTimers() {
        if (timer != null) timer.cancel();
        if (heartbeatTimer != null) heartbeatTimer.cancel();
        timer = null;
        heartbeatTimer = null;
    }

    /** Stops this run and everything below it: late completions for it are ignored. */
    void abort() {
        aborted = true;
        generation++;
        cancelTimers();
        for (Run child : children) child.abort();
    }

    ObjectNode toJson() {
        ObjectNode o = JsonTrees.object();
        o.put("index", index);
        o.put("path", path);
        o.set("variables", variables);
        if (state != null) o.put("state", state);
        o.set("input", input);
        o.put("entered", entered);
        o.put("enteredEventId", enteredEventId);
        if (enteredTime != null) o.put("enteredTime", enteredTime.toString());
        o.put("lastEventId", lastEventId);
        o.put("phase", phase.name());
        ArrayNode counts = o.putArray("retryCounts");
        for (int c : retryCounts) counts.add(c);
        o.put("attempt", attempt);
        if (wakeAt != null) o.put("wakeAt", wakeAt.toString());
        if (effectiveInput != null) o.set("effectiveInput", effectiveInput);
        if (itemValue != null) o.set("itemValue", itemValue);
        if (phase == Phase.CHILDREN) {
            if (items != null) o.set("items", items);
            o.put("resultCount", results.length);
            ObjectNode r = o.putObject("results");
            for (int i = 0; i < results.length; i++) if (results[i] != null) r.set(Integer.toString(i), results[i]);
            o.put("nextChild", nextChild);
            o.put("failures", failures);
            o.put("finishedChildren", finishedChildren);
            o.put("maxConcurrency", maxConcurrency);
            ArrayNode kids = o.putArray("children");
            for (Run child : children) if (!child.done()) kids.add(child.toJson());
        }
        if (phase == Phase.DONE) {
            if (output != null) o.set("output", output);
            o.put("failed", failed);
            if (error != null) o.put("error", error);
            if (cause != null) o.put("cause", cause);
        }
        return o;
    }

    /** Rebuilds a run (without its children) from {@link #toJson()}; {@code graph} is the states it runs through. */
    static Run fromJson(JsonNode o, Run parent, Graph graph) {
        Run run = new Run(parent, graph, o.get("index").intValue(), o.get("path").textValue());
        run.variables = (ObjectNode) o.get("variables");
        run.state = o.hasNonNull("state") ? o.get("state").textValue() : null;
        run.input = o.get("input");
        run.entered = o.get("entered").booleanValue();
        run.enteredEventId = o.get("enteredEventId").longValue();
        run.enteredTime = o.has("enteredTime") ? Instant.parse(o.get("enteredTime").textValue()) : null;
        run.lastEventId = o.get("lastEventId").longValue();
        run.phase = Phase.valueOf(o.get("phase").textValue());
        JsonNode counts = o.get("retryCounts");
        run.retryCounts = new int[counts.size()];
        for (int i = 0; i < counts.size(); i++) run.retryCounts[i] = counts.get(i).intValue();
        run.attempt = o.get("attempt").intValue();
        run.wakeAt = o.has("wakeAt") ? Instant.parse(o.get("wakeAt").textValue()) : null;
        run.effectiveInput = o.get("effectiveInput");
        run.itemValue = o.get("itemValue");
        if (run.phase == Phase.CHILDREN) {
            run.items = o.get("items") instanceof ArrayNode a ? a : null;
            run.results = new JsonNode[o.get("resultCount").intValue()];
            o.get("results").properties().forEach(e -> run.results[Integer.parseInt(e.getKey())] = e.getValue());
            run.nextChild = o.get("nextChild").intValue();
            run.failures = o.get("failures").intValue();
            run.finishedChildren = o.get("finishedChildren").intValue();
            run.maxConcurrency = o.get("maxConcurrency").intValue();
        }
        if (run.phase == Phase.DONE) {
            run.output = o.get("output");
            run.failed = o.get("failed").booleanValue();
            run.error = o.hasNonNull("error") ? o.get("error").textValue() : null;
            run.cause = o.hasNonNull("cause") ? o.get("cause").textValue() : null;
        }
        return run;
    }
}
