package dev.inkwell.server;

import static dev.inkwell.server.OpenApiDocument.Schemas.closed;
import static dev.inkwell.server.OpenApiDocument.Schemas.nullable;
import static dev.inkwell.server.OpenApiDocument.ref;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The OpenAPI schemas of the monitoring routes: an endpoint's monitoring state, a run, a check's window. */
final class MonitoringSchemas {
    private MonitoringSchemas() {
    }

    static void add(Map<String, Object> s) {
        Map<String, Object> text = Map.of("type", "string");
        Map<String, Object> integer = Map.of("type", "integer");
        Map<String, Object> number = Map.of("type", "number");
        Map<String, Object> time = Map.of("type", "string", "format", "date-time");
        s.put("MonitoringCheck", closed(Map.of("since", Map.of("type", "string", "format", "date-time",
                        "description", "default: where the latest finished run ended (one schedule interval ago without one)"),
                "until", Map.of("type", "string", "format", "date-time", "description", "default: now"))));
        Map<String, Object> run = new LinkedHashMap<>();
        run.put("id", Map.of("type", "integer", "description", "the run's work item (its files: .../runs/{id}/files/report.html)"));
        run.put("trigger", Map.of("type", "string", "enum", List.of("schedule", "manual")));
        run.put("status", Map.of("type", "string", "enum", List.of("pending", "running", "done", "failed"),
                "description", "pending: due later, or waiting for a retry (error says why)"));
        run.put("since", nullable(time));
        run.put("until", nullable(time));
        run.put("attempts", integer);
        run.put("updated_at", nullable(time));
        run.put("error", nullable(text));
        run.put("result", nullable(Map.of("type", "object", "description", "once done: the run's summary.json (readings, drift per feature "
                + "with distance, threshold and violated, violations, low_confidence_share, …) with constraint_violations (feature_name, "
                + "constraint_check_type, description), report (s3://BUCKET/PREFIX/), replica and trigger")));
        s.put("MonitoringRun", closed(run, "id", "trigger", "status", "since", "until", "attempts", "error", "result"));
        Map<String, Object> capture = nullable(closed(Map.of("percent", number, "destination", text,
                "variants", Map.of("type", "object", "additionalProperties", number)), "percent", "destination"));
        capture.put("description", "the endpoint's capture setting as served (null: not deployed)");
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("endpoint", text);
        m.put("capture", capture);
        m.put("baseline", nullable(Map.of("type", "string", "description", "the baseline's folder or s3:// location; null: none, nothing is judged")));
        m.put("schedule", nullable(closed(Map.of("every_s", number, "delay_s", number, "reports", text, "next_run_at", time),
                "every_s", "delay_s", "reports", "next_run_at")));
        m.put("low_confidence_threshold", number);
        m.put("labelling", closed(Map.of("enabled", Map.of("type", "boolean", "description", "whether low-confidence captures are queued"),
                "pending", integer, "labelled", integer, "skipped", integer), "enabled", "pending", "labelled", "skipped"));
        m.put("runs", Map.of("type", "array", "items", ref("MonitoringRun"), "description", "newest first"));
        s.put("EndpointMonitoring", closed(m, "endpoint", "capture", "baseline", "schedule", "low_confidence_threshold", "labelling", "runs"));
    }
}
