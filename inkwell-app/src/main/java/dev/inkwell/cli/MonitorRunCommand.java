package dev.inkwell.cli;

import dev.inkwell.cli.bucket.BucketOptions;
import dev.inkwell.core.InkwellException;
import dev.inkwell.core.InvalidInputException;
import dev.inkwell.monitor.Baseline;
import dev.inkwell.monitor.CaptureWindow;
import dev.inkwell.monitor.MonitorOptions;
import dev.inkwell.monitor.MonitorResult;
import dev.inkwell.monitor.MonitorRun;
import dev.inkwell.monitor.report.MonitorReport;
import dev.inkwell.monitor.stats.FeatureDrift;
import dev.inkwell.monitor.stats.Violation;
import dev.inkwell.registry.endpoint.CaptureSettings;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Compare an endpoint's captured traffic of a time window with a baseline, as a Model Monitor execution does: "
                + "baseline_drift_check (Kolmogorov-Smirnov distance over 0.1 for numbers, L-infinity for the class mix), completeness "
                + "and unknown classes. Prints the violations (--json: constraint_violations.json); --report writes the files and an "
                + "HTML report with charts.",
                "Exit codes: 0 done (violations or not), 1 failure (also: no captures in the window), 2 usage error, "
                        + "3 violations found with --fail-on-violations."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:done, violations or not", "1:failure, or no captures in the window", "2:usage error",
                "3:violations found (with --fail-on-violations)"})
public final class MonitorRunCommand implements Callable<Integer> {
    /** The exit code of a run that found violations, with {@code --fail-on-violations}. */
    public static final int VIOLATIONS = 3;
    private static final Pattern DURATION = Pattern.compile("(?:(\\d+)d)?(?:(\\d+)h)?(?:(\\d+)m)?(?:(\\d+)s)?");

    @Spec
    CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Mixin
    BucketOptions buckets;

    @Option(names = "--endpoint", required = true, paramLabel = "NAME", description = "The endpoint whose captures to judge.")
    String endpoint;

    @Option(names = "--baseline", required = true, paramLabel = "DIR", description = "A folder written by 'inkwell monitor baseline'.")
    Path baseline;

    @Option(names = "--since", defaultValue = "1h", paramLabel = "DURATION|TIME",
            description = "Start of the window: how long before --until (30m, 1h, 2d, 1h30m, PT1H) or an ISO time (default: ${DEFAULT-VALUE}).")
    String since;

    @Option(names = "--until", paramLabel = "TIME|DURATION", description = "End of the window: an ISO time, or how long ago (default: now).")
    String until;

    @Option(names = "--destination", defaultValue = CaptureSettings.DEFAULT_DESTINATION, paramLabel = "s3://BUCKET/PREFIX",
            description = "Where the endpoint's captures are (its --capture-to; default: ${DEFAULT-VALUE}).")
    String destination;

    @Option(names = "--variant", paramLabel = "NAME", description = "Only this variant's captures, a shadow's too (default: every variant answering clients).")
    String variant;

    @Option(names = "--low-confidence", defaultValue = "0.93", paramLabel = "P",
            description = "Readings under this top probability count as low-confidence (default: ${DEFAULT-VALUE}).")
    double lowConfidence;

    @Option(names = "--report", paramLabel = "DIR",
            description = "Write constraint_violations.json, statistics.json, summary.json and report.html with its charts here.")
    Path report;

    @Option(names = "--fail-on-violations", description = "Exit with 3 when violations are found.")
    boolean failOnViolations;

