package dev.inkwell.cli.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import dev.inkwell.workflow.HistoryEvent;
import dev.inkwell.workflow.json.JsonTrees;
import dev.inkwell.workflow.runtime.ExecutionRecord;
import dev.inkwell.workflow.task.LambdaInvoker;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/** Executions and histories as people read them (the {@code --json} forms are Step Functions' own shapes). */
final class ExecutionViews {
    /** Longer JSON values are cut in tables and descriptions; {@code --json} shows them whole. */
    static final int WIDE = 400;

    private ExecutionViews() {
    }

    static void describe(PrintWriter out, ExecutionRecord r) {
        row(out, "execution", r.arn());
        row(out, "workflow", r.workflow() + " (revision " + r.revision() + ")");
        row(out, "status", r.status().name());
        row(out, "started", time(r.startedAt()));
        if (r.stoppedAt() != null) row(out, "stopped", time(r.stoppedAt()) + " (" + took(r.startedAt(), r.stoppedAt()) + ")");
        row(out, "input", cut(JsonTrees.write(r.input()), WIDE));
        if (r.output() != null) row(out, "output", cut(JsonTrees.write(r.output()), WIDE));
        if (r.error() != null) row(out, "error", r.error());
        if (r.cause() != null) row(out, "cause", cut(r.cause(), WIDE));
        if (r.parentArn() != null) row(out, "started by", r.parentArn());
        if (!r.finished() && r.owner() == null) row(out, "run by", "no process yet: a running 'inkwell serve' on this store starts it");
        else if (!r.finished()) row(out, "run by", r.owner());
        out.flush();
    }

    static void table(PrintWriter out, List<ExecutionRecord> executions) {
        int width = "EXECUTION".length();
        for (ExecutionRecord r : executions) width = Math.max(width, Workflows.shortName(r.workflow(), r.name()).length());
        String format = "%-" + width + "s  %-9s  %-20s  %s%n";
        out.printf(format, "EXECUTION", "STATUS", "STARTED", "TOOK");
        for (ExecutionRecord r : executions) {
            out.printf(format, Workflows.shortName(r.workflow(), r.name()), r.status(), time(r.startedAt()),
                    r.stoppedAt() == null ? "-" : took(r.startedAt(), r.stoppedAt()));
        }
        out.flush();
    }

    static void history(PrintWriter out, List<HistoryEvent> events) {
        if (events.isEmpty()) {
            out.println("no events yet: the execution waits for a process to start it");
            out.flush();
            return;
        }
        Instant first = events.stream().map(HistoryEvent::timestamp).min(Instant::compareTo).orElseThrow();
        int width = "TYPE".length();
        for (HistoryEvent e : events) width = Math.max(width, e.type().length());
        String format = "%4s  %9s  %-" + width + "s  %s%n";
        out.printf(format, "ID", "+MS", "TYPE", "DETAIL");
        for (HistoryEvent e : events) {
            out.printf(format, e.id(), Duration.between(first, e.timestamp()).toMillis(), e.type(), detail(e));
        }
        out.flush();
    }

    /** The one thing worth seeing of an event: the state's name, the task's function, the error, the output. */
    static String detail(HistoryEvent e) {
        JsonNode d = e.details();
        if (d == null) return "";
        if (e.type().endsWith("StateEntered") || e.type().endsWith("StateExited")) return d.path("name").asText();
        if (d.hasNonNull("error")) return cut(d.path("error").asText() + (d.hasNonNull("cause") ? ": " + d.path("cause").asText() : ""), 120);
        if (e.type().equals("TaskScheduled")) return resource(d) + function(d.path("parameters").asText());
        if (d.has("output")) return cut(d.path("output").asText(), 100);
        if (d.has("input")) return cut(d.path("input").asText(), 100);
        if (d.has("resource")) return resource(d);
        if (d.has("index")) return "iteration " + d.path("index").asText();
        return "";
    }

    private static String resource(JsonNode d) {
        return d.path("resourceType").asText() + ":" + d.path("resource").asText();
    }

    /** " FunctionName" of a Lambda invocation's parameters (JSON text), else nothing. */
    private static String function(String parameters) {
        try {
            JsonNode p = JsonTrees.parse(parameters);
            String name = p.path("FunctionName").asText("");
            return name.isEmpty() ? "" : " " + LambdaInvoker.functionName(name);
        } catch (Exception e) {
            return "";
        }
    }

    static String time(Instant at) {
        return at.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    static String took(Instant from, Instant to) {
        long ms = Duration.between(from, to).toMillis();
        return ms < 10_000 ? ms + " ms" : String.format("%.1f s", ms / 1000.0);
    }

    static String cut(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max) + "… (" + text.length() + " characters; --json shows all)";
    }

    private static void row(PrintWriter out, String key, String value) {
        out.printf("%-10s  %s%n", key, value);
    }
}
