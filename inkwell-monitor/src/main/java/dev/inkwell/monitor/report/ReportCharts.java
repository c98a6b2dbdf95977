package dev.inkwell.monitor.report;

import dev.inkwell.monitor.Baseline;
import dev.inkwell.monitor.MonitorResult;
import dev.inkwell.monitor.features.Feature;
import dev.inkwell.monitor.stats.Statistics;
import java.awt.Color;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TimeZone;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** The report's charts (XChart, as PNG): window against baseline, and the window over time. */
final class ReportCharts {
    private static final int WIDTH = 760;
    private static final int HEIGHT = 380;
    private static final int CONFIDENCE_BINS = 20;
    private static final Color BASELINE = new Color(0x9A, 0xA5, 0xB1);
    private static final Color WINDOW = new Color(0x1F, 0x6F, 0xB4);
    private static final Color ALERT = new Color(0xD9, 0x3A, 0x2B);

    private ReportCharts() {
    }

    /** Histogram of the top probability, shares of each side's readings. */
    static byte[] confidence(MonitorResult result, Baseline baseline) {
        CategoryChart chart = category("Top probability: window vs baseline", "top probability", "% of readings");
        List<String> labels = new ArrayList<>();
        for (int b = 0; b < CONFIDENCE_BINS; b++) labels.add(String.format(Locale.ROOT, "%.2f", (b + 0.5) / CONFIDENCE_BINS));
        chart.addSeries("baseline", labels, histogram(sketch(baseline.statistics())));
        chart.addSeries("window", labels, histogram(sketch(result.statistics())));
        chart.getStyler().setXAxisLabelRotation(90);
        return png(chart);
    }

    /** Share of each predicted class. */
    static byte[] classMix(MonitorResult result, Baseline baseline) {
        Map<String, Long> base = classes(baseline.statistics());
        Map<String, Long> window = classes(result.statistics());
        Set<String> names = new LinkedHashSet<>(base.keySet());
        names.addAll(window.keySet());
        List<String> labels = new ArrayList<>(names);
        CategoryChart chart = category("Predicted class: window vs baseline", "class", "% of readings");
        chart.addSeries("baseline", labels, shares(labels, base));
        chart.addSeries("window", labels, shares(labels, window));
        if (labels.stream().anyMatch(l -> l.length() > 3)) chart.getStyler().setXAxisLabelRotation(45);
        return png(chart);
    }

    /** Low-confidence share per time bin, with the baseline's share as a line. */
    static byte[] lowConfidence(MonitorResult result) {
        XYChart chart = timeChart(String.format(Locale.ROOT, "Readings under %.2f top probability, per %s", result.lowConfidenceThreshold(),
                Html.duration(result.timeBin())), "% of readings");
        List<Date> x = new ArrayList<>();
        List<Double> y = new ArrayList<>();
        for (MonitorResult.TimeBin b : result.timeline()) {
            if (b.readings() == 0) continue;
            x.add(Date.from(b.start()));
            y.add(100 * b.lowConfidenceShare());
        }
        XYSeries s = chart.addSeries("window", x, y);
        s.setLineColor(WINDOW);
        s.setMarkerColor(WINDOW);
        if (!Double.isNaN(result.baselineLowConfidence()) && !x.isEmpty()) {
            XYSeries base = chart.addSeries("baseline", List.of(x.getFirst(), x.getLast()),
                    List.of(100 * result.baselineLowConfidence(), 100 * result.baselineLowConfidence()));
            base.setLineColor(BASELINE);
            base.setMarker(SeriesMarkers.NONE);
        }
        chart.getStyler().setYAxisMin(0.0);
        return png(chart);
    }

    /** Latency percentiles per time bin. */
    static byte[] latency(MonitorResult result) {
        XYChart chart = timeChart("Latency per " + Html.duration(result.timeBin()), "ms");
        List<Date> x = new ArrayList<>();
        List<Double> p50 = new ArrayList<>();
        List<Double> p90 = new ArrayList<>();
        List<Double> p99 = new ArrayList<>();
        for (MonitorResult.TimeBin b : result.timeline()) {
            if (Double.isNaN(b.latency().p50())) continue;
            x.add(Date.from(b.start()));
            p50.add(b.latency().p50());
            p90.add(b.latency().p90());
            p99.add(b.latency().p99());
        }
        chart.addSeries("p50", x, p50).setLineColor(WINDOW);
        chart.addSeries("p90", x, p90).setLineColor(BASELINE);
        chart.addSeries("p99", x, p99).setLineColor(ALERT);
        chart.getStyler().setYAxisMin(0.0);
        return png(chart);
    }

    private static CategoryChart category(String title, String xTitle, String yTitle) {
        CategoryChart chart = new CategoryChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle(xTitle).yAxisTitle(yTitle).build();
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
        chart.getStyler().setSeriesColors(new Color[] {BASELINE, WINDOW});
        chart.getStyler().setYAxisDecimalPattern("#0.#");
        chart.getStyler().setAvailableSpaceFill(0.8);
        chart.getStyler().setLocale(Locale.ROOT);
        return chart;
    }

    private static XYChart timeChart(String title, String yTitle) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle("time (UTC)").yAxisTitle(yTitle).build();
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
        chart.getStyler().setDatePattern("MM-dd HH:mm");
        chart.getStyler().setTimezone(TimeZone.getTimeZone("UTC"));
        chart.getStyler().setYAxisDecimalPattern("#0.##");
        chart.getStyler().setLocale(Locale.ROOT);
        return chart;
    }

    private static double[] sketch(Statistics s) {
        return s.feature(Feature.TOP_PROBABILITY.featureName()).map(Statistics.FeatureStatistics::sketchValues).orElse(new double[0]);
    }

    private static Map<String, Long> classes(Statistics s) {
        return s.feature(Feature.PREDICTED_CLASS.featureName()).map(Statistics.FeatureStatistics::categoryCounts).orElse(Map.of());
    }

    private static List<Double> histogram(double[] values) {
        double[] counts = new double[CONFIDENCE_BINS];
        for (double v : values) counts[Math.max(0, Math.min(CONFIDENCE_BINS - 1, (int) (v * CONFIDENCE_BINS)))]++;
        List<Double> out = new ArrayList<>(CONFIDENCE_BINS);
        for (double c : counts) out.add(values.length == 0 ? 0 : 100 * c / values.length);
        return out;
    }

    private static List<Double> shares(List<String> labels, Map<String, Long> counts) {
        double total = counts.values().stream().mapToLong(Long::longValue).sum();
        return labels.stream().map(l -> total == 0 ? 0.0 : 100 * counts.getOrDefault(l, 0L) / total).toList();
    }

    private static byte[] png(Chart<?, ?> chart) {
        try {
            return BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot draw a chart: " + e.getMessage(), e);
        }
    }
}
