package dev.inkwell.monitor.report;

import dev.inkwell.core.AtomicFiles;
import dev.inkwell.core.Json;
import dev.inkwell.monitor.Baseline;
import dev.inkwell.monitor.MonitorResult;
import dev.inkwell.monitor.features.Feature;
import dev.inkwell.monitor.stats.FeatureDrift;
import dev.inkwell.monitor.stats.Statistics;
import dev.inkwell.monitor.stats.Violation;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Writes a monitoring run's files into a folder: Model Monitor's {@code constraint_violations.json} and the window's
 * {@code statistics.json}, {@code summary.json} (distances, low-confidence share, counts), and {@code report.html}
 * with its PNGs: confidence histogram and class mix against the baseline, low-confidence share and latency
 * percentiles over time, and the least confident captured images with their predictions.
 */
public final class MonitorReport {
    public static final String VIOLATIONS = "constraint_violations.json";
    public static final String STATISTICS = "statistics.json";
    public static final String SUMMARY = "summary.json";
    public static final String HTML = "report.html";

    private MonitorReport() {
    }

    public static void write(Path dir, MonitorResult result, Baseline baseline) {
        result.constraintViolations().write(dir.resolve(VIOLATIONS));
        result.statistics().write(dir.resolve(STATISTICS));
        AtomicFiles.write(dir.resolve(SUMMARY), out -> Json.pretty().writeValue(out, summary(result)));
        boolean charts = result.readings() > 0;
        if (charts) {
            png(dir, "confidence.png", ReportCharts.confidence(result, baseline));
            png(dir, "class-mix.png", ReportCharts.classMix(result, baseline));
            png(dir, "low-confidence.png", ReportCharts.lowConfidence(result));
            png(dir, "latency.png", ReportCharts.latency(result));
            png(dir, "captured.png", ImageGrid.png(result.leastConfident()));
        }
        String html = html(result, baseline, charts);
        AtomicFiles.write(dir.resolve(HTML), out -> out.write(html.getBytes(StandardCharsets.UTF_8)));
    }

    /** What a machine reads of a run (the same figures as the report's tables). */
    public static Map<String, Object> summary(MonitorResult r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("endpoint", r.endpoint());
        m.put("destination", r.destination());
        m.put("since", r.window().since().toString());
        m.put("until", r.window().until().toString());
        m.put("objects", r.scan().objects());
        m.put("records", r.scan().records());
        m.put("readings", r.readings());
        m.put("left_out", r.leftOut());
        m.put("unusable_records", r.unusable());
        m.put("skipped_lines", r.scan().skippedLines());
        m.put("skipped_objects", r.scan().skippedObjects());
        m.put("variants", r.variants());
        m.put("models", r.models());
        m.put("low_confidence_threshold", r.lowConfidenceThreshold());
        m.put("low_confidence_share", finite(r.lowConfidenceShare()));
        m.put("baseline_low_confidence_share", finite(r.baselineLowConfidence()));
        Map<String, Object> latency = new LinkedHashMap<>(); // null where there were no readings
        latency.put("p50", finite(r.latency().p50()));
        latency.put("p90", finite(r.latency().p90()));
        latency.put("p99", finite(r.latency().p99()));
        m.put("latency_ms", latency);
        m.put("drift", r.drifts().stream().map(d -> {
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("feature", d.feature());
            f.put("method", d.method());
            f.put("distance", d.distance());
            f.put("threshold", d.threshold());
            f.put("critical", d.critical());
            f.put("violated", d.violated());
            return f;
        }).toList());
        m.put("violations", r.violations().size());
        return m;
    }