    @Override
    public Integer call() {
        Instant now = Instant.now();
        Instant end = until == null ? now : time("--until", until, now);
        Instant start = time("--since", since, end);
        if (!start.isBefore(end)) throw new ParameterException(spec.commandLine(), "--since " + since + " is not before --until (" + end + ")");
        if (!(lowConfidence >= 0 && lowConfidence <= 1)) throw new ParameterException(spec.commandLine(), "--low-confidence must be 0..1");
        MonitorOptions options;
        try {
            options = MonitorOptions.defaults().withDestination(destination).withVariant(variant).withLowConfidenceThreshold(lowConfidence);
        } catch (InvalidInputException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        Baseline base = Baseline.read(baseline);
        CaptureWindow window = new CaptureWindow(start, end);
        MonitorResult result = MonitorRun.run(buckets.shared(), endpoint, base, window, options);
        if (result.readings() == 0) {
            throw new InkwellException("no captures of endpoint " + endpoint + " from " + start + " to " + end + " in " + options.destination()
                    + (result.scan().records() > 0 ? " (" + result.scan().records() + " records, none usable for this variant choice)" : "")
                    + ": is capture on? (inkwell endpoints update " + endpoint + " --capture PERCENT)");
        }
        if (report != null) MonitorReport.write(report, result, base);
        PrintWriter out = spec.commandLine().getOut();
        if (common.json()) {
            JsonOutput.print(out, result.constraintViolations());
        } else {
            print(out, result);
        }
        return failOnViolations && result.hasViolations() ? VIOLATIONS : Cli.OK;
    }

    private void print(PrintWriter out, MonitorResult r) {
        out.printf("endpoint %s: %,d readings from %s to %s (%,d objects in %s)%n", r.endpoint(), r.readings(), r.window().since(),
                r.window().until(), r.scan().objects(), r.destination());
        long skipped = r.scan().skippedLines() + r.unusable() + r.scan().skippedObjects();
        if (skipped > 0) out.printf("skipped: %,d damaged lines, %,d records without readable Inkwell details, %,d unreadable objects%n",
                r.scan().skippedLines(), r.unusable(), r.scan().skippedObjects());
        out.printf(Locale.ROOT, "low-confidence (top probability < %s): %.2f %% (baseline %.2f %%); latency p50 %.2f ms, p99 %.2f ms%n",
                r.lowConfidenceThreshold(), 100 * r.lowConfidenceShare(), 100 * r.baselineLowConfidence(), r.latency().p50(), r.latency().p99());
        out.printf("%-18s %9s %9s%n", "feature", "distance", "threshold");
        for (FeatureDrift d : r.drifts()) {
            out.printf(Locale.ROOT, "%-18s %9.4f %9s  %s%n", d.feature(), d.distance(), d.threshold(), d.violated() ? "DRIFT" : "ok");
        }
        if (r.violations().isEmpty()) {
            out.println("no violations");
        } else {
            out.printf("%d violation%s:%n", r.violations().size(), r.violations().size() == 1 ? "" : "s");
            for (Violation v : r.violations()) out.printf("  %s %s: %s%n", v.featureName(), v.constraintCheckType(), v.description());
        }
        if (report != null) out.printf("report written to %s%n", report.resolve(MonitorReport.HTML));
        out.flush();
    }

    /** An ISO time, or a duration before {@code reference} (30m, 1h, 2d, 1h30m, PT1H). */
    private Instant time(String option, String value, Instant reference) {
        String v = value.strip();
        try {
            if (v.contains("T") && !v.startsWith("P")) return Instant.parse(v);
            if (v.startsWith("P") || v.startsWith("p")) return reference.minus(Duration.parse(v));
        } catch (DateTimeParseException e) {
            throw new ParameterException(spec.commandLine(), option + " " + value + ": not an ISO time (2026-11-23T10:00:00Z) or a duration (1h, 30m, PT1H)");
        }
        Matcher m = DURATION.matcher(v.toLowerCase(Locale.ROOT));
        if (v.isEmpty() || !m.matches()) {
            throw new ParameterException(spec.commandLine(), option + " " + value + ": not an ISO time (2026-11-23T10:00:00Z) or a duration (1h, 30m, PT1H)");
        }
        Duration d = Duration.ofDays(group(m, 1)).plusHours(group(m, 2)).plusMinutes(group(m, 3)).plusSeconds(group(m, 4));
        if (d.isZero()) throw new ParameterException(spec.commandLine(), option + " " + value + ": a window needs a length");
        return reference.minus(d);
    }

    private static long group(Matcher m, int i) {
        return m.group(i) == null ? 0 : Long.parseLong(m.group(i));
    }
}
