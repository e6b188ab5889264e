package io.sequoia.cli.forecast;

import io.sequoia.io.AtomicFiles;
import io.sequoia.timeseries.Backtest;
import io.sequoia.timeseries.classical.Forecast;
import io.sequoia.timeseries.data.TimeSeries;
import io.sequoia.timeseries.data.TimeSplit;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/** Draws history, each model's forecasts and the first model's prediction interval in one PNG. */
final class ForecastPlot {
    private ForecastPlot() {}

    static void write(Path file, TimeSeries s, List<TimeSplit> folds, List<Backtest.Result> results, String target) throws IOException {
        System.setProperty("java.awt.headless", "true");
        XYChart chart = new XYChartBuilder().width(1000).height(500).title(target + ": forecasts").xAxisTitle("time index").yAxisTitle(target).build();
        chart.getStyler().setMarkerSize(0);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        double[] y = s.target();
        double[] x = new double[y.length];
        for (int i = 0; i < x.length; i++) x[i] = i;
        XYSeries hist = chart.addSeries("actual", x, y);
        hist.setLineColor(Color.BLACK);
        hist.setMarker(SeriesMarkers.NONE);
        boolean banded = false;
        for (Backtest.Result r : results) {
            for (int f = 0; f < folds.size(); f++) {
                Forecast fc = r.forecasts().get(f);
                int start = folds.get(f).trainEnd(), h = fc.mean().length;
                double[] fx = new double[h];
                for (int i = 0; i < h; i++) fx[i] = start + i;
                String suffix = folds.size() > 1 ? " #" + (f + 1) : "";
                if (!banded && fc.lower() != null) {
                    String band = r.kind().id() + " " + Math.round(fc.level() * 100) + "%" + suffix;
                    XYSeries lo = chart.addSeries(band + " lower", fx, fc.lower());
                    XYSeries hi = chart.addSeries(band + " upper", fx, fc.upper());
                    for (XYSeries b : new XYSeries[]{lo, hi}) {
                        b.setLineColor(new Color(120, 120, 200));
                        b.setLineStyle(new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[]{4f, 4f}, 0f));
                        b.setMarker(SeriesMarkers.NONE);
                        b.setShowInLegend(f == folds.size() - 1);
                    }
                }
                XYSeries line = chart.addSeries(r.kind().id() + suffix, fx, Arrays.copyOf(fc.mean(), h));
                line.setMarker(SeriesMarkers.NONE);
                line.setShowInLegend(f == 0);
            }
            banded |= r.forecasts().get(0).lower() != null;
        }
        AtomicFiles.write(file, os -> BitmapEncoder.saveBitmap(chart, os, BitmapEncoder.BitmapFormat.PNG));
        System.out.println("wrote " + file);
    }
}