    private static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }

    private static void png(Path dir, String name, byte[] bytes) {
        AtomicFiles.write(dir.resolve(name), out -> out.write(bytes));
    }

    private static String html(MonitorResult r, Baseline baseline, boolean charts) {
        StringBuilder h = new StringBuilder();
        h.append("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Monitoring: ")
                .append(Html.escape(r.endpoint())).append("</title>\n<style>")
                .append("body{font-family:system-ui,sans-serif;margin:2em;max-width:1100px;color:#222}")
                .append("table{border-collapse:collapse;margin:1em 0}td,th{padding:4px 10px;border-bottom:1px solid #ddd;text-align:right}")
                .append("td:first-child,th:first-child{text-align:left}.bad{color:#c62828;font-weight:bold}.ok{color:#2e7d32}")
                .append("img{max-width:100%;border:1px solid #eee;margin:.5em 0}</style></head><body>\n");
        h.append("<h1>Endpoint ").append(Html.escape(r.endpoint())).append("</h1>\n");
        h.append("<p>Captures in <code>").append(Html.escape(r.destination())).append("</code> from ")
                .append(r.window().since()).append(" to ").append(r.window().until()).append(" (UTC).</p>\n");
        h.append("<p>").append(r.readings()).append(" readings judged from ").append(r.scan().records()).append(" records in ")
                .append(r.scan().objects()).append(" objects");
        if (r.leftOut() > 0) h.append("; ").append(r.leftOut()).append(" of other variants or shadows left out");
        if (r.unusable() + r.scan().skippedLines() + r.scan().skippedObjects() > 0) {
            h.append("; skipped: ").append(r.scan().skippedLines()).append(" damaged lines, ").append(r.unusable())
                    .append(" records without readable Inkwell details, ").append(r.scan().skippedObjects()).append(" unreadable objects");
        }
        h.append(". Variants: ").append(Html.escape(r.variants().toString())).append("; models: ").append(Html.escape(r.models().toString()))
                .append(". Baseline: ").append(baseline.statistics().itemCount()).append(" readings.</p>\n");

        h.append("<h2>").append(r.hasViolations() ? "<span class=\"bad\">" + r.violations().size() + " violation"
                + (r.violations().size() == 1 ? "" : "s") + "</span>" : r.readings() == 0 ? "No captures in this window" : "<span class=\"ok\">No violations</span>")
                .append("</h2>\n");
        if (r.hasViolations()) {
            h.append("<table><tr><th>feature</th><th>check</th><th>description</th></tr>\n");
            for (Violation v : r.violations()) {
                h.append("<tr><td>").append(Html.escape(v.featureName())).append("</td><td>").append(Html.escape(v.constraintCheckType()))
                        .append("</td><td style=\"text-align:left\">").append(Html.escape(v.description())).append("</td></tr>\n");
            }
            h.append("</table>\n");
        }
        h.append("<p>Low-confidence readings (top probability under ").append(Html.number(r.lowConfidenceThreshold())).append("): <b>")
                .append(Html.percent(r.lowConfidenceShare())).append("</b> (baseline ").append(Html.percent(r.baselineLowConfidence()))
                .append("). Latency p50 / p90 / p99: ").append(Html.number(r.latency().p50())).append(" / ")
                .append(Html.number(r.latency().p90())).append(" / ").append(Html.number(r.latency().p99())).append(" ms.</p>\n");

        h.append("<h2>Features</h2>\n<table><tr><th>feature</th><th>baseline mean</th><th>window mean</th><th>distance</th>")
                .append("<th>threshold</th><th>method</th><th></th></tr>\n");
        for (Feature f : Feature.values()) {
            Optional<FeatureDrift> drift = r.drifts().stream().filter(d -> d.feature().equals(f.featureName())).findFirst();
            h.append("<tr><td>").append(f.featureName()).append("</td><td>").append(mean(baseline.statistics(), f))
                    .append("</td><td>").append(mean(r.statistics(), f)).append("</td><td>")
                    .append(drift.map(d -> Html.number(d.distance())).orElse("–")).append("</td><td>")
                    .append(drift.map(d -> Html.number(d.threshold())).orElse("–")).append("</td><td>")
                    .append(drift.map(FeatureDrift::method).orElse("")).append("</td><td>")
                    .append(drift.map(d -> d.violated() ? "<span class=\"bad\">drift</span>" : "<span class=\"ok\">ok</span>").orElse(""))
                    .append("</td></tr>\n");
        }
        h.append("</table>\n");
        if (charts) {
            for (String[] img : List.of(new String[] {"confidence.png", "Top probability"}, new String[] {"class-mix.png", "Class mix"},
                    new String[] {"low-confidence.png", "Low-confidence share over time"}, new String[] {"latency.png", "Latency percentiles"})) {
                h.append("<h3>").append(img[1]).append("</h3><img src=\"").append(img[0]).append("\" alt=\"").append(img[1]).append("\">\n");
            }
            h.append("<h3>The ").append(r.leastConfident().size())
                    .append(" least confident captured inputs (as the model saw them, with its answer)</h3><img src=\"captured.png\" alt=\"captured inputs\">\n");
        }
        h.append("<p>Files: <a href=\"").append(VIOLATIONS).append("\">").append(VIOLATIONS).append("</a>, <a href=\"").append(STATISTICS)
                .append("\">").append(STATISTICS).append("</a>, <a href=\"").append(SUMMARY).append("\">").append(SUMMARY).append("</a>.</p>\n");
        h.append("</body></html>\n");
        return h.toString();
    }

    private static String mean(Statistics s, Feature f) {
        Optional<Statistics.FeatureStatistics> fs = s.feature(f.featureName());
        if (fs.isEmpty()) return "–";
        if (fs.get().numericalStatistics() != null) {
            Double m = fs.get().numericalStatistics().mean();
            return m == null ? "–" : Html.number(m);
        }
        Map<String, Long> counts = fs.get().categoryCounts();
        return counts.entrySet().stream().max(Map.Entry.comparingByValue())
                .map(e -> String.format(Locale.ROOT, "mostly %s", Html.escape(e.getKey()))).orElse("–");
    }
}
