package io.sequoia.cli.forecast;

import io.sequoia.timeseries.TimeLabels;
import io.sequoia.timeseries.Backtest;
import io.sequoia.timeseries.ForecasterCatalog;
import io.sequoia.timeseries.ForecastTable;
import io.sequoia.timeseries.ModelKind;
import io.sequoia.timeseries.classical.Forecast;
import io.sequoia.timeseries.data.TimeSeries;
import io.sequoia.timeseries.data.TimeSplit;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code sequoia forecast --id-col ID}: every series of a long-format file through the same models
 * and split, series fitted in parallel (classical models on all cores, neural ones one at a time);
 * a series that fails is reported at the end and does not stop the others. Prints, per model, the
 * series fitted and failed and, when there is a test ({@code --holdout}/{@code --backtest}), the
 * mean and median sMAPE, mean MASE and interval coverage across series; {@code --out DIR} writes one
 * table {@code DIR/forecasts.csv}, {@link ForecastTable}'s (the columns and rows of {@code sequoia spark forecast}'s file,
 * failures included). Forecasts beyond the
 * end (no test) are also printed, one row per series, step and model ({@code id time model mean lower upper}),
 * as the single-series mode prints its future values (with or without {@code --out}; not with {@code --json},
 * whose output is the JSON lines only).
 */
final class ManySeries {
    private final Map<String, TimeSeries> series;
    private final ForecasterCatalog catalog;
    private final ModelKind.Selection selection;
    private final Integer holdout, backtest;
    private final int threads;
    private final PrintStream out;
    private final java.io.PrintWriter err;
    private final boolean json;

    ManySeries(Map<String, TimeSeries> series, ForecasterCatalog catalog, ModelKind.Selection selection, Integer holdout, Integer backtest,
               int threads, PrintStream out, java.io.PrintWriter err, boolean json) {
        this.series = series;
        this.catalog = catalog;
        this.selection = selection;
        this.holdout = holdout;
        this.backtest = backtest;
        this.threads = threads;
        this.out = out;
        this.err = err;
        this.json = json;
    }

    /** One series' result for one model: the backtest result or the failure message. */
    record Outcome(String id, Backtest.Result result, List<TimeSplit> folds, RuntimeException error) {
        String failure() { return error == null ? null : ForecastTable.message(error); }
    }

    /** Runs every model on every series; returns 0 when some series were fitted by every model, else 1. */
    int run(Path outDir) throws Exception {
        List<String> ids = new ArrayList<>(series.keySet());
        if (!json) out.printf(Locale.ROOT, "%d series, period %d, horizon %d, %s%n", ids.size(), catalog.period(), catalog.horizon(),
                holdout != null ? "last " + holdout + " points of each held out" : backtest != null ? backtest + " rolling-origin folds" : "forecasts beyond the end");
        if (!json) out.printf(Locale.ROOT, "%-28s %7s %8s %11s %13s %8s %9s %9s%n", "model", "series", "failures", "mean sMAPE", "median sMAPE", "MASE", "coverage", "seconds");
        List<ForecastTable.Row> table = new ArrayList<>();
        List<String[]> future = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        boolean allOk = true;
        for (ModelKind m : selection.kinds()) {
            String label = selection.label(m);
            long t0 = System.nanoTime();
            List<Outcome> outcomes = runModel(m, label, ids);
            double secs = (System.nanoTime() - t0) / 1e9;
            List<Double> smape = new ArrayList<>(), mase = new ArrayList<>(), cov = new ArrayList<>();
            int ok = 0, fallbacks = 0;
            String why = null;
            for (Outcome o : outcomes) {
                if (o.failure() != null) {
                    failures.add(label + " " + o.id() + ": " + o.failure());
                    table.add(ForecastTable.failure(o.id(), label, o.error()));
                    continue;
                }
                ok++;
                if (o.result().conformal() != null && o.result().conformal().isFallback()) { fallbacks++; why = o.result().conformal().fallback(); }
                Map<String, Double> met = o.result().metrics();
                if (met.containsKey("smape")) smape.add(met.get("smape"));
                if (Double.isFinite(met.getOrDefault("mase", Double.NaN))) mase.add(met.get("mase"));
                if (met.containsKey("coverage")) cov.add(met.get("coverage"));
                TimeSeries s = series.get(o.id());
                table.addAll(ForecastTable.rows(o.id(), label, s.times(), s.target(), o.folds(), o.result(), null));
                if (holdout == null && backtest == null) futureRows(future, o.id(), label, o.result());
            }
            allOk &= ok > 0;
            summary(label, ok, outcomes.size() - ok, smape, mase, cov, secs);
            if (fallbacks > 0) {
                err.printf(Locale.ROOT, "warning: %s: %d of %d series keep the model's own intervals, too short for conformal ones (e.g. %s)%n", label, fallbacks, ok, why);
                err.flush();
            }
        }
        if (!json && !future.isEmpty()) printFuture(future);
        if (outDir != null) {
            Files.createDirectories(outDir);
            Path file = outDir.resolve("forecasts.csv");
            ForecastTable.write(file, table);
            if (!json) out.println("wrote " + file);
        }
        if (!failures.isEmpty()) {
            err.println(failures.size() + " fits failed:");
            for (String f : failures) err.println("  " + f);
            err.flush();
        }
        return allOk ? 0 : 1;
    }

