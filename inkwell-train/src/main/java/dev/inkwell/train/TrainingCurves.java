package dev.inkwell.train;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** Loss and accuracy per epoch, training and validation, as one picture (two XChart line charts side by side). */
public final class TrainingCurves {
    private TrainingCurves() {
    }

    public static BufferedImage render(List<EpochRecord> history, String title) {
        XYChart loss = chart(title + ": loss", "loss");
        add(loss, "train", history, EpochRecord::trainLoss);
        add(loss, "validation", history, EpochRecord::validationLoss);
        XYChart accuracy = chart(title + ": accuracy", "accuracy %");
        add(accuracy, "train", history, r -> 100 * r.trainAccuracy());
        add(accuracy, "validation", history, r -> 100 * r.validationAccuracy());
        BufferedImage a = BitmapEncoder.getBufferedImage(loss);
        BufferedImage b = BitmapEncoder.getBufferedImage(accuracy);
        BufferedImage out = new BufferedImage(a.getWidth() + b.getWidth(), Math.max(a.getHeight(), b.getHeight()), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, out.getWidth(), out.getHeight());
        g.drawImage(a, 0, 0, null);
        g.drawImage(b, a.getWidth(), 0, null);
        g.dispose();
        return out;
    }

    private static XYChart chart(String title, String yTitle) {
        XYChart c = new XYChartBuilder().width(640).height(420).title(title).xAxisTitle("epoch").yAxisTitle(yTitle).build();
        c.getStyler().setChartBackgroundColor(Color.WHITE);
        c.getStyler().setLegendVisible(true);
        c.getStyler().setDecimalPattern("#0.###");
        return c;
    }

    private static void add(XYChart chart, String name, List<EpochRecord> history, ToDoubleFunction<EpochRecord> value) {
        List<Double> x = new ArrayList<>();
        List<Double> y = new ArrayList<>();
        for (EpochRecord r : history) {
            double v = value.applyAsDouble(r);
            if (Double.isFinite(v)) {
                x.add((double) r.epoch());
                y.add(v);
            }
        }
        if (!x.isEmpty()) chart.addSeries(name, x, y).setMarker(SeriesMarkers.CIRCLE);
    }
}
