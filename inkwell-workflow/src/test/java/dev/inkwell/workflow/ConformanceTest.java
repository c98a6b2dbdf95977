package dev.inkwell.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.inkwell.workflow.json.JsonTrees;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs every execution AWS recorded in shared/conformance/asl (see its README.md) and compares status, output,
 * error, cause and event types, with the README's rules: masks are wildcards, and events inside Parallel and Map
 * blocks (whose branches and iterations run concurrently) are compared as a multiset.
 */
class ConformanceTest {
    private static final Logger log = LoggerFactory.getLogger(ConformanceTest.class);

    /** Cases known not to pass, each with its reason. Empty: all pass. */
    private static final Map<String, String> KNOWN_FAILING = Map.of();

    @Test
    void every_recorded_execution_behaves_as_on_aws() throws Exception {
        Path dir = SharedData.root().resolve("conformance/asl");
        JsonNode index = JsonTrees.parse(Files.readString(dir.resolve("index.json")));
        Map<String, int[]> perGroup = new TreeMap<>();
        List<String> failures = new ArrayList<>();
        int total = 0;
        for (JsonNode c : index.get("cases")) {
            String path = c.get("path").textValue();
            String group = path.substring(0, path.indexOf('/'));
            int[] counts = perGroup.computeIfAbsent(group, g -> new int[2]);
            counts[1]++;
            total++;
            String problem;
            try {
                problem = runCase(dir.resolve(path), c);
            } catch (Exception | AssertionError e) {
                problem = "threw " + e;
            }
            if (problem == null) {
                counts[0]++;
            } else if (!KNOWN_FAILING.containsKey(path)) {
                failures.add(path + ": " + problem);
            }
        }
        StringBuilder summary = new StringBuilder();
        int passed = 0;
        for (var e : perGroup.entrySet()) {
            if (!summary.isEmpty()) summary.append(", ");
            summary.append(e.getKey()).append(' ').append(e.getValue()[0]).append('/').append(e.getValue()[1]);
            passed += e.getValue()[0];
        }
        log.info("ASL conformance: {} ({} of {} cases)", summary, passed, total);
        failures.forEach(f -> log.warn("conformance failure: {}", f));
        assertThat(total).isEqualTo(index.get("cases").size()).isGreaterThan(600);
        assertThat(failures).as("conformance failures").isEmpty();
    }

    private String runCase(Path caseDir, JsonNode meta) throws Exception {
        JsonNode expected = JsonTrees.parse(Files.readString(caseDir.resolve("expected.json")));
        String definition = Files.readString(caseDir.resolve("definition.json"));
        String input = Files.readString(caseDir.resolve("input.json"));
        WorkflowEngine engine = WorkflowEngine.builder()
                .scheduler(new VirtualTimeScheduler(Instant.now()))
                .build();
        StateMachine machine = StateMachine.parse("Conformance-Machine", definition);
        Execution execution = engine.start(machine, "conformance-" + Integer.toHexString(caseDir.hashCode()), input);
        ExecutionDescription d = execution.completion().get(30, TimeUnit.SECONDS);
        List<String> masks = new ArrayList<>();
        meta.get("masks").forEach(m -> masks.add(m.textValue()));

        String status = expected.get("status").textValue();
        if (!status.equals(d.status().name())) return "status " + d.status() + " (error " + d.error() + ", cause " + d.cause() + "), expected " + status;
        if (status.equals("SUCCEEDED") && !matches(expected.get("output"), d.output(), masks)) {
            return "output " + JsonTrees.write(d.output()) + ", expected " + JsonTrees.write(expected.get("output"));
        }
        if (!matchesText(expected.get("error"), d.error(), masks)) return "error " + d.error() + ", expected " + expected.get("error");
        if (!matchesText(expected.get("cause"), d.cause(), masks)) return "cause " + d.cause() + ", expected " + expected.get("cause");
        List<String> expectedEvents = new ArrayList<>();
        expected.get("events").forEach(e -> expectedEvents.add(e.textValue()));
        List<String> actualEvents = execution.history().stream().map(HistoryEvent::type).toList();
        if (!actualEvents.equals(expectedEvents)
                && !normalized(actualEvents).equals(normalized(expectedEvents))) {
            return "events " + actualEvents + ", expected " + expectedEvents;
        }
        return null;
    }

    private static final Set<String> BLOCK_START = Set.of("ParallelStateStarted", "MapStateStarted");
    private static final Set<String> BLOCK_END = Set.of("ParallelStateSucceeded", "ParallelStateFailed", "MapStateSucceeded",
            "MapStateFailed");

    /** The events with each outermost Parallel/Map block's inside sorted: concurrent branches may interleave. */
    static List<String> normalized(List<String> events) {
        List<String> out = new ArrayList<>();
        int depth = 0;
        List<String> block = new ArrayList<>();
        for (String e : events) {
            if (depth > 0) {
                if (BLOCK_END.contains(e) && depth == 1) {
                    block.sort(null);
                    out.addAll(block);
                    block.clear();
                    out.add(e);
                    depth = 0;
                    continue;
                }
                if (BLOCK_START.contains(e)) depth++;
                if (BLOCK_END.contains(e)) depth--;
                block.add(e);
            } else {
                out.add(e);
                if (BLOCK_START.contains(e)) depth = 1;
            }
        }
        block.sort(null);
        out.addAll(block);
        return out;
    }

    static boolean matchesText(JsonNode expected, String actual, List<String> masks) {
        if (expected == null || expected.isNull()) return actual == null;
        if (actual == null) return false;
        return matchString(expected.textValue(), actual, masks);
    }

    /** JSON equality with numbers by value; expected strings may hold masks (wildcards). */
    static boolean matches(JsonNode expected, JsonNode actual, List<String> masks) {
        if (expected.isTextual() && masks.contains(expected.textValue())) return actual != null;
        if (actual == null) return false;
        if (expected.isTextual()) return actual.isTextual() && matchString(expected.textValue(), actual.textValue(), masks);
        if (expected.isNumber()) return actual.isNumber() && expected.decimalValue().compareTo(actual.decimalValue()) == 0;
        if (expected.isObject()) {
            if (!actual.isObject() || actual.size() != expected.size()) return false;
            for (var it = expected.properties().iterator(); it.hasNext(); ) {
                var e = it.next();
                if (!matches(e.getValue(), actual.get(e.getKey()), masks)) return false;
            }
            return true;
        }
        if (expected.isArray()) {
            if (!actual.isArray() || actual.size() != expected.size()) return false;
            for (int i = 0; i < expected.size(); i++) if (!matches(expected.get(i), actual.get(i), masks)) return false;
            return true;
        }
        return expected.equals(actual);
    }

    private static boolean matchString(String expected, String actual, List<String> masks) {
        if (expected.equals(actual)) return true;
        if (masks.isEmpty()) return false;
        if (masks.contains(expected)) return true;
        StringBuilder regex = new StringBuilder();
        int i = 0;
        outer:
        while (i < expected.length()) {
            for (String mask : masks) {
                if (expected.startsWith(mask, i)) {
                    regex.append(".+?");
                    i += mask.length();
                    continue outer;
                }
            }
            regex.append(Pattern.quote(String.valueOf(expected.charAt(i))));
            i++;
        }
        return Pattern.compile(regex.toString(), Pattern.DOTALL).matcher(actual).matches();
    }
}