    private List<Outcome> runModel(ModelKind m, String label, List<String> ids) throws Exception {
        boolean neural = m.isNeural() || (m == ModelKind.COMB && selection.members().stream().anyMatch(ModelKind::isNeural));
        ExecutorService pool = Executors.newFixedThreadPool(neural ? 1 : threads);
        AtomicInteger done = new AtomicInteger();
        boolean tty = System.console() != null;
        int step = Math.max(1, ids.size() / 10);
        try {
            List<Future<Outcome>> fs = new ArrayList<>();
            for (String id : ids) fs.add(pool.submit(() -> {
                Outcome o = one(m, id);
                int d = done.incrementAndGet();
                if (tty) err.printf(Locale.ROOT, "\r%s: %d/%d series", label, d, ids.size());
                else if (d % step == 0 && ids.size() >= 100) err.printf(Locale.ROOT, "%s: %d/%d series%n", label, d, ids.size());
                return o;
            }));
            List<Outcome> outcomes = new ArrayList<>();
            for (Future<Outcome> f : fs) outcomes.add(f.get());
            if (tty) err.println();
            err.flush();
            return outcomes;
        } finally {
            pool.shutdown();
        }
    }

    private Outcome one(ModelKind m, String id) {
        double[] y = series.get(id).target();
        try {
            Backtest b = holdout != null ? Backtest.holdOut(catalog, y.length)
                    : backtest != null ? Backtest.rollingOrigin(catalog, y.length, backtest) : Backtest.beyondEnd(catalog, y.length);
            return new Outcome(id, b.run(m, y, null, null, null), b.folds(), null);
        } catch (RuntimeException e) {
            return new Outcome(id, null, null, e);
        }
    }

    /** The forecast beyond the end of series {@code id}: rows of id, time label, model, mean, lower, upper. */
    private void futureRows(List<String[]> rows, String id, String label, Backtest.Result r) {
        Forecast fc = r.forecasts().get(r.forecasts().size() - 1);
        String[] times = TimeLabels.after(series.get(id).times(), fc.mean().length);
        for (int i = 0; i < fc.mean().length; i++) {
            rows.add(new String[]{id, times[i], label, ForecastReport.value(fc.mean()[i]),
                    fc.lower() == null ? "-" : ForecastReport.value(fc.lower()[i]), fc.upper() == null ? "-" : ForecastReport.value(fc.upper()[i])});
        }
    }

    private void printFuture(List<String[]> rows) {
        int[] w = {2, 4, 5};
        for (String[] r : rows) for (int k = 0; k < 3; k++) w[k] = Math.max(w[k], r[k].length());
        String f = "%-" + w[0] + "s  %-" + w[1] + "s  %-" + w[2] + "s %12s %12s %12s%n";
        out.printf(Locale.ROOT, "forecasts (interval: %s%% level):%n", fmt(catalog.level() * 100, 1));
        out.printf(Locale.ROOT, f, "id", "time", "model", "mean", "lower", "upper");
        for (String[] r : rows) out.printf(Locale.ROOT, f, (Object[]) r);
    }

    private void summary(String label, int ok, int failed, List<Double> smape, List<Double> mase, List<Double> cov, double secs) {
        double meanS = mean(smape), medS = median(smape), meanM = mean(mase), meanC = mean(cov);
        if (json) {
            out.println(io.sequoia.cli.JsonLine.fields("model", label, "series", ok, "failures", failed, "smape_mean", io.sequoia.cli.JsonLine.rounded(meanS, 4),
                    "smape_median", io.sequoia.cli.JsonLine.rounded(medS, 4), "mase", io.sequoia.cli.JsonLine.rounded(meanM, 4),
                    "coverage", io.sequoia.cli.JsonLine.rounded(meanC, 4), "seconds", io.sequoia.cli.JsonLine.rounded(secs, 2)));
        } else {
            out.printf(Locale.ROOT, "%-28s %7d %8d %11s %13s %8s %9s %9.1f%n", label, ok, failed, fmt(meanS, 2), fmt(medS, 2), fmt(meanM, 3), fmt(meanC, 3), secs);
        }
    }

    private static String fmt(double v, int digits) { return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%." + digits + "f", v); }

    private static double mean(List<Double> v) {
        if (v.isEmpty()) return Double.NaN;
        double s = 0;
        for (double x : v) s += x;
        return s / v.size();
    }

    private static double median(List<Double> v) {
        if (v.isEmpty()) return Double.NaN;
        double[] c = v.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(c);
        int k = c.length;
        return k % 2 == 1 ? c[k / 2] : (c[k / 2 - 1] + c[k / 2]) / 2;
    }
}
