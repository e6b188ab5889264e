package io.sequoia.cli.forecast;

import io.sequoia.timeseries.TimeLabels;
import io.sequoia.io.AtomicFiles;
import io.sequoia.timeseries.Backtest;
import io.sequoia.timeseries.Transform;
import io.sequoia.timeseries.ModelKind;
import io.sequoia.timeseries.classical.Forecast;
import io.sequoia.timeseries.data.TimeSeries;
import io.sequoia.timeseries.data.TimeSplit;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Prints the comparison table, the JSON line and the forecasts CSV of {@link ForecastCommand}. */
final class ForecastReport {
    private static final String[] METRICS = {"rmse", "mae", "mape", "smape", "mase", "coverage", "conformal"};
    private final PrintStream out;
    private final boolean json;

    ForecastReport(PrintStream out, boolean json) {
        this.out = out;
        this.json = json;
    }

    void header(TimeSeries s, int period, Transform transform, List<TimeSplit> folds, int h) {
        TimeSplit last = folds.get(folds.size() - 1);
        String split = last.trainEnd() == s.length() ? "forecasting " + h + " steps after the end"
                : folds.size() == 1 ? "test: last " + last.testLength() + " points" : "backtest: " + folds.size() + " folds × " + h + " steps";
        out.printf(Locale.ROOT, "%s: %d points (%s … %s), period %d, transform %s, %s%n", s.targetName(), s.length(),
                s.times()[0], s.times()[s.length() - 1], period, transform, split);
        out.printf(Locale.ROOT, "%-14s %10s %10s %8s %8s %8s %9s %8s  %s%n", "model", "RMSE", "MAE", "MAPE%", "sMAPE%", "MASE", "coverage", "seconds", "fitted");
    }

    void row(Backtest.Result r) {
        Map<String, Double> m = r.metrics();
        out.printf(Locale.ROOT, "%-14s %10s %10s %8s %8s %8s %9s %8.1f  %s%n", r.kind().id(), fmt(m.get("rmse"), 4), fmt(m.get("mae"), 4), fmt(m.get("mape"), 2),
                fmt(m.get("smape"), 2), fmt(m.get("mase"), 3), fmt(m.get("coverage"), 2), r.seconds(), r.label());
        if (!r.parameters().isEmpty()) {
            StringBuilder sb = new StringBuilder("               ");
            r.parameters().forEach((k, v) -> sb.append(k).append('=').append(fmt(v, 5)).append("  "));
            out.println(sb.toString().stripTrailing());
        }
    }

    private static String fmt(Double v, int digits) {
        if (v == null || v.isNaN()) return "-";
        return String.format(Locale.ROOT, "%." + digits + "f", v);
    }

