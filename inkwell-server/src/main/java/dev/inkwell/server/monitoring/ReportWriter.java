package dev.inkwell.server.monitoring;

import dev.inkwell.bucket.Bucket;
import dev.inkwell.bucket.Buckets;
import dev.inkwell.bucket.ContentTypes;
import dev.inkwell.monitor.Baseline;
import dev.inkwell.monitor.MonitorResult;
import dev.inkwell.monitor.capture.CaptureKeys;
import dev.inkwell.monitor.report.MonitorReport;
import dev.inkwell.registry.endpoint.CaptureSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Puts a scheduled run's files ({@code constraint_violations.json}, {@code statistics.json}, {@code summary.json},
 * {@code report.html} and its charts) into the reports bucket at {@code PREFIX/ENDPOINT/yyyy/MM/dd/HH-mm-ss/}, the
 * window's start, as Model Monitor puts each execution's under its own prefix. A check asked for by hand, whose window
 * may start where a scheduled one does, goes to {@code HH-mm-ss-manual-UNTIL/} beside it.
 */
final class ReportWriter {
    private static final DateTimeFormatter FOLDER = DateTimeFormatter.ofPattern("yyyy/MM/dd/HH-mm-ss", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter UNTIL = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmssSSS", Locale.ROOT).withZone(ZoneOffset.UTC);

    private ReportWriter() {
    }

    /** Writes the files and returns where: {@code s3://BUCKET/KEY-PREFIX/}. */
    static String write(Buckets buckets, String reports, MonitorResult result, Baseline baseline, boolean manual) {
        CaptureSettings where = new CaptureSettings(0, reports);
        String folder = FOLDER.format(result.window().since()) + (manual ? "-manual-" + UNTIL.format(result.window().until()) : "");
        String prefix = where.prefix() + CaptureKeys.segment(result.endpoint()) + "/" + folder + "/";
        Path dir = null;
        try {
            dir = Files.createTempDirectory("inkwell-monitor-report-");
            MonitorReport.write(dir, result, baseline);
            Bucket bucket = buckets.createIfMissing(where.bucket());
            try (Stream<Path> files = Files.list(dir)) {
                for (Path f : files.sorted().toList()) {
                    String name = f.getFileName().toString();
                    bucket.put(prefix + name, Files.readAllBytes(f), ContentTypes.guess(name));
                }
            }
            return "s3://" + where.bucket() + "/" + prefix;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the monitoring report of " + result.endpoint() + ": " + e.getMessage(), e);
        } finally {
            if (dir != null) delete(dir);
        }
    }

    private static void delete(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        } catch (IOException e) {
            // a temporary folder left behind
        }
    }
}