    void footer(List<Backtest.Result> results, TimeSeries s, List<TimeSplit> folds, int h, Transform transform, int period) {
        if (results.size() > 1 && results.get(0).metrics().containsKey("rmse")) {
            Backtest.Result best = results.get(0);
            for (Backtest.Result r : results) if (r.metrics().get("rmse") < best.metrics().get("rmse")) best = r;
            out.printf(Locale.ROOT, "best RMSE: %s%n", best.kind().id());
        }
        if (!json) return;
        Map<String, Object> root = new LinkedHashMap<>();
        Map<String, Object> models = new LinkedHashMap<>();
        for (Backtest.Result r : results) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("label", r.label());
            if (r.kind() == ModelKind.AUTO) m.put("chosen", r.chosen().id());
            for (String k : METRICS) if (r.metrics().containsKey(k)) m.put(k, clean(r.metrics().get(k)));
            r.parameters().forEach((k, v) -> m.put(k, clean(v)));
            m.put("seconds", Math.round(r.seconds() * 100) / 100.0);
            if (r.metrics().isEmpty()) m.put("forecast", r.forecasts().get(0).mean());
            models.put(r.kind().id(), m);
        }
        root.put("models", models);
        root.put("target", s.targetName());
        root.put("horizon", h);
        root.put("period", period);
        root.put("transform", transform.id());
        TimeSplit last = folds.get(folds.size() - 1);
        root.put("split", last.trainEnd() == s.length() ? "future" : folds.size() == 1 ? "test" : "backtest");
        root.put("folds", folds.size());
        out.println(io.sequoia.cli.JsonLine.of(root));
    }

    /**
     * Forecasts beyond the series' end (no --holdout or --backtest): one row per step and model, with the step's time label
     * continuing the series' labels ({@link TimeLabels}), the mean and the interval (if the model gives one). Nothing for a
     * split scored against known values.
     */
    void futureValues(List<Backtest.Result> results, TimeSeries s, List<TimeSplit> folds, double level) {
        TimeSplit last = folds.get(folds.size() - 1);
        if (last.trainEnd() != s.length()) return;
        int width = 6;
        for (Backtest.Result r : results) width = Math.max(width, r.kind().id().length());
        String[] labels = null;
        for (Backtest.Result r : results) {
            Forecast fc = r.forecasts().get(folds.size() - 1);
            if (labels == null || labels.length < fc.mean().length) labels = TimeLabels.after(s.times(), fc.mean().length);
        }
        int tw = 4;
        for (String l : labels) tw = Math.max(tw, l.length());
        out.printf(Locale.ROOT, "forecasts (interval: %s%% level):%n", fmt(level * 100, 1));
        out.printf(Locale.ROOT, "%-" + tw + "s  %-" + width + "s %12s %12s %12s%n", "time", "model", "mean", "lower", "upper");
        for (Backtest.Result r : results) {
            Forecast fc = r.forecasts().get(folds.size() - 1);
            for (int i = 0; i < fc.mean().length; i++) {
                out.printf(Locale.ROOT, "%-" + tw + "s  %-" + width + "s %12s %12s %12s%n", labels[i], r.kind().id(), value(fc.mean()[i]),
                        fc.lower() == null ? "-" : value(fc.lower()[i]), fc.upper() == null ? "-" : value(fc.upper()[i]));
            }
        }
    }

    static String value(double v) {
        if (!Double.isFinite(v)) return Double.toString(v);
        double a = Math.abs(v);
        return a != 0 && (a >= 1e7 || a < 1e-3) ? String.format(Locale.ROOT, "%.5g", v) : String.format(Locale.ROOT, "%.4f", v);
    }

    private static Object clean(Double v) { return v == null || !Double.isFinite(v) ? null : v; }

    void writeCsv(Path file, TimeSeries s, List<TimeSplit> folds, List<Backtest.Result> results) throws IOException {
        StringBuilder sb = new StringBuilder("time,model,actual,mean,lower,upper\n");
        String[] times = s.times();
        double[] y = s.target();
        String[] after = TimeLabels.after(times, results.stream().mapToInt(r -> r.forecasts().get(r.forecasts().size() - 1).mean().length).max().orElse(0));
        for (Backtest.Result r : results) {
            for (int f = 0; f < folds.size(); f++) {
                Forecast fc = r.forecasts().get(f);
                int start = folds.get(f).trainEnd();
                for (int i = 0; i < fc.mean().length; i++) {
                    int t = start + i;
                    sb.append(io.sequoia.timeseries.ForecastTable.cell(t < times.length ? times[t] : after[t - times.length])).append(',').append(r.kind().id()).append(',')
                            .append(t < y.length ? num(y[t]) : "").append(',').append(num(fc.mean()[i])).append(',')
                            .append(fc.lower() == null ? "" : num(fc.lower()[i])).append(',')
                            .append(fc.upper() == null ? "" : num(fc.upper()[i])).append('\n');
                }
            }
        }
        AtomicFiles.writeString(file, sb.toString());
        out.println("wrote " + file);
    }

    private static String num(double v) { return Double.toString(v); }

}
